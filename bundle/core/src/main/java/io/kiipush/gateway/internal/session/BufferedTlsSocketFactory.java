package io.kiipush.gateway.internal.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets with buffered input on both sides of the TLS layer ({@link BufferedTlsSocket}), for Paho's
 * {@code ssl://} and {@code wss://} links. Trust comes from the wrapped factory unchanged (the onboarding's CA file,
 * or what Paho would use without one); SNI and host name verification stay Paho's, applied to the TLS socket as
 * always.
 */
final class BufferedTlsSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final LinkSockets made;

    /** @param tls the factory that decides trust (its sockets are layered over a buffered plain socket) */
    BufferedTlsSocketFactory(SSLSocketFactory tls) {
        this(tls, new LinkSockets());
    }

    /**
     * @param tls the factory that decides trust
     * @param made records every socket made, for the link's teardown
     */
    BufferedTlsSocketFactory(SSLSocketFactory tls, LinkSockets made) {
        this.tls = tls;
        this.made = made;
    }

    @Override
    public Socket createSocket() {
        return made.add(new BufferedTlsSocket(tls, made));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
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
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return made.add(new BufferedTlsSocket(s, (SSLSocket) tls.createSocket(s, host, port, autoClose), made));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}
