package io.kiipush.gateway.internal.session;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.kiipush.emulator.TlsMaterial;

/**
 * The buffered link's sockets: fewer reads from the socket, nothing lost when a read times out, and TLS exactly as
 * Paho sets it up (SNI, host name verification, the trusted CA) over real loopback sockets.
 */
public class BufferedSocketsTest {

    private static TlsMaterial tls;
    private static SSLServerSocket server;

    @BeforeClass
    public static void startTlsServer() throws IOException {
        tls = TlsMaterial.generate();
        server = (SSLServerSocket) tls.serverSslContext().getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
    }

    @AfterClass
    public static void stopTlsServer() throws IOException {
        server.close();
    }

    @Test
    public void paholikeReadsOfManyPacketsCostAFewSocketReads() throws IOException {
        byte[] packets = packets(100, 300);
        CountingStream socket = new CountingStream(packets, 0);
        byte[] read = readLikePaho(new BufferedInput(socket), 100, 300);
        assertArrayEquals(packets, read);
        // Unbuffered, Paho's reads would be 3 per packet (two header bytes, then the rest): 300.
        assertTrue("socket reads: " + socket.reads, socket.reads <= (packets.length / BufferedInput.SIZE) + 2);
    }

    @Test
    public void aReadTimeoutLosesNothing() throws IOException {
        byte[] packets = packets(50, 300);
        // The socket times out on every other read, as Paho's 1 s poll timeout does on a quiet link.
        CountingStream socket = new CountingStream(packets, 2);
        BufferedInput in = new BufferedInput(socket);
        byte[] out = new byte[packets.length];
        int n = 0;
        int timeouts = 0;
        while (n < out.length) {
            try {
                int r = (n % 7 == 0) ? in.read() : in.read(out, n, Math.min(123, out.length - n));
                if (n % 7 == 0) {
                    out[n++] = (byte) r;
                } else {
                    n += r;
                }
            } catch (SocketTimeoutException e) {
                timeouts++;
            }
        }
        assertArrayEquals(packets, out);
        assertTrue(timeouts > 0);
        int end;
        try {
            end = in.read();
        } catch (SocketTimeoutException e) {
            end = in.read();
        }
        assertEquals(-1, end);
    }

    @Test
    public void availableCountsTheBufferFirst() throws IOException {
        BufferedInput in = new BufferedInput(new CountingStream(packets(2, 300), 0));
        assertEquals(600, in.available()); // from the socket: nothing buffered yet
        in.read();
        assertEquals(599, in.available());
    }

    @Test(timeout = 20_000)
    public void tlsWithHostNameVerificationAndSniAsPahoSetsItUp() throws Exception {
        CompletableFuture<List<SNIServerName>> sni = serveOnce(new byte[] { 0x20, 2, 0, 0 });
        try (SSLSocket s = connectLikePaho("localhost", true, tls)) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            assertArrayEquals(new byte[] { 0x20, 2, 0, 0 }, connack);
            assertTrue(s.getInputStream() instanceof BufferedInput);
        }
        assertEquals(Collections.singletonList(new SNIHostName("localhost")), sni.get(10, TimeUnit.SECONDS));
    }

    @Test(timeout = 20_000)
    public void aHostNameTheCertificateDoesNotCoverIsRefusedWhenVerificationIsOn() throws Exception {
        serveOnce(new byte[0]);
        try (SSLSocket s = connectLikePaho("wrong.example", true, tls)) {
            fail("handshake with a name outside the certificate succeeded: " + s);
        } catch (SSLHandshakeException expected) {
            // what Paho reports as a TLS failure
        }
        // The same connection without verification, as with verifyHostname=false.
        serveOnce(new byte[] { 1 });
        try (SSLSocket s = connectLikePaho("wrong.example", false, tls)) {
            assertEquals(1, s.getInputStream().read());
        }
    }

    @Test(timeout = 20_000)
    public void aServerSignedByAnotherCaIsRefused() throws Exception {
        serveOnce(new byte[0]);
        try (SSLSocket s = connectLikePaho("localhost", true, TlsMaterial.generate())) {
            fail("handshake with an untrusted server succeeded: " + s);
        } catch (SSLHandshakeException expected) {
            // the CA file decides trust
        }
    }

    // What Paho's TCPNetworkModule and SSLNetworkModule do with the factory (1.2.5): create, connect, time out
    // reads after 1 s, SNI, endpoint identification, handshake.
    private static SSLSocket connectLikePaho(String host, boolean verifyHostname, TlsMaterial trust) throws IOException {
        BufferedTlsSocketFactory factory = new BufferedTlsSocketFactory(trust.clientSocketFactory());
        SSLSocket s = (SSLSocket) factory.createSocket();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }),
                server.getLocalPort());
        s.connect(address, 5000);
        s.setSoTimeout(1000);
        try {
            SSLParameters sni = new SSLParameters();
            sni.setServerNames(Collections.singletonList(new SNIHostName(host)));
            s.setSSLParameters(sni);
            if (verifyHostname) {
                SSLParameters verify = new SSLParameters();
                verify.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(verify);
            }
            s.setSoTimeout(5000);
            s.startHandshake();
            s.setSoTimeout(1000);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    // Accepts one connection on another thread, writes the bytes, reports the server names the client sent.
    private static CompletableFuture<List<SNIServerName>> serveOnce(byte[] reply) {
        CompletableFuture<List<SNIServerName>> sni = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (SSLSocket c = (SSLSocket) server.accept()) {
                c.setSoTimeout(10_000);
                c.startHandshake();
                sni.complete(((ExtendedSSLSession) c.getSession()).getRequestedServerNames());
                OutputStream out = c.getOutputStream();
                out.write(reply);
                out.flush();
                c.getInputStream().read(); // until the client closes
            } catch (IOException e) {
                sni.completeExceptionally(e);
            }
        }, "test-tls-server");
        t.setDaemon(true);
        t.start();
        return sni;
    }

    private static byte[] packets(int count, int size) {
        byte[] b = new byte[count * size];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + i / size);
        }
        return b;
    }

    // Paho's MqttInputStream: first byte and remaining length one byte at a time, then the rest in bulk.
    private static byte[] readLikePaho(InputStream socket, int count, int size) throws IOException {
        DataInputStream in = new DataInputStream(socket);
        byte[] out = new byte[count * size];
        for (int p = 0; p < count; p++) {
            int at = p * size;
            in.available();
            out[at] = in.readByte();
            out[at + 1] = in.readByte();
            in.readFully(out, at + 2, size - 2);
        }
        return out;
    }

    /** A socket stand-in: counts reads, returns at most 64 KiB each, optionally times out on every n-th read. */
    private static final class CountingStream extends InputStream {
        private final ByteArrayInputStream data;
        private final int timeoutEvery;
        int reads;

        CountingStream(byte[] bytes, int timeoutEvery) {
            this.data = new ByteArrayInputStream(bytes);
            this.timeoutEvery = timeoutEvery;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reads++;
            if (timeoutEvery > 0 && reads % timeoutEvery == 0) {
                throw new SocketTimeoutException("Read timed out");
            }
            return data.read(b, off, Math.min(len, 65536));
        }

        @Override
        public int available() {
            return data.available();
        }
    }

}
