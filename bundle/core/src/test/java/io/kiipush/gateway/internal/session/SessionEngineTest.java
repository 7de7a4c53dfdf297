package io.kiipush.gateway.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.Before;
import org.junit.Test;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.session.FakeConnector.FakeLink;

public class SessionEngineTest {

    private static final int KEEP_ALIVE_SEC = 10;
    private static final int CONNECT_TIMEOUT_SEC = 5;
    private static final long INITIAL_MS = 1000;
    private static final long MAX_MS = 16_000;
    private static final int RESET_AFTER_SEC = 30;

    private ManualScheduler scheduler;
    private FakeEndpointSource source;
    private FakeConnector connector;
    private SessionEngine engine;
    private final List<SessionState> transitions = new ArrayList<>();

    @Before
    public void setUp() {
        scheduler = new ManualScheduler();
        source = new FakeEndpointSource();
        connector = new FakeConnector(scheduler);
        engine = new SessionEngine(scheduler, source, connector, scheduler, new Random(42),
                (status, previous) -> transitions.add(status.getState()));
    }

    // ------------------------------------------------------------------ scenarios

    @Test(timeout = 10_000)
    public void startsAfterARandomDelayThenOnboardsConnectsAndSubscribes() {
        engine.start(settings(3000));
        scheduler.runDue();
        assertEquals(SessionState.BACKING_OFF, state());
        long delay = status().getNextAttemptAt() - scheduler.currentTimeMillis();
        assertTrue("random first delay within [0, 3000]: " + delay, delay >= 0 && delay <= 3000);
        assertTrue(source.requests.isEmpty());

        scheduler.advance(3000);
        assertEquals(SessionState.ONBOARDING, state());
        assertEquals("acquire", source.last().kind);

        ConnectTarget target = FakeEndpointSource.target("topicA");
        source.last().future.complete(target);
        scheduler.runDue();
        assertEquals(SessionState.CONNECTING, state());
        FakeLink link = connector.last();
        assertSame(target, link.target);

        link.listener.connected(link);
        scheduler.runDue();
        assertEquals("subscribes only after CONNACK, from the session thread", 1, link.subscribeCalls);
        link.listener.subscribed(link, 0);
        scheduler.runDue();

        assertEquals(SessionState.CONNECTED, state());
        assertEquals("ssl://broker.example:8883", status().getBroker());
        assertEquals("topicA", status().getClientId());
        assertTrue(status().getConnectedSince() > 0);
        assertEquals(listOf(SessionState.BACKING_OFF, SessionState.ONBOARDING, SessionState.CONNECTING, SessionState.CONNECTED),
                transitions);
    }

    @Test(timeout = 10_000)
    public void refusedCredentialsRefreshTheEndpointOfTheSameInstallation() {
        FakeLink link = connectImmediately("topicA");
        ConnectTarget first = link.target;
        link.listener.lost(link, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        advanceToNextAttempt();
        FakeLink second = connector.last();
        assertEquals("a network loss reuses the cached endpoint without onboarding", 1, source.requests.size());
        second.listener.connectFailed(second, new MqttSecurityException(MqttException.REASON_CODE_NOT_AUTHORIZED));
        scheduler.runDue();

        assertEquals(SessionState.BACKING_OFF, state());
        assertEquals(ErrorKind.AUTHENTICATION, status().getLastErrorKind());
        assertTrue(status().getLastError(), status().getLastError().contains("CONNACK 5"));
        advanceToNextAttempt();
        assertEquals(SessionState.ONBOARDING, state());
        assertEquals("refresh", source.last().kind);
        assertSame(first, source.last().stale);
        assertEquals(RefreshReason.CREDENTIALS_REFUSED, source.last().reason);

        source.last().future.complete(FakeEndpointSource.target("topicA", "new-password", Long.MAX_VALUE, 0));
        scheduler.runDue();
        connector.last().connectAndSubscribe();
        assertEquals(SessionState.CONNECTED, state());
        assertEquals("new-password", connector.last().target.getEndpoint().getPassword());
    }

    @Test(timeout = 10_000)
    public void badUserNameOrPasswordAlsoRefreshes() {
        FakeLink link = connectImmediately("topicA");
        link.listener.lost(link, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        advanceToNextAttempt();
        FakeLink second = connector.last();
        second.listener.connectFailed(second, new MqttSecurityException(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        advanceToNextAttempt();
        assertEquals("refresh", source.last().kind);
        assertTrue(status().getLastError().contains("CONNACK 4"));
    }

    @Test(timeout = 10_000)
    public void networkFailuresBackOffExponentiallyWithJitterUpToTheCap() {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.complete(FakeEndpointSource.target("topicA"));
        scheduler.runDue();
        for (int attempt = 1; attempt <= 8; attempt++) {
            FakeLink link = connector.last();
            link.listener.connectFailed(link, new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                    new ConnectException("Connection refused")));
            scheduler.runDue();
            assertEquals(SessionState.BACKING_OFF, state());
            assertEquals(attempt, status().getAttempt());
            long ceiling = Math.min(MAX_MS, INITIAL_MS << (attempt - 1));
            long delay = status().getNextAttemptAt() - scheduler.currentTimeMillis();
            assertTrue("attempt " + attempt + " delay " + delay + " not in [" + ceiling / 2 + ", " + ceiling + "]",
                    delay >= ceiling / 2 && delay <= ceiling);
            assertEquals(ErrorKind.TRANSIENT, status().getLastErrorKind());
            assertTrue(status().getLastError(), status().getLastError().contains(
                    "cannot connect to broker ssl://broker.example:8883 (Connection refused)"));
            scheduler.advance(delay);
            assertEquals("retries the cached endpoint directly", SessionState.CONNECTING, state());
        }
        assertEquals("never onboarded again for network errors", 1, source.requests.size());
    }

    @Test(timeout = 10_000)
    public void backoffStartsOverOnlyAfterTheLinkStayedUp() {
        FakeLink link = connectImmediately("topicA");
        link.listener.lost(link, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        scheduler.runDue();
        assertEquals(1, status().getAttempt());
        advanceToNextAttempt();
        connector.last().connectAndSubscribe();
        // Dropped again before the link proved stable: the backoff keeps growing.
        FakeLink flapping = connector.last();
        keepTalking(flapping, RESET_AFTER_SEC * 1000L - 1000);
        flapping.listener.lost(flapping, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        scheduler.runDue();
        assertEquals(2, status().getAttempt());

        advanceToNextAttempt();
        FakeLink stable = connector.last();
        stable.connectAndSubscribe();
        keepTalking(stable, RESET_AFTER_SEC * 1000L - 1);
        assertEquals(2, status().getAttempt());
        keepTalking(stable, 1);
        assertEquals(0, status().getAttempt());
        stable.listener.lost(stable, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        scheduler.runDue();
        assertEquals(1, status().getAttempt());
        long delay = status().getNextAttemptAt() - scheduler.currentTimeMillis();
        assertTrue(delay <= INITIAL_MS);
    }

    @Test(timeout = 10_000)
    public void theLastErrorStaysInTheStatusButIsCurrentOnlyUntilTheSessionConnectsAgain() {
        List<SessionStatus> seen = new ArrayList<>();
        engine = new SessionEngine(scheduler, source, connector, scheduler, new Random(42),
                (status, previous) -> seen.add(status));
        FakeLink link = connectImmediately("topicA");
        assertFalse(status().isLastErrorCurrent());
        link.listener.lost(link, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        scheduler.runDue();
        assertEquals(SessionState.BACKING_OFF, state());
        assertTrue("current while backing off", status().isLastErrorCurrent());
        long failedAt = status().getLastErrorAt();

        advanceToNextAttempt();
        assertTrue("still current while connecting again", status().isLastErrorCurrent());
        connector.last().connectAndSubscribe();

        SessionStatus connected = seen.get(seen.size() - 1);
        assertEquals(SessionState.CONNECTED, connected.getState());
        assertFalse("the CONNECTED transition does not repeat the error", connected.isLastErrorCurrent());
        assertNotNull("the status keeps it", connected.getLastError());
        assertEquals(failedAt, connected.getLastErrorAt());
        assertTrue(connected.toString(), connected.toString().endsWith("(resolved)"));
    }

    @Test(timeout = 10_000)
    public void aConfigurationChangeOrAStopEndsTheCurrentError() {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.completeExceptionally(new OnboardingException(ErrorKind.CONFIGURATION, "app.id is empty"));
        scheduler.runDue();
        assertEquals(SessionState.FAILED, state());
        assertTrue(status().isLastErrorCurrent());

        source.invalidationListeners.forEach(Runnable::run);
        scheduler.runDue();
        assertEquals(SessionState.ONBOARDING, state());
        assertFalse("the configuration changed: the old error no longer describes the session",
                status().isLastErrorCurrent());

        source.last().future.completeExceptionally(new OnboardingException(ErrorKind.TRANSIENT, "HTTP 503"));
        scheduler.runDue();
        assertTrue(status().isLastErrorCurrent());
        engine.stop();
        scheduler.runDue();
        assertEquals(SessionState.STOPPED, state());
        assertFalse(status().isLastErrorCurrent());
        assertEquals("onboarding: HTTP 503", status().getLastError());
    }

    @Test(timeout = 10_000)
    public void aConnectWatchdogEndsAnAttemptWithoutConnack() {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.complete(FakeEndpointSource.target("topicA"));
        scheduler.runDue();
        FakeLink silent = connector.last();
        scheduler.advance(CONNECT_TIMEOUT_SEC * 1000L - 1);
        assertEquals(SessionState.CONNECTING, state());
        scheduler.advance(1);
        assertTrue(silent.closed);
        assertEquals(SessionState.BACKING_OFF, state());
        assertTrue(status().getLastError(), status().getLastError().contains("no CONNACK/SUBACK"));
        // A late CONNACK of the abandoned attempt changes nothing.
        silent.listener.connected(silent);
        scheduler.runDue();
        assertEquals(0, silent.subscribeCalls);
        assertEquals(SessionState.BACKING_OFF, state());
    }

    @Test(timeout = 10_000)
    public void aSilentLinkIsDeclaredDeadAtOneAndAHalfKeepAlives() {
        FakeLink link = connectImmediately("topicA");
        long deadline = KEEP_ALIVE_SEC * 1500L;
        scheduler.advance(deadline - 1);
        assertEquals(SessionState.CONNECTED, state());
        scheduler.advance(1);
        assertTrue(link.closed);
        assertEquals(SessionState.BACKING_OFF, state());
        assertTrue(status().getLastError(), status().getLastError().contains("connection considered dead"));
    }

    @Test(timeout = 10_000)
    public void inboundTrafficKeepsTheLinkAlive() {
        FakeLink link = connectImmediately("topicA");
        keepTalking(link, KEEP_ALIVE_SEC * 10_000L);
        assertEquals(SessionState.CONNECTED, state());
        assertFalse(link.closed);
        scheduler.advance(KEEP_ALIVE_SEC * 1500L);
        assertEquals(SessionState.BACKING_OFF, state());
    }

    @Test(timeout = 10_000)
    public void aConfigurationErrorFailsUntilTheConfigurationChanges() {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.completeExceptionally(new OnboardingException(ErrorKind.CONFIGURATION, "app.id is empty"));
        scheduler.runDue();
        assertEquals(SessionState.FAILED, state());
        assertEquals(ErrorKind.CONFIGURATION, status().getLastErrorKind());
        assertTrue(status().getLastError().contains("app.id is empty"));
        scheduler.advance(3_600_000);
        assertEquals("no retry while FAILED", 1, source.requests.size());

        source.invalidationListeners.forEach(Runnable::run);
        scheduler.runDue();
        assertEquals(SessionState.ONBOARDING, state());
        assertEquals(2, source.requests.size());
    }

    @Test(timeout = 10_000)
    public void refusedIdentityCredentialsFailButAManualReconnectRetries() {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.completeExceptionally(new OnboardingException(ErrorKind.AUTHENTICATION, "Kii refused the thing credentials"));
        scheduler.runDue();
        assertEquals(SessionState.FAILED, state());
        engine.reconnect();
        scheduler.runDue();
        assertEquals(SessionState.ONBOARDING, state());
    }

    @Test(timeout = 10_000)
    public void transientOnboardingFailuresBackOff() {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.completeExceptionally(new OnboardingException(ErrorKind.TRANSIENT, "HTTP 503"));
        scheduler.runDue();
        assertEquals(SessionState.BACKING_OFF, state());
        scheduler.advance(INITIAL_MS);
        assertEquals(SessionState.ONBOARDING, state());
        assertEquals(2, source.requests.size());
    }

    @Test(timeout = 10_000)
    public void invalidSessionSettingsFailWithEveryProblemNamed() {
        engine.start(new SessionSettings(true, 1, 0, INITIAL_MS, MAX_MS, RESET_AFTER_SEC, 0, 10, 1 << 20, 1 << 16));
        scheduler.runDue();
        assertEquals(SessionState.FAILED, state());
        assertTrue(status().getLastError(), status().getLastError().contains("keepAliveSec is 1"));
        assertTrue(status().getLastError(), status().getLastError().contains("connectTimeoutSec is 0"));
        assertTrue(source.requests.isEmpty());

        engine.update(settings(0));
        scheduler.runDue();
        assertEquals(SessionState.ONBOARDING, state());
    }

    @Test(timeout = 10_000)
    public void modifiedReconnectsOnlyForConnectionRelevantSettings() {
        FakeLink link = connectImmediately("topicA");
        engine.update(new SessionSettings(true, KEEP_ALIVE_SEC, CONNECT_TIMEOUT_SEC, 500, 8000, 60, 0, 99, 1 << 20, 1 << 16));
        scheduler.runDue();
        assertFalse("backoff and queue changes keep the connection", link.closed);
        assertEquals(SessionState.CONNECTED, state());

        engine.update(new SessionSettings(true, 20, CONNECT_TIMEOUT_SEC, 500, 8000, 60, 0, 99, 1 << 20, 1 << 16));
        scheduler.runDue();
        assertTrue("a keep-alive change reconnects", link.closed);
        assertEquals(2, connector.links.size());
        assertEquals(20, connector.last().settings.getKeepAliveSec());
        assertEquals("the cached endpoint is reused", 1, source.requests.size());
    }

    @Test(timeout = 10_000)
    public void disablingStopsAndEnablingStartsAgain() {
        FakeLink link = connectImmediately("topicA");
        engine.update(new SessionSettings(false, KEEP_ALIVE_SEC, CONNECT_TIMEOUT_SEC, INITIAL_MS, MAX_MS, RESET_AFTER_SEC, 0, 10, 1 << 20,
                1 << 16));
        scheduler.runDue();
        assertTrue(link.closed);
        assertEquals(SessionState.STOPPED, state());
        engine.update(settings(0));
        scheduler.runDue();
        assertEquals(SessionState.CONNECTING, state());
    }

    @Test(timeout = 10_000)
    public void anOnboardingConfigurationChangeReconnectsWithAFreshEndpoint() {
        FakeLink link = connectImmediately("topicA");
        source.invalidationListeners.forEach(Runnable::run);
        scheduler.runDue();
        assertTrue(link.closed);
        assertEquals(SessionState.ONBOARDING, state());
        assertEquals("acquire", source.last().kind);
    }

    @Test(timeout = 10_000)
    public void aRefusedSubscribeRefreshesTheEndpoint() {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.complete(FakeEndpointSource.target("topicA"));
        scheduler.runDue();
        FakeLink link = connector.last();
        link.listener.connected(link);
        scheduler.runDue();
        link.listener.subscribed(link, 0x80);
        scheduler.runDue();
        assertTrue(link.closed);
        assertEquals(ErrorKind.AUTHENTICATION, status().getLastErrorKind());
        advanceToNextAttempt();
        assertEquals(RefreshReason.SUBSCRIBE_REFUSED, source.last().reason);
    }

    @Test(timeout = 10_000)
    public void aStaleCallbackFromAReplacedLinkIsIgnored() {
        FakeLink first = connectImmediately("topicA");
        first.listener.lost(first, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        advanceToNextAttempt();
        FakeLink second = connector.last();
        first.listener.lost(first, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        first.listener.connected(first);
        scheduler.runDue();
        assertEquals(SessionState.CONNECTING, state());
        assertFalse(second.closed);
        second.connectAndSubscribe();
        assertEquals(SessionState.CONNECTED, state());
        assertEquals(1, status().getReconnects());
    }

    @Test(timeout = 10_000)
    public void whenTheTtlRunsOutAnUnchangedEndpointKeepsTheConnection() {
        long now = scheduler.currentTimeMillis();
        FakeLink link = connectImmediately(FakeEndpointSource.target("topicA", "pw", 60, now));
        keepTalking(link, 59_999);
        assertEquals(1, source.requests.size());
        keepTalking(link, 1);
        assertEquals("refresh", source.last().kind);
        assertEquals(RefreshReason.TTL_EXPIRED, source.last().reason);
        source.last().future.complete(FakeEndpointSource.target("topicA", "pw", 60, scheduler.currentTimeMillis()));
        scheduler.runDue();
        assertFalse(link.closed);
        assertEquals(SessionState.CONNECTED, state());
    }

    @Test(timeout = 10_000)
    public void whenTheTtlRunsOutANewEndpointReconnects() {
        long now = scheduler.currentTimeMillis();
        FakeLink link = connectImmediately(FakeEndpointSource.target("topicA", "pw", 5, now));
        scheduler.advance(5000);
        source.last().future.complete(FakeEndpointSource.target("topicB", "pw2", 3600, scheduler.currentTimeMillis()));
        scheduler.runDue();
        assertTrue(link.closed);
        assertEquals(SessionState.CONNECTING, state());
        assertEquals("topicB", connector.last().target.getEndpoint().getMqttTopic());
    }

    @Test(timeout = 10_000)
    public void stopClosesTheLinkAndCancelsEveryTimer() throws Exception {
        FakeLink link = connectImmediately("topicA");
        java.util.concurrent.Future<?> stopped = engine.stop();
        scheduler.runDue();
        assertTrue(stopped.isDone());
        assertTrue(link.closed);
        assertEquals(SessionState.STOPPED, state());
        assertTrue("no timer left: " + scheduler.pendingDelaysMs(), scheduler.pendingDelaysMs().isEmpty());
        assertTrue(source.invalidationListeners.isEmpty());
        link.listener.lost(link, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        scheduler.runDue();
        assertEquals(SessionState.STOPPED, state());
    }

    @Test(timeout = 10_000)
    public void aLateOnboardingAnswerAfterStopIsIgnored() {
        engine.start(settings(0));
        scheduler.runDue();
        FakeEndpointSource.Request pending = source.last();
        engine.stop();
        scheduler.runDue();
        pending.future.complete(FakeEndpointSource.target("topicA"));
        scheduler.runDue();
        assertEquals(SessionState.STOPPED, state());
        assertTrue(connector.links.isEmpty());
    }

    @Test(timeout = 10_000)
    public void aLinkThatCannotBeOpenedBacksOff() {
        connector.openFailure = new IllegalArgumentException("bad URI");
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.complete(FakeEndpointSource.target("topicA"));
        scheduler.runDue();
        assertEquals(SessionState.BACKING_OFF, state());
        assertNotNull(status().getLastError());
    }

    @Test(timeout = 10_000)
    public void statusNeverShowsCredentials() {
        connectImmediately(FakeEndpointSource.target("topicA", "very-secret-password", Long.MAX_VALUE, 0));
        String text = status().toString() + connector.last().target;
        assertFalse(text.contains("very-secret-password"));
        assertFalse(text.contains("app-user"));
        assertNull(status().getLastError());
    }

    // ------------------------------------------------------------------ helpers

    private void advanceToNextAttempt() {
        scheduler.runDue();
        assertEquals(SessionState.BACKING_OFF, state());
        scheduler.advance(status().getNextAttemptAt() - scheduler.currentTimeMillis());
    }

    // Advances time while the broker keeps sending (a PINGRESP or PUBLISH every second).
    private void keepTalking(FakeLink link, long ms) {
        for (long left = ms; left > 0; left -= 1000) {
            scheduler.advance(Math.min(1000, left));
            link.lastInbound = scheduler.nanoTime();
        }
    }

    private FakeLink connectImmediately(String topic) {
        return connectImmediately(FakeEndpointSource.target(topic));
    }

    private FakeLink connectImmediately(ConnectTarget target) {
        engine.start(settings(0));
        scheduler.runDue();
        source.last().future.complete(target);
        scheduler.runDue();
        FakeLink link = connector.last();
        link.connectAndSubscribe();
        assertEquals(SessionState.CONNECTED, state());
        return link;
    }

    private static SessionSettings settings(long startDelayMaxMs) {
        return new SessionSettings(true, KEEP_ALIVE_SEC, CONNECT_TIMEOUT_SEC, INITIAL_MS, MAX_MS, RESET_AFTER_SEC, startDelayMaxMs,
                10, 1 << 20, 1 << 16);
    }

    private SessionStatus status() {
        return engine.status();
    }

    private SessionState state() {
        return engine.status().getState();
    }

    @SafeVarargs
    private static <T> List<T> listOf(T... items) {
        return java.util.Arrays.asList(items);
    }
}
