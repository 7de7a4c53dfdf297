package io.kiipush.gateway.internal.util;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;

/**
 * The end of one Paho connect attempt. Paho 1.2.5 starts its receiver by submitting it to our pool and then sleeping in
 * a loop, deaf to interrupts, until the receiver runs; a disconnect or a pool shutdownNow in between cancels the
 * receiver and leaves that connect thread spinning for ever. So nothing tears a client down before its connect attempt
 * has ended, which Paho itself bounds by the connection timeout (TCP, TLS handshake).
 */
public final class PahoConnectEnd implements IMqttActionListener {

    private static final long POLL_MS = 100;

    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable failure;

    @Override
    public void onSuccess(IMqttToken token) {
        ended.countDown();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable exception) {
        failed(exception);
    }

    /** @param cause why the attempt ended without a connection (also when it could not even start) */
    public void failed(Throwable cause) {
        failure = cause;
        ended.countDown();
    }

    /** @return whether the attempt has ended, connected or not */
    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** @return why the attempt failed, or null while it runs or after it connected */
    public Throwable failure() {
        return failure;
    }

    /**
     * Waits for the end of the attempt. An interrupt does not shorten the wait (stopping early is what leaks the
     * thread); it is kept for the caller.
     *
     * @param boundMs the longest wait
     * @return whether the attempt ended within the bound
     */
    public boolean await(long boundMs) {
        return await(boundMs, () -> false);
    }

    /**
     * Waits for the end of the attempt, also told by {@code completeElsewhere}: Paho marks the connect token complete
     * but calls no listener when the connection is lost while its callback thread is already stopping.
     *
     * @param boundMs the longest wait
     * @param completeElsewhere e.g. the connect token's {@code isComplete}, checked every {@value #POLL_MS} ms
     * @return whether the attempt ended within the bound
     */
    public boolean await(long boundMs, BooleanSupplier completeElsewhere) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    long left = deadline - System.nanoTime();
                    if (ended.await(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS))),
                            TimeUnit.NANOSECONDS) || completeElsewhere.getAsBoolean()) {
                        return true;
                    }
                    if (left <= 0) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
