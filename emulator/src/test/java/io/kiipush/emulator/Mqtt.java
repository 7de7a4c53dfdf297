package io.kiipush.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A plain Paho 1.2.5 client that records what arrives. */
final class Mqtt implements AutoCloseable {

    /** A received message. */
    record Received(String topic, String payload, int qos, boolean retained) {
    }

    final MqttClient client;
    /** Synchronized list (a copy-on-write list would make a fast stream quadratic and throttle Paho). */
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<Throwable> lost = new AtomicReference<>();

    private Mqtt(String uri, String clientId) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.set(cause == null ? new IllegalStateException("lost") : cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, new String(message.getPayload()), message.getQos(),
                        message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    static MqttConnectOptions options(String username, String password, int keepAliveSec, SocketFactory factory) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setUserName(username);
        o.setPassword(password.toCharArray());
        o.setKeepAliveInterval(keepAliveSec);
        o.setConnectionTimeout(5);
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (factory != null) {
            o.setSocketFactory(factory);
        }
        return o;
    }

    /** Connects (no subscribe) with explicit options; throws on refusal. */
    static Mqtt connect(String uri, String clientId, MqttConnectOptions options) throws MqttException {
        Mqtt m = new Mqtt(uri, clientId);
        try {
            m.client.connect(options);
        } catch (MqttException e) {
            m.closeQuietly();
            throw e;
        }
        return m;
    }

    /** Connects with the endpoint over TCP (client ID = mqttTopic) and subscribes to the topic at QoS 0. */
    static Mqtt subscribe(MqttEndpointInfo e) throws MqttException {
        Mqtt m = connect(e.tcpUri(), e.mqttTopic(), options(e.username(), e.password(), 30, null));
        return m.subscribeOwn(e);
    }

    private Mqtt subscribeOwn(MqttEndpointInfo e) throws MqttException {
        try {
            client.subscribe(e.mqttTopic(), 0);
            return this;
        } catch (MqttException ex) {
            closeQuietly();
            throw new MqttException(ex.getReasonCode(), new IllegalStateException("SUBSCRIBE after CONNACK failed", ex));
        }
    }

    /** Same over TLS, trusting the emulator's CA. */
    static Mqtt subscribeTls(MqttEndpointInfo e, SocketFactory factory) throws MqttException {
        Mqtt m = connect(e.sslUri(), e.mqttTopic(), options(e.username(), e.password(), 30, factory));
        return m.subscribeOwn(e);
    }

    List<String> payloads() {
        synchronized (received) {
            return received.stream().map(Received::payload).toList();
        }
    }

    void closeQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(200, 200);
            }
        } catch (MqttException e) {
            // already gone
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
