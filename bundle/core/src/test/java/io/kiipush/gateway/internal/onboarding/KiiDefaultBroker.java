package io.kiipush.gateway.internal.onboarding;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * Kii's default MQTT broker for "API via MQTT" onboarding (docs/kii-protocol.md §7), played by an embedded Moquette on a
 * loopback ephemeral port: checks the application credentials at CONNECT and answers each onboarding request with a
 * PUBLISH on the request topic. Tokens it issues are registered in the REST stub so later REST calls accept them.
 */
final class KiiDefaultBroker implements AutoCloseable {

    /** One CONNECT as the broker saw it. */
    static final class Login {
        final String clientId;
        final String username;
        final String password;

        Login(String clientId, String username, String password) {
            this.clientId = clientId;
            this.username = username;
            this.password = password;
        }
    }

    private final Server server = new Server();
    private final int port;
    /** The REST stub that must accept the tokens this broker issues; set per test. */
    volatile KiiStub rest;
    final List<Login> logins = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Turns a request payload into the response payload; {@code null}: no answer. */
    volatile Function<String, String> responder = this::answer;
    volatile boolean includeEndpoint = true;
    volatile String lineEnd = "\r\n";

    KiiDefaultBroker() throws IOException {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        // Moquette's getPort() races its asynchronous bind: pick a free ephemeral port up front instead.
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        p.setProperty("port", String.valueOf(port));
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "false");
        IAuthenticator auth = (clientId, username, password) -> {
            String pw = password == null ? null : new String(password, StandardCharsets.UTF_8);
            logins.add(new Login(clientId, username, pw));
            return KiiModel.acceptsAtDefaultBroker(clientId, username, pw);
        };
        IAuthorizatorPolicy allowAll = new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(Topic topic, String user, String client) {
                return true;
            }

            @Override
            public boolean canRead(Topic topic, String user, String client) {
                return true;
            }
        };
        server.startServer(new MemoryConfig(p), Collections.singletonList(new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "kii-default-broker";
            }

            @Override
            public void onPublish(InterceptPublishMessage msg) {
                try {
                    String text = new String(ByteBufUtil.getBytes(msg.getPayload()), StandardCharsets.UTF_8);
                    if (msg.getTopicName().startsWith("p/anonymous/") && text.startsWith("POST")) {
                        requests.add(text);
                        String response = responder.apply(text);
                        if (response != null) {
                            server.internalPublish(MqttMessageBuilders.publish().topicName(msg.getTopicName())
                                    .retained(false).qos(MqttQoS.AT_MOST_ONCE)
                                    .payload(Unpooled.copiedBuffer(response.getBytes(StandardCharsets.UTF_8))).build(),
                                    "kii-test");
                        }
                    }
                } finally {
                    msg.getPayload().release();
                }
            }

            @Override
            public void onSessionLoopError(Throwable error) {
                // not relevant for the tests
            }
        }), null, auth, allowAll);
    }

    /** Back to Kii's default behaviour, nothing recorded. */
    void reset(KiiStub restStub) {
        rest = restStub;
        logins.clear();
        requests.clear();
        responder = this::answer;
        includeEndpoint = true;
        lineEnd = "\r\n";
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Kii's behaviour: the answer of the REST stub's Kii to the request. */
    String answer(String request) {
        return rest.answerOverMqtt(request, includeEndpoint, lineEnd);
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
