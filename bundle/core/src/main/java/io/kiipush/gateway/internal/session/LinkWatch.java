package io.kiipush.gateway.internal.session;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Watches the connected link: declares it dead after 1.5 x keep-alive without any packet from the broker (Paho alone
 * would need 2 x keep-alive), and stable once it stayed up for {@code backoff.resetAfterSec}. Runs on the session
 * thread.
 */
final class LinkWatch {

    private final SessionThread thread;
    private final Ticker ticker;
    private Future<?> liveness;
    private Future<?> stability;
    private Future<?> aliveTick;

    LinkWatch(SessionThread thread, Ticker ticker) {
        this.thread = thread;
        this.ticker = ticker;
    }

    /**
     * Checks the link now and again whenever its allowed silence could run out.
     *
     * @param link the link
     * @param deadAfterMs the allowed silence
     * @param current whether the link is still the connected one
     * @param dead told the silence in ms when the link is dead
     */
    void checkLiveness(MqttLink link, long deadAfterMs, BooleanSupplier current, LongConsumer dead) {
        SessionThread.cancel(liveness);
        long silentMs = TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - link.lastInboundNanos());
        long remaining = deadAfterMs - silentMs;
        if (remaining <= 0) {
            dead.accept(silentMs);
            return;
        }
        liveness = thread.schedule(remaining, () -> {
            if (current.getAsBoolean()) {
                checkLiveness(link, deadAfterMs, current, dead);
            }
        });
    }

    /**
     * @param afterMs how long the link must stay up
     * @param current whether the link is still the connected one
     * @param stable told once it stayed up that long
     */
    void stableAfter(long afterMs, BooleanSupplier current, Runnable stable) {
        SessionThread.cancel(stability);
        stability = thread.schedule(afterMs, () -> {
            if (current.getAsBoolean()) {
                stable.run();
            }
        });
    }

    /**
     * Tells {@code tick} every {@code periodMs} while the link is the connected one (the last-alive watermark).
     *
     * @param periodMs the period
     * @param current whether the link is still the connected one
     * @param tick the periodic task
     */
    void aliveEvery(long periodMs, BooleanSupplier current, Runnable tick) {
        SessionThread.cancel(aliveTick);
        aliveTick = thread.schedule(periodMs, () -> {
            if (current.getAsBoolean()) {
                tick.run();
                aliveEvery(periodMs, current, tick);
            }
        });
    }

    /**
     * @param link a link
     * @return the wall-clock time of its last inbound packet (CONNACK, SUBACK, PUBLISH, PINGRESP), ms since the epoch
     */
    long lastAliveAt(MqttLink link) {
        long silentMs = TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - link.lastInboundNanos());
        return ticker.currentTimeMillis() - Math.max(0, silentMs);
    }

    /** Cancels every timer. */
    void stop() {
        SessionThread.cancel(liveness);
        SessionThread.cancel(stability);
        SessionThread.cancel(aliveTick);
    }
}
