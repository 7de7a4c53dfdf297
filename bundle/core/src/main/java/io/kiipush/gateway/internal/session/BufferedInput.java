package io.kiipush.gateway.internal.session;

import java.io.IOException;
import java.io.InputStream;

/**
 * A read buffer between a socket and Paho. Paho's receiver reads each packet's header one byte at a time and asks
 * {@code available()} once per packet; on a bare socket stream each of those is a system call. With this buffer one
 * read from the socket usually brings several whole packets.
 * <p>
 * Unlike {@link java.io.BufferedInputStream} it takes no lock: only one thread reads a link's socket (Paho's
 * receiver, or its WebSocket receiver). A read that times out ({@code SocketTimeoutException}, which Paho uses to
 * poll its stop flag) loses nothing: the buffer is empty whenever the socket is read.
 */
final class BufferedInput extends InputStream {

    /** Room for a few dozen typical pushes per read; a larger read goes to the socket directly. */
    static final int SIZE = 8 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[SIZE];
    private int pos;
    private int count;

    /** @param in the socket's stream */
    BufferedInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (pos == count && fill() < 0) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int buffered = count - pos;
        if (buffered == 0) {
            if (len >= buf.length) {
                return in.read(b, off, len); // nothing to gain from copying twice
            }
            if (fill() < 0) {
                return -1;
            }
            buffered = count;
        }
        int n = Math.min(buffered, len);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        int buffered = count - pos;
        return buffered > 0 ? buffered : in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // Only called with an empty buffer; an exception (timeout) leaves it empty.
    private int fill() throws IOException {
        pos = 0;
        count = 0;
        int n = in.read(buf, 0, buf.length);
        if (n > 0) {
            count = n;
        }
        return n;
    }
}
