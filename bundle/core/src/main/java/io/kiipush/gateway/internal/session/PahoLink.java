package io.kiipush.gateway.internal.session;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.internal.security.SSLSocketFactoryFactory;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.util.PahoConnectEnd;
import io.kiipush.gateway.internal.util.PahoLogRedaction;

/**
 * One Paho {@link MqttAsyncClient}: automatic reconnect off (the session owns reconnects), clean session, client id =
 * mqttTopic, buffered sockets, keep-alive pings as timers on the session thread. Callbacks only hand off; teardown is
 * bounded and never runs on a Paho callback thread or the session thread.
 */
final class PahoLink implements MqttLink, MqttCallback {

    static {
        PahoLogRedaction.install(); // before the first Paho client: it creates its loggers once
    }

    private static final Logger logger = LoggerFactory.getLogger(PahoLink.class);
    private static final long DISCONNECT_TIMEOUT_MS = 1000;
    private static final long KILL_AFTER_MS = 5000;

    private final ConnectTarget target;
    private final SessionSettings settings;
    private final LinkListener listener;
    private final MessageSink sink;
    private final ScheduledThreadPoolExecutor pool;
    private final ScheduledExecutorService timers;
    private final MqttAsyncClient client;
    private final String topic;
    private final PahoConnectEnd connectEnd = new PahoConnectEnd();
    private final LinkSockets sockets = new LinkSockets();
    private volatile IMqttToken connectToken;

    private volatile long lastInboundNanos = System.nanoTime();
    private volatile boolean closed;

    PahoLink(ConnectTarget target, SessionSettings settings, LinkListener listener, MessageSink sink, ScheduledThreadPoolExecutor pool,
            ScheduledExecutorService timers) throws MqttException {
        this.target = target;
        this.settings = settings;
        this.listener = listener;
        this.sink = sink;
        this.pool = pool;
        this.timers = timers;
        this.topic = target.getEndpoint().getMqttTopic();
        KeepAlivePingSender pinger = new KeepAlivePingSender(timers, this::markInbound, this::lastInboundNanos);
        PahoLogRedaction.register(target.getEndpoint().getUsername(), target.getEndpoint().getPassword());
        this.client = new MqttAsyncClient(target.serverUri(), topic, new MemoryPersistence(), pinger, pool);
        this.client.setCallback(this);
    }

    void start() throws MqttException {
        MqttEndpoint e = target.getEndpoint();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.getKeepAliveSec());
        options.setConnectionTimeout(settings.getConnectTimeoutSec());
        options.setUserName(e.getUsername());
        options.setPassword(e.getPassword().toCharArray());
        options.setExecutorServiceTimeout(1);
        options.setSocketFactory(socketFactory(target, sockets));
        if (target.getTransport().isSecure()) {
            options.setHttpsHostnameVerificationEnabled(target.isVerifyHostname());
        }
        try {
            connectToken = client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connectEnd.onSuccess(token);
                    markInbound();
                    if (!closed) {
                        listener.connected(PahoLink.this);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    connectEnd.onFailure(token, exception);
                    if (!closed) {
                        listener.connectFailed(PahoLink.this, exception);
                    }
                }
            });
        } catch (MqttException | RuntimeException failure) {
            connectEnd.failed(failure);
            throw failure;
        }
    }

    // Paho ends a connect attempt within its connection timeout; a second more for its callbacks.
    private long connectBoundMs() {
        return TimeUnit.SECONDS.toMillis(settings.getConnectTimeoutSec()) + 1000;
    }

    /**
     * @param target where to connect
     * @return sockets with buffered input: a PUBLISH costs one socket read, not one per header byte; TLS trust is the
     *         target's CA file, or without one exactly what Paho itself would use
     */
    static SocketFactory socketFactory(ConnectTarget target, LinkSockets made) throws MqttException {
        if (!target.getTransport().isSecure()) {
            return new BufferedSocketFactory(made);
        }
        SSLSocketFactory trust = target.getSslSocketFactory();
        return new BufferedTlsSocketFactory(trust != null ? trust : new SSLSocketFactoryFactory().createSocketFactory(null),
                made);
    }

    @Override
    public void subscribe() {
        try {
            client.subscribe(topic, 0, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    markInbound();
                    int[] granted = token.getGrantedQos();
                    if (!closed) {
                        listener.subscribed(PahoLink.this, granted.length == 0 ? 0x80 : granted[0]);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    if (!closed) {
                        listener.subscribeFailed(PahoLink.this, exception);
                    }
                }
            });
        } catch (MqttException | RuntimeException e) {
            listener.subscribeFailed(this, e);
        }
    }

    @Override
    public long lastInboundNanos() {
        return lastInboundNanos;
    }

    private void markInbound() {
        lastInboundNanos = System.nanoTime();
    }

    // ---- MqttCallback (Paho threads: hand off, never block, never throw) ----

    @Override
    public void messageArrived(String t, MqttMessage message) {
        markInbound();
        sink.accept(message.getPayload(), topic.equals(t));
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (!closed) {
            listener.lost(this, cause);
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // The session never publishes.
    }

    // ---- teardown ----

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // The pool is shut down only after the teardown: a connect still in flight submits Paho's receiver to it,
            // and a refused submission left that attempt without an end (its thread waited out the whole bound).
            pool.execute(() -> {
                teardown();
                pool.shutdown();
            });
        } catch (RejectedExecutionException e) {
            teardown();
        }
        // Safety net: a teardown stuck in Paho must not leave threads behind.
        try {
            timers.schedule(this::kill, connectBoundMs() + KILL_AFTER_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            kill();
        }
    }

    private void teardown() {
        if (!connectEnd.hasEnded() && sockets.mqttSent()) {
            // A connect waiting for the broker's CONNACK ends at once when its socket goes, not after its whole
            // timeout (which left this thread running after the session had stopped). Only once CONNECT is out:
            // before, Paho may still be starting its receiver (see PahoConnectEnd).
            sockets.closeAll();
        }
        if (!connectEnd.await(connectBoundMs(), this::connectTokenComplete)) {
            logger.debug("The connect attempt to {} did not end within {} ms; closing anyway", target.serverUri(), connectBoundMs());
        }
        try {
            client.setCallback(null);
            client.disconnectForcibly(0, DISCONNECT_TIMEOUT_MS, client.isConnected());
        } catch (Throwable t) {
            logger.debug("Disconnect of {} failed: {}", target.serverUri(), t.toString());
        }
        try {
            client.close(true);
        } catch (Throwable t) {
            logger.debug("Close of {} failed: {}", target.serverUri(), t.toString());
        }
    }

    private boolean connectTokenComplete() {
        IMqttToken token = connectToken;
        return token != null && token.isComplete();
    }

    private void kill() {
        if (!pool.isTerminated()) {
            logger.debug("MQTT threads of {} still running {} ms after close: interrupting them", target.serverUri(),
                    connectBoundMs() + KILL_AFTER_MS);
            pool.shutdownNow();
        }
    }
}
