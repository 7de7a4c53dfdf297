package io.kiipush.gateway.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS socket with buffered reads below and above the TLS layer. Paho creates it unconnected and then connects it;
 * at {@link #connect(SocketAddress, int)} a plain {@link BufferedSocketFactory.BufferedSocket} is connected and the
 * JDK's TLS socket is layered over it for the same host name, so the TLS records are read from a buffer (not two
 * system calls per record) and Paho reads the decrypted bytes from a second buffer (not one locked call per header
 * byte). Everything else (parameters, SNI, host name verification, handshake, session) goes to the JDK's TLS socket
 * unchanged; socket options go to the plain socket below it. Not usable before it is connected, as Paho never does.
 * <p>
 * Over 400 lines, and it must stay whole: most of it is SSLSocket's abstract methods, each one line passing on.
 */
final class BufferedTlsSocket extends SSLSocket {

    private final SSLSocketFactory tls;
    private final Socket plain;
    private volatile SSLSocket ssl;
    private final LinkSockets made;
    private InputStream in;
    private OutputStream out;

    /**
     * @param tls creates the TLS socket once the plain one is connected
     * @param made notes when MQTT is written (through {@link #getOutputStream()}), may be {@code null}
     */
    BufferedTlsSocket(SSLSocketFactory tls, LinkSockets made) {
        this.tls = tls;
        this.made = made;
        this.plain = new BufferedSocketFactory.BufferedSocket();
    }

    /**
     * @param plain an already connected socket
     * @param ssl the TLS socket layered over it
     * @param made notes when MQTT is written, may be {@code null}
     */
    BufferedTlsSocket(Socket plain, SSLSocket ssl, LinkSockets made) {
        this.tls = null;
        this.made = made;
        this.plain = plain;
        this.ssl = ssl;
    }

    private SSLSocket ssl() {
        SSLSocket s = ssl;
        if (s == null) {
            throw new IllegalStateException("TLS socket used before connect");
        }
        return s;
    }

    // ---- connecting: the plain socket first, then TLS over it for the host name Paho asked for

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (ssl != null || !(endpoint instanceof InetSocketAddress)) {
            throw new SocketException(ssl != null ? "already connected" : "unsupported address type");
        }
        InetSocketAddress address = (InetSocketAddress) endpoint;
        plain.connect(address, timeout);
        try {
            // getHostString: the name as given (no reverse lookup); it is what SNI and host name verification use.
            ssl = (SSLSocket) tls.createSocket(plain, address.getHostString(), address.getPort(), true);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = new BufferedInput(ssl().getInputStream());
        }
        return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) {
            out = made == null ? ssl().getOutputStream() : made.watch(ssl().getOutputStream());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        SSLSocket s = ssl;
        if (s != null) {
            s.close(); // closes the plain socket too (autoClose)
        } else {
            plain.close();
        }
    }

    @Override
    public boolean isClosed() {
        SSLSocket s = ssl;
        return s != null ? s.isClosed() : plain.isClosed();
    }

    @Override
    public void shutdownInput() throws IOException {
        ssl().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        ssl().shutdownOutput();
    }

    @Override
    public boolean isInputShutdown() {
        SSLSocket s = ssl;
        return s != null ? s.isInputShutdown() : plain.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        SSLSocket s = ssl;
        return s != null ? s.isOutputShutdown() : plain.isOutputShutdown();
    }

    @Override
    public String toString() {
        SSLSocket s = ssl;
        return "BufferedTlsSocket[" + (s != null ? s : plain) + "]";
    }

    // ---- TLS: the JDK's socket

    @Override
    public String[] getSupportedCipherSuites() {
        return ssl().getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return ssl().getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        ssl().setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return ssl().getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return ssl().getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        ssl().setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return ssl().getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return ssl().getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        ssl().addHandshakeCompletedListener(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        ssl().removeHandshakeCompletedListener(listener);
    }

    @Override
    public void startHandshake() throws IOException {
        ssl().startHandshake();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        ssl().setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return ssl().getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        ssl().setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return ssl().getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        ssl().setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return ssl().getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        ssl().setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return ssl().getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return ssl().getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        ssl().setSSLParameters(params);
    }

    // ---- the socket below: addresses and options

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        plain.bind(bindpoint);
    }

    @Override
    public InetAddress getInetAddress() {
        return plain.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return plain.getLocalAddress();
    }

    @Override
    public int getPort() {
        return plain.getPort();
    }

    @Override
    public int getLocalPort() {
        return plain.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return plain.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return plain.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return null; // stream sockets from a factory have none
    }

    @Override
    public boolean isConnected() {
        return plain.isConnected();
    }

    @Override
    public boolean isBound() {
        return plain.isBound();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        plain.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return plain.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        plain.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return plain.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported on TLS sockets");
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        throw new SocketException("urgent data is not supported on TLS sockets");
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return false;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        plain.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return plain.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        plain.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return plain.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        plain.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return plain.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        plain.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return plain.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        plain.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return plain.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        plain.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return plain.getReuseAddress();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        plain.setPerformancePreferences(connectionTime, latency, bandwidth);
    }
}
