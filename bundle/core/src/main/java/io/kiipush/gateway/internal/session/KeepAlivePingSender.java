package io.kiipush.gateway.internal.session;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttPingSender;
import org.eclipse.paho.client.mqttv3.internal.ClientComms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's keep-alive pings on the session component's own scheduler (nanoTime-based, unlike Paho's
 * {@code TimerPingSender}, so a wall-clock step after NTP sync cannot delay pings). It also reports every PINGRESP,
 * which the session's dead-link detection counts as inbound traffic.
 */
final class KeepAlivePingSender implements MqttPingSender {

    private static final Logger logger = LoggerFactory.getLogger(KeepAlivePingSender.class);

    private final ScheduledExecutorService scheduler;
    private final Runnable onPingResponse;
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
    private volatile boolean stopped;

    /**
     * @param scheduler the component-owned keep-alive scheduler
     * @param onPingResponse called (on an MQTT thread) for every PINGRESP
     */
    KeepAlivePingSender(ScheduledExecutorService scheduler, Runnable onPingResponse) {
        this.scheduler = scheduler;
        this.onPingResponse = onPingResponse;
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
            logger.debug("Keep-alive scheduler stopped; no further pings");
        }
    }

    private void ping() {
        ClientComms c = comms;
        if (stopped || c == null) {
            return;
        }
        try {
            // Sends a PINGREQ when one is due and schedules the next check through schedule(long).
            c.checkForActivity(pingListener);
        } catch (Throwable t) {
            logger.debug("Keep-alive check failed", t);
        }
    }
}
