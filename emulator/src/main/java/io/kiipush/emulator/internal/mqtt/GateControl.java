package io.kiipush.emulator.internal.mqtt;

import java.util.function.BooleanSupplier;

/** The "hung broker" switch shared by every gate and the default broker. */
final class GateControl {

    private final Object lock = new Object();
    private volatile boolean hung;

    void hang() {
        hung = true;
    }

    void resume() {
        synchronized (lock) {
            hung = false;
            lock.notifyAll();
        }
    }

    boolean isHung() {
        return hung;
    }

    /**
     * Blocks while the broker is hung (a monitor wait, woken by {@link #resume()} or {@link #wakeAll()}).
     *
     * @param closed whether the caller's connection was closed meanwhile
     * @return false if the connection was closed
     */
    boolean awaitRunning(BooleanSupplier closed) throws InterruptedException {
        if (!hung) {
            return !closed.getAsBoolean();
        }
        synchronized (lock) {
            while (hung && !closed.getAsBoolean()) {
                lock.wait();
            }
        }
        return !closed.getAsBoolean();
    }

    /** Wakes waiters so closed connections notice. */
    void wakeAll() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
