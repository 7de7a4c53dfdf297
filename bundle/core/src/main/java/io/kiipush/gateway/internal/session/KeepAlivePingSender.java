package io.kiipush.gateway.internal.session;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttPingSender;
import org.eclipse.paho.client.mqttv3.internal.ClientComms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's keep-alive pings as timers on the session thread (nanoTime-based, unlike Paho's {@code TimerPingSender}, so
 * a wall-clock step after NTP sync cannot delay pings; and no thread of their own). It also reports every PINGRESP,
 * which the session's dead-link detection counts as inbound traffic.
 * <p>
 * A ping check is short and never blocks, with one exception this class prevents: when a PINGREQ has gone unanswered
 * for a keep-alive interval, Paho's check would declare the link dead itself and stop its threads on the calling
 * thread, up to about a second. Then the check is skipped: the session's own rule (1.5 x keep-alive without any
 * packet, docs/session.md) closes the link, off the session thread.
 */
final class KeepAlivePingSender implements MqttPingSender {

    private static final Logger logger = LoggerFactory.getLogger(KeepAlivePingSender.class);

    private final ScheduledExecutorService scheduler;
    private final Runnable onPingResponse;
    private final LongSupplier lastInboundNanos;
    private final IMqttActionListener pingListener = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            onPingResponse.run();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            logger.debug("Ping failed: {}", exception == null ? "no reason" : exception.getMessage());
        }
    };

    private volatile ClientComms comms;
    private volatile ScheduledFuture<?> next;
    private volatile IMqttToken lastPing;
    private volatile boolean stopped;

    /**
     * @param scheduler the session's thread
     * @param onPingResponse called (on an MQTT thread) for every PINGRESP
     * @param lastInboundNanos {@link System#nanoTime()} of the last packet the link received
     */
    KeepAlivePingSender(ScheduledExecutorService scheduler, Runnable onPingResponse, LongSupplier lastInboundNanos) {
        this.scheduler = scheduler;
        this.onPingResponse = onPingResponse;
        this.lastInboundNanos = lastInboundNanos;
    }

    @Override
    public void init(ClientComms clientComms) {
        this.comms = clientComms;
    }

    @Override
    public void start() {
        stopped = false;
        ClientComms c = comms;
        if (c != null) {
            schedule(c.getKeepAlive());
        }
    }

    @Override
    public void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public void schedule(long delayInMilliseconds) {
        if (stopped) {
            return;
        }
        try {
            next = scheduler.schedule(this::ping, delayInMilliseconds, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            logger.debug("Session thread stopped; no further pings");
        }
    }

    private void ping() {
        ClientComms c = comms;
        if (stopped || c == null) {
            return;
        }
        long keepAliveMs = c.getKeepAlive();
        if (unansweredFor(TimeUnit.MILLISECONDS.toNanos(keepAliveMs))) {
            schedule(Math.max(1, keepAliveMs / 2)); // the session closes the link at 1.5 x keep-alive of silence
            return;
        }
        try {
            // Sends a PINGREQ when one is due and schedules the next check through schedule(long).
            IMqttToken sent = c.checkForActivity(pingListener);
            if (sent != null) {
                lastPing = sent;
            }
        } catch (Throwable t) {
            logger.debug("Keep-alive check failed", t);
        }
    }

    // Paho's own timeout condition (ClientState.checkForActivity): a PINGREQ outstanding and no packet for a keep-alive.
    private boolean unansweredFor(long keepAliveNanos) {
        IMqttToken p = lastPing;
        return p != null && !p.isComplete() && System.nanoTime() - lastInboundNanos.getAsLong() >= keepAliveNanos;
    }
}
