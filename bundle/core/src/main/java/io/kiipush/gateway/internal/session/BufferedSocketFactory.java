package io.kiipush.gateway.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets whose input is buffered ({@link BufferedInput}), for Paho's {@code tcp://} and {@code ws://} links
 * through {@code MqttConnectOptions.setSocketFactory}; Paho itself stays unmodified.
 */
final class BufferedSocketFactory extends SocketFactory {

    private final LinkSockets made;

    BufferedSocketFactory() {
        this(new LinkSockets());
    }

    /** @param made records every socket made, for the link's teardown */
    BufferedSocketFactory(LinkSockets made) {
        this.made = made;
    }

    @Override
    public Socket createSocket() {
        return made.add(new BufferedSocket(made));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(createSocket(), host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        return connected(s, host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static Socket connected(Socket s, String host, int port) throws IOException {
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    /** A plain socket whose input stream is buffered. */
    static final class BufferedSocket extends Socket {
        private final LinkSockets made;
        private InputStream in;
        private OutputStream out;

        /** A socket whose output is not MQTT's (the plain socket under TLS). */
        BufferedSocket() {
            this(null);
        }

        /** @param made notes when MQTT is written to this socket, may be {@code null} */
        BufferedSocket(LinkSockets made) {
            this.made = made;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = made == null ? super.getOutputStream() : made.watch(super.getOutputStream());
            }
            return out;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInput(super.getInputStream());
            }
            return in;
        }
    }
}
