package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.itests.support.EmulatorSetting;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;

/**
 * Scenario 4: REST over HTTPS and MQTT over TLS (and WebSocket over TLS) with the emulator's CA and host name
 * verification on; a CA that did not sign the server certificate fails fast with a clear status, never a hang.
 */
public class TlsIT extends GatewayItest {

    private Events events;
    private static int things;

    @Override
    protected Option options() {
        return ItestSupport.gatewayOptions(TlsIT.class, EmulatorSetting.HTTPS, EmulatorSetting.WSS);
    }

    @Before
    public void setUp() {
        events = listen(PushEvents.TOPIC_PUSH_ALL);
    }

    @Test(timeout = 60_000)
    public void httpsAndMqttOverTlsWithTheEmulatorsCaAndHostNameVerification() {
        assertTrue(kii.baseUrl(), kii.baseUrl().startsWith("https://localhost:"));
        SessionStatus status = connect("TLS", kii.caFile());
        assertTrue(status.getBroker(), status.getBroker().startsWith("ssl://localhost:"));
        pushArrives();
    }

    @Test(timeout = 60_000)
    public void webSocketOverTls() {
        SessionStatus status = connect("WSS", kii.caFile());
        assertTrue(status.getBroker(), status.getBroker().startsWith("wss://localhost:"));
        pushArrives();
    }

    @Test(timeout = 60_000)
    public void aCaThatDidNotSignTheServerCertificateFailsFastWithAClearStatus() {
        gateway.configure(onboarding("TLS", kii.otherCaFile()), Gateway.fastSession());
        SessionStatus[] last = new SessionStatus[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            last[0] = gateway.statusOrNull();
            return last[0] != null && last[0].getLastError() != null;
        });
        SessionStatus status = last[0];
        assertNotEquals(SessionState.CONNECTED, status.getState());
        assertEquals(status.toString(), ErrorKind.CONFIGURATION, status.getLastErrorKind());
        assertTrue(status.getLastError(), status.getLastError().contains("not trusted"));
        assertTrue(status.getLastError(), status.getLastError().contains("tls.caFile"));
        assertTrue("nothing connected with an untrusted server", kii.connectedClients().isEmpty());
    }

    private SessionStatus connect(String transport, String caFile) {
        gateway.configure(onboarding(transport, caFile), Gateway.fastSession());
        return gateway.awaitConnected();
    }

    private Map<String, Object> onboarding(String transport, String caFile) {
        Map<String, Object> o = Gateway.thing(kii, "it-tls-" + (++things), "tls-pass");
        o.put("mqtt.transport", transport);
        o.put("tls.caFile", caFile);
        o.put("tls.verifyHostname", true);
        o.put("subscriptions.buckets", new String[] { "tls-bucket" });
        return o;
    }

    private void pushArrives() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .allMatch(s -> s.getState() == io.kiipush.gateway.SubscriptionStatus.State.SUBSCRIBED));
        String id = kii.createObject("tls-bucket", Collections.singletonMap("secure", true));
        assertEquals(id, events.await(1, PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "DATA_OBJECT_CREATED").get(0)
                .getProperty(PushEvents.PROP_OBJECT_ID));
    }
}
