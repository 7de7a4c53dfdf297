package io.kiipush.gateway.internal.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;

/** The kii: commands' words: usage lines for missing or extra words, and what each answer says. */
public class KiiCommandsTest {

    private final Subs subs = new Subs();
    private final Session session = new Session();
    private final KiiCommands commands = new KiiCommands(session, subs, Collections::emptyList);

    @Test
    public void missingOrExtraWordsGetTheUsageLine() {
        assertTrue(commands.subscribe().startsWith("Usage: kii:subscribe bucket|topic"));
        assertTrue("one word without a target", commands.subscribe("bucket").startsWith("Usage: kii:subscribe bucket|topic"));
        assertTrue(commands.subscribe("bucket", "a", "b").startsWith("Usage: kii:subscribe"));
        assertTrue(commands.unsubscribe().startsWith("Usage: kii:unsubscribe bucket|topic"));
        assertTrue(commands.status("now").startsWith("Usage: kii:status [CONNECTION]\nNo Kii connection 'now'"));
        assertTrue(commands.reconnect("x").startsWith("Usage: kii:reconnect [CONNECTION]"));
        assertTrue(commands.subscriptions("x").startsWith("Usage: kii:subscriptions [CONNECTION]"));
        assertEquals("Usage: kii:status [CONNECTION]", commands.status("a", "b"));
        assertTrue("nothing was sent", subs.calls.isEmpty());
        assertEquals(0, session.reconnects);
    }

    @Test
    public void oneAndTwoWordFormsSubscribeTheSame() {
        commands.subscribe("bucket:sensors");
        commands.subscribe("bucket", "sensors");
        assertEquals(Collections.nCopies(2, "+bucket:app/sensors"), subs.calls);
        assertTrue(commands.subscribe("bucket", "group/x").startsWith("Invalid subscription: "));
    }

    @Test
    public void unsubscribingWhatWasNeverSubscribedSaysSoAndSendsNothing() {
        String answer = commands.unsubscribe("topic", "alerts");
        assertTrue(answer, answer.contains("is not subscribed by this gateway: nothing to remove"));
        assertTrue(subs.calls.isEmpty());

        commands.subscribe("topic", "alerts");
        commands.unsubscribe("topic:alerts");
        assertEquals(java.util.Arrays.asList("+topic:app/alerts", "-topic:app/alerts"), subs.calls);
    }

    @Test
    public void withSeveralConnectionsACommandNamesOneAndReachesOnlyItsServices() {
        KiiCommands several = new KiiCommands();
        Session a = new Session("io.kiipush.gateway.KiiConnection-a");
        Session b = new Session("io.kiipush.gateway.KiiConnection-b");
        Subs subsA = new Subs();
        Subs subsB = new Subs();
        several.addSession(a, Map.of("onboarding.target", "(kura.service.pid=io.kiipush.gateway.KiiOnboarding-a)"));
        several.addSession(b, Map.of("onboarding.target", "(kura.service.pid=io.kiipush.gateway.KiiOnboarding-b)"));
        several.addSubscriptions(subsA, Map.of("kura.service.pid", "io.kiipush.gateway.KiiOnboarding-a"));
        several.addSubscriptions(subsB, Map.of("kura.service.pid", "io.kiipush.gateway.KiiOnboarding-b"));

        assertEquals("Several Kii connections: name one (io.kiipush.gateway.KiiConnection-a, "
                + "io.kiipush.gateway.KiiConnection-b)", several.reconnect());
        assertTrue(several.reconnect("b").startsWith("Reconnect requested (io.kiipush.gateway.KiiConnection-b)"));
        assertEquals(0, a.reconnects);
        assertEquals(1, b.reconnects);

        several.subscribe("io.kiipush.gateway.KiiConnection-a", "bucket", "sensors");
        several.subscribe("b", "topic:alerts");
        assertEquals(List.of("+bucket:app/sensors"), subsA.calls);
        assertEquals(List.of("+topic:app/alerts"), subsB.calls);
        assertTrue(several.subscribe("bucket", "sensors").startsWith("Several Kii connections"));

        several.disconnect("a");
        assertEquals(SessionState.STOPPED, a.status.getState());
        String list = several.connections();
        assertTrue(list, list.startsWith("io.kiipush.gateway.KiiConnection-a  STOPPED"));
        assertTrue(list, list.contains("io.kiipush.gateway.KiiConnection-b  CONNECTED"));
        String status = several.status();
        assertTrue(status, status.contains("Connection    io.kiipush.gateway.KiiConnection-a\n"));
        assertTrue(status, status.contains("Connection    io.kiipush.gateway.KiiConnection-b\n"));
        assertTrue(several.status("x").contains("No Kii connection 'x'"));

        several.removeSession(b);
        assertTrue("the only one left needs no name", several.reconnect().startsWith("Reconnect requested (io.kiipush.gateway.KiiConnection-a)"));
    }

    @Test
    public void aLastErrorThatNoLongerDescribesTheSessionIsMarkedResolved() {
        session.status = SessionStatus.builder(SessionState.CONNECTED).lastError(ErrorKind.TRANSIENT, "connection reset", 1000)
                .lastErrorCurrent(false).build();
        assertTrue(commands.status(), commands.status().contains("connection reset (resolved)"));
        session.status = session.status.toBuilder().state(SessionState.BACKING_OFF).lastErrorCurrent(true).build();
        assertTrue(commands.status(), commands.status().contains("connection reset\n"));
    }

    private static final class Session implements PushSession {
        SessionStatus status = SessionStatus.builder(SessionState.CONNECTED).build();
        int reconnects;
        final String connection;

        Session() {
            this("io.kiipush.gateway.PushSession");
        }

        Session(String connection) {
            this.connection = connection;
        }

        @Override
        public SessionStatus getStatus() {
            return status;
        }

        @Override
        public void reconnect() {
            reconnects++;
        }

        @Override
        public String getConnection() {
            return connection;
        }

        @Override
        public void connect() {
            reconnects++;
        }

        @Override
        public void disconnect() {
            status = status.toBuilder().state(SessionState.STOPPED).build();
        }
    }

    private static final class Subs implements KiiSubscriptions {
        final List<String> calls = new ArrayList<>();
        final List<SubscriptionStatus> list = new ArrayList<>();

        @Override
        public List<SubscriptionStatus> list() {
            return new ArrayList<>(list);
        }

        @Override
        public SubscriptionStatus subscribe(Subscription s) {
            calls.add("+" + s);
            SubscriptionStatus st = new SubscriptionStatus(s, SubscriptionStatus.State.SUBSCRIBED, SubscriptionStatus.Origin.RUNTIME,
                    null, null, 1);
            list.add(st);
            return st;
        }

        @Override
        public SubscriptionStatus unsubscribe(Subscription s) {
            calls.add("-" + s);
            list.removeIf(st -> st.getSubscription().equals(s));
            return new SubscriptionStatus(s, SubscriptionStatus.State.UNSUBSCRIBED, SubscriptionStatus.Origin.RUNTIME, null, null, 1);
        }
    }
}
