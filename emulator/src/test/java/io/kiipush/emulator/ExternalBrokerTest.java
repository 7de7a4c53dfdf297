package io.kiipush.emulator;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** With an external broker configured, endpoint answers name it (host and ports) and carry issued credentials. */
public class ExternalBrokerTest {

    @Test(timeout = 60_000)
    public void endpointAnswersNameTheExternalBroker() throws Exception {
        try (KiiEmulator emu = KiiEmulator.builder().externalBroker(new ExternalBroker("broker.example", 1999, 8999)).build()
                .start()) {
            KiiApp app = emu.app();
            UserInfo u = app.registerUser("ext-user", "ext-pass");
            InstallationInfo inst = app.installMqtt(Subscriber.user(u.userId()), false);
            MqttEndpointInfo ep = app.mqttEndpoint(inst.installationId());
            assertEquals("tcp://broker.example:1999", ep.tcpUri());
            assertEquals("ssl://broker.example:8999", ep.sslUri());
            assertEquals(null, ep.wsUri());
            assertEquals(inst.mqttTopic(), ep.mqttTopic());
            assertEquals(true, ep.username() != null && !ep.password().isEmpty());
        }
    }
}
