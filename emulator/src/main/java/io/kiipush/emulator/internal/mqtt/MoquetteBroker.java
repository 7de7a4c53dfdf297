package io.kiipush.emulator.internal.mqtt;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.moquette.broker.ClientDescriptor;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;

import io.kiipush.emulator.internal.service.MqttAccess;

/** Embedded Moquette 0.17: in-memory, telemetry off, authentication and topic rules from the Kii state. */
final class MoquetteBroker {

    private static final Logger logger = LoggerFactory.getLogger(MoquetteBroker.class);
    private static final String DISABLED = "disabled";
    /** Client ID Moquette sees for emulator-originated publishes. */
    static final String CLOUD_CLIENT_ID = "kii-cloud";

    /** Listener ports ({@code <0} disabled) and the bind host. */
    record Ports(String host, int tcp, int ssl, int ws, int wss) {
    }

    private final MqttAccess access;
    private final Consumer<InterceptPublishMessage> onPublish;
    private final ConnectSignals connectSignals;
    private final SSLContext tls;
    private volatile Server server;

    MoquetteBroker(MqttAccess access, Consumer<InterceptPublishMessage> onPublish, SSLContext tls,
            ConnectSignals connectSignals) {
        this.access = access;
        this.onPublish = onPublish;
        this.connectSignals = connectSignals;
        this.tls = tls;
    }

    synchronized void start(Ports ports) throws IOException {
        Properties p = new Properties();
        p.setProperty("host", ports.host());
        p.setProperty("port", ports.tcp() < 0 ? DISABLED : Integer.toString(ports.tcp()));
        p.setProperty("websocket_port", ports.ws() < 0 ? DISABLED : Integer.toString(ports.ws()));
        p.setProperty("websocket_path", "/mqtt");
        if (ports.ssl() >= 0) {
            p.setProperty("ssl_port", Integer.toString(ports.ssl()));
        }
        if (ports.wss() >= 0) {
            p.setProperty("secure_websocket_port", Integer.toString(ports.wss()));
        }
        p.setProperty("allow_anonymous", "false");
        p.setProperty("allow_zero_byte_client_id", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(64 * 1024));
        // room for bursts: QoS 0 publishes beyond this queue are dropped by Moquette
        p.setProperty("session_queue_size", Integer.toString(16 * 1024));
        p.setProperty("reauthorize_subscriptions_on_connect", "false");
        IAuthenticator authenticator = (clientId, username, password) ->
                access.check(clientId, username, password).accepted();
        IAuthorizatorPolicy authorizator = new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(io.moquette.broker.subscriptions.Topic topic, String user, String client) {
                return access.canPublish(topic.toString(), user, client);
            }

            @Override
            public boolean canRead(io.moquette.broker.subscriptions.Topic topic, String user, String client) {
                return access.canSubscribe(topic.toString(), user, client);
            }
        };
        Server s = new Server();
        s.startServer(new MemoryConfig(p), List.of(new Interceptor()),
                () -> new JdkSslContext(tls, false, ClientAuth.NONE), authenticator, authorizator);
        server = s;
    }

    boolean isRunning() {
        return server != null;
    }

    int tcpPort() {
        return server.getPort();
    }

    int sslPort() {
        return server.getSslPort();
    }

    synchronized void stop() {
        Server s = server;
        server = null;
        if (s == null) {
            return;
        }
        shortenNettyQuietPeriod(s);
        s.stopServer();
        awaitScheduler(s);
        awaitNettyGlobalExecutor();
    }

    /**
     * Netty notifies event-loop termination on its JVM-wide "globalEventExecutor" thread, which exits after about a
     * second of idleness; waiting for it makes stop() leave no thread behind (at the cost of that second).
     */
    private static void awaitNettyGlobalExecutor() {
        try {
            io.netty.util.concurrent.GlobalEventExecutor.INSTANCE.awaitInactivity(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            logger.trace("Netty's global executor is idle", e);
        }
    }

    /** stopServer() only calls shutdownNow() on its scheduler; wait so callers checking for thread leaks see none. */
    private static void awaitScheduler(Server s) {
        try {
            Field f = Server.class.getDeclaredField("scheduler");
            f.setAccessible(true);
            Object scheduler = f.get(s);
            if (scheduler instanceof java.util.concurrent.ExecutorService es) {
                es.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            logger.debug("cannot await Moquette's scheduler", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Netty's default 2 s quiet period would make every stop slow; nobody is left to talk to. */
    private static void shortenNettyQuietPeriod(Server s) {
        try {
            Field af = Server.class.getDeclaredField("acceptor");
            af.setAccessible(true);
            Object acceptor = af.get(s);
            for (String name : new String[] {"workerGroup", "bossGroup"}) {
                Field gf = acceptor.getClass().getDeclaredField(name);
                gf.setAccessible(true);
                EventLoopGroup g = (EventLoopGroup) gf.get(acceptor);
                g.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            logger.debug("cannot shorten Netty shutdown; stopping the slow way", e);
        }
    }

    /** QoS 0, retain 0 publish from the "cloud"; dropped silently while the broker is down. */
    void publish(String topic, byte[] payload) {
        Server s = server;
        if (s == null) {
            return;
        }
        MqttPublishMessage msg = MqttMessageBuilders.publish().topicName(topic).retained(false)
                .qos(MqttQoS.AT_MOST_ONCE).payload(Unpooled.wrappedBuffer(payload)).build();
        try {
            s.internalPublish(msg, CLOUD_CLIENT_ID);
        } catch (IllegalStateException e) {
            logger.debug("broker stopped; publish to {} dropped", topic);
        }
    }

    void disconnect(String clientId) {
        Server s = server;
        if (s == null || clientId == null) {
            return;
        }
        try {
            s.disconnectClient(clientId);
        } catch (RuntimeException e) {
            // Moquette 0.17 NPEs on a pooled session whose connection is already gone: nothing to drop
            logger.trace("no live connection for {}", clientId, e);
        }
    }

    List<String> connectedClientIds() {
        Server s = server;
        List<String> out = new ArrayList<>();
        if (s != null) {
            try {
                for (ClientDescriptor d : s.listConnectedClients()) {
                    out.add(d.getClientID());
                }
            } catch (IllegalStateException e) {
                logger.trace("broker not running", e);
            }
        }
        return out;
    }

    void disconnectAll() {
        for (String id : connectedClientIds()) {
            disconnect(id);
        }
    }

    private final class Interceptor extends AbstractInterceptHandler {

        @Override
        public String getID() {
            return "kii-emulator";
        }

        @Override
        public Class<?>[] getInterceptedMessageTypes() {
            return new Class<?>[] {InterceptPublishMessage.class, InterceptConnectMessage.class};
        }

        @Override
        public void onConnect(InterceptConnectMessage msg) {
            connectSignals.connected(msg.getClientID());
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            logger.warn("Moquette session loop failed", error);
        }

        @Override
        public void onPublish(InterceptPublishMessage msg) {
            try {
                onPublish.accept(msg);
            } catch (RuntimeException e) {
                logger.warn("handling a client publish on {} failed", msg.getTopicName(), e);
            } finally {
                msg.getPayload().release();
            }
        }
    }
}
