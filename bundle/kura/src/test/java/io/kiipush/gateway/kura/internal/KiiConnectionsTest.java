package io.kiipush.gateway.kura.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.configuration.ComponentConfiguration;
import org.eclipse.kura.configuration.ConfigurationService;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

public class KiiConnectionsTest {

    private static final String PID = "io.kiipush.gateway.KiiConnection-plant1";
    private static final String ONBOARDING = "io.kiipush.gateway.KiiOnboarding-plant1";

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    private final RecordingConfigurations configurations = new RecordingConfigurations();
    private final List<Map<String, Object>> sessions = new ArrayList<>();
    private final List<Map<String, Object>> subscribers = new ArrayList<>();
    private final KiiConnections connections = new KiiConnections(configurations,
            objectClass -> objectClass.equals("io.kiipush.gateway.PushSession") ? sessions
                    : objectClass.equals("org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber") ? subscribers
                            : List.of());

    @Test
    public void theFactoryPidIsTheSessionsFactoryPid() {
        assertEquals("io.kiipush.gateway.PushSession", connections.getFactoryPid());
    }

    @Test
    public void createMakesTheOnboardingThenTheSessionPointingAtItWithASnapshot() throws Exception {
        connections.createConfiguration(PID);
        assertEquals(List.of(
                "create io.kiipush.gateway.Onboarding " + ONBOARDING + " {kura.ui.service.hide=true} false",
                "create io.kiipush.gateway.PushSession " + PID + " {kura.cloud.connection.factory.pid="
                        + "io.kiipush.gateway.kura.KiiCloudConnectionFactory, kura.ui.service.hide=true, "
                        + "onboarding.target=(kura.service.pid=" + ONBOARDING + ")} true"),
                configurations.calls);
    }

    @Test
    public void theDefaultNameHasNoSuffix() throws Exception {
        connections.createConfiguration("io.kiipush.gateway.KiiConnection");
        assertTrue(configurations.calls.get(0),
                configurations.calls.get(0).contains(" io.kiipush.gateway.KiiOnboarding {kura.ui.service.hide=true} "));
        assertEquals(List.of("io.kiipush.gateway.KiiConnection", "io.kiipush.gateway.KiiOnboarding"),
                connections.getStackComponentsPids("io.kiipush.gateway.KiiConnection"));
    }

    @Test
    public void aSessionKuraRefusesTakesItsOnboardingAwayAgain() {
        KuraException refused = new KuraException(KuraErrorCode.CONFIGURATION_ERROR, "exists");
        configurations.failOn = "create io.kiipush.gateway.PushSession";
        configurations.failure = refused;
        try {
            connections.createConfiguration(PID);
            fail("created");
        } catch (KuraException e) {
            assertSame(refused, e);
        }
        assertEquals("delete " + ONBOARDING + " true", configurations.calls.get(2));
    }

    @Test
    public void aNameOutsideThePatternIsRefusedBeforeAnythingIsCreated() {
        for (String bad : new String[] { null, "", "io.kiipush.gateway.KiiConnection-", "org.eclipse.kura.cloud.CloudService",
                "io.kiipush.gateway.KiiConnection-a-b", "io.kiipush.gateway.KiiConnectionX", "io.kiipush.gateway.KiiConnection-ü" }) {
            try {
                connections.createConfiguration(bad);
                fail("accepted " + bad);
            } catch (KuraException e) {
                assertEquals(KuraErrorCode.INVALID_PARAMETER, e.getCode());
                assertTrue(e.getMessage(), e.getMessage().contains("io.kiipush.gateway.KiiConnection-<letters and digits>"));
            }
            try {
                connections.getStackComponentsPids(bad);
                fail("stack of " + bad);
            } catch (KuraException e) {
                assertEquals(KuraErrorCode.INVALID_PARAMETER, e.getCode());
            }
        }
        assertEquals(List.of(), configurations.calls);
    }

    @Test
    public void theStackIsTheSessionTabThenTheOnboardingTab() throws Exception {
        assertEquals(List.of(PID, ONBOARDING), connections.getStackComponentsPids(PID));
    }

    @Test
    public void deleteRemovesTheConnectionsKiiSubscribersTheSessionThenTheOnboarding() throws Exception {
        subscribers.add(Map.of("kura.service.pid", "wires-in", "cloud.endpoint.service.pid", PID,
                "service.factoryPid", "io.kiipush.gateway.kura.KiiSubscriber"));
        subscribers.add(Map.of("kura.service.pid", "other-connection", "cloud.endpoint.service.pid",
                "io.kiipush.gateway.KiiConnection-other", "service.factoryPid", "io.kiipush.gateway.kura.KiiSubscriber"));
        subscribers.add(Map.of("kura.service.pid", "raw-mqtt-sub", "cloud.endpoint.service.pid", PID,
                "service.factoryPid", "org.eclipse.kura.cloudconnection.raw.mqtt.subscriber.RawMqttSubscriber"));
        connections.deleteConfiguration(PID);
        assertEquals(List.of("delete wires-in false", "delete " + PID + " false", "delete " + ONBOARDING + " true"),
                configurations.calls);
    }

    @Test
    public void aFailedDeletionDoesNotStopTheOthersAndIsThrownAtTheEnd() {
        KuraException gone = new KuraException(KuraErrorCode.NOT_FOUND);
        configurations.failOn = "delete " + PID;
        configurations.failure = gone;
        try {
            connections.deleteConfiguration(PID);
            fail("no failure");
        } catch (KuraException e) {
            assertSame(gone, e);
        }
        assertEquals(List.of("delete " + PID + " false", "delete " + ONBOARDING + " true"), configurations.calls);
    }

    @Test
    public void managedConnectionsAreTheSessionsThisFactoryCreated() {
        sessions.add(Map.of("kura.service.pid", PID, "kura.cloud.connection.factory.pid",
                "io.kiipush.gateway.kura.KiiCloudConnectionFactory"));
        sessions.add(Map.of("kura.service.pid", "io.kiipush.gateway.PushSession"));
        sessions.add(Map.of("kura.service.pid", "io.kiipush.gateway.KiiConnection-x", "kura.cloud.connection.factory.pid",
                "someone.else"));
        sessions.add(Map.of("kura.service.pid", List.of("a", "b"), "kura.cloud.connection.factory.pid",
                "io.kiipush.gateway.kura.KiiCloudConnectionFactory"));
        assertEquals(Set.of(PID), connections.getManagedCloudConnectionPids());
    }

    /** A ConfigurationService that records what it is asked and can refuse one call. */
    static final class RecordingConfigurations implements ConfigurationService {
        final List<String> calls = new ArrayList<>();
        String failOn;
        KuraException failure;

        @Override
        public void createFactoryConfiguration(String factoryPid, String pid, Map<String, Object> properties,
                boolean takeSnapshot) throws KuraException {
            record("create " + factoryPid + " " + pid + " " + new java.util.TreeMap<>(properties) + " " + takeSnapshot);
        }

        @Override
        public void deleteFactoryConfiguration(String pid, boolean takeSnapshot) throws KuraException {
            record("delete " + pid + " " + takeSnapshot);
        }

        private void record(String call) throws KuraException {
            calls.add(call);
            if (failOn != null && call.startsWith(failOn + " ")) {
                throw failure;
            }
        }

        @Override
        public ComponentConfiguration getComponentConfiguration(String pid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateConfiguration(String pid, Map<String, Object> properties) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long snapshot() {
            throw new UnsupportedOperationException();
        }
    }
}
