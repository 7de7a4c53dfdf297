package io.kiipush.emulator.internal.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLContext;

import io.kiipush.emulator.internal.util.TcpListener;

/**
 * A public MQTT listening port of the emulator whose live connections it can reset: killed ("broker process
 * gone": refused and reset), restarted on the same port, or just dropped.
 */
abstract class MqttListener {

    private final TcpListener listener;

    /** @param threadName accept thread {@code kii-emu-<threadName>-accept} */
    MqttListener(String threadName, InetAddress bind, int port, int backlog, SSLContext tls) {
        this.listener = new TcpListener(threadName, bind, port, backlog, tls, this::accepted);
    }

    /** Takes over an accepted socket (called on the accept thread: hand it to a thread of its own). */
    abstract void accepted(Socket s);

    /** Resets every live connection; the port keeps listening. */
    abstract void dropAll();

    void start() throws IOException {
        listener.start();
    }

    int port() {
        return listener.port();
    }

    /** Stops listening and resets every connection. */
    void kill() {
        listener.stop();
        dropAll();
    }

    /** Listens again on the same port after {@link #kill()}. */
    void restart() throws IOException {
        listener.restart();
    }
}
