package io.kiipush.emulator.internal.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP/1.1 message framing (RFC 9112): request heads and bodies in, responses out. Stateless. */
final class HttpWire {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 200;
    static final int MAX_BODY = 16 * 1024 * 1024;
    // a client may send empty lines before a request (RFC 9112 §2.2): skip a few, as real servers do
    private static final int MAX_LEADING_EMPTY_LINES = 16;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    private HttpWire() {
    }

    /** A request that cannot be parsed: answered with {@code status}, then the connection closes. */
    static final class BadRequest extends Exception {

        private static final long serialVersionUID = 1L;
        private final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** A request line and its headers (names case-insensitive). */
    record Head(String method, String target, String version, Map<String, List<String>> headers) {

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        boolean hasToken(String header, String token) {
            List<String> values = headers.get(header);
            if (values != null) {
                for (String v : values) {
                    for (String t : v.split(",")) {
                        if (t.trim().equalsIgnoreCase(token)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it. */
        boolean keepAlive() {
            return version.equals("HTTP/1.1") ? !hasToken("Connection", "close") : hasToken("Connection", "keep-alive");
        }

        boolean expectsContinue() {
            return version.equals("HTTP/1.1") && hasToken("Expect", "100-continue") && hasBody();
        }

        boolean hasBody() {
            return header("Transfer-Encoding") != null || (header("Content-Length") != null
                    && !header("Content-Length").trim().equals("0"));
        }
    }

    /** @return the next request head, or {@code null} at end of stream before a request started */
    static Head readHead(InputStream in) throws IOException, BadRequest {
        String line = readLine(in);
        for (int i = 0; line != null && line.isEmpty(); i++) {
            if (i == MAX_LEADING_EMPTY_LINES) {
                throw new BadRequest(400, "too many empty lines before the request line");
            }
            line = readLine(in);
        }
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length != 3 || parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isLetter)) {
            throw new BadRequest(400, "bad request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new BadRequest(parts[2].startsWith("HTTP/") ? 505 : 400, "unsupported version " + parts[2]);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int n = 0;; n++) {
            String h = readLine(in);
            if (h == null) {
                throw new BadRequest(400, "the connection ended inside the headers");
            }
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (n == MAX_HEADERS || colon <= 0) {
                throw new BadRequest(400, n == MAX_HEADERS ? "too many headers" : "bad header line");
            }
            headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
        }
        return new Head(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2], headers);
    }

    /** Reads the body the head announces: chunked, by Content-Length, or none. */
    static byte[] readBody(InputStream in, Head head) throws IOException, BadRequest {
        String te = head.header("Transfer-Encoding");
        if (te != null) {
            if (!te.trim().equalsIgnoreCase("chunked")) {
                throw new BadRequest(501, "unsupported Transfer-Encoding " + te);
            }
            return readChunked(in);
        }
        String cl = head.header("Content-Length");
        if (cl == null) {
            return new byte[0];
        }
        long length;
        try {
            length = Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "bad Content-Length " + cl);
        }
        if (length < 0 || length > MAX_BODY) {
            throw new BadRequest(length < 0 ? 400 : 413, "Content-Length " + cl + " not accepted");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new BadRequest(400, "the connection ended inside the body");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException, BadRequest {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semi = sizeLine == null ? -1 : sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NullPointerException | NumberFormatException e) {
                throw new BadRequest(400, "bad chunk size");
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new BadRequest(size < 0 ? 400 : 413, "chunk not accepted");
            }
            if (size == 0) {
                break;
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size || !"".equals(readLine(in))) {
                throw new BadRequest(400, "bad chunk");
            }
            body.write(chunk);
        }
        String trailer;
        do {
            trailer = readLine(in); // trailer fields are read and ignored
        } while (trailer != null && !trailer.isEmpty());
        return body.toByteArray();
    }

    /** @return a line without its CRLF (a bare LF ends a line too), or {@code null} at end of stream */
    private static String readLine(InputStream in) throws IOException, BadRequest {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE) {
                throw new BadRequest(400, "line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        return null;
    }

    /** Path and raw query of a request target (origin form, or absolute form as proxies send it). */
    record Target(String path, String query) {
    }

    static Target target(String target) throws BadRequest {
        String t = target;
        int scheme = t.indexOf("://");
        if (!t.startsWith("/") && scheme > 0) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        if (!t.startsWith("/")) {
            throw new BadRequest(400, "bad request target");
        }
        int q = t.indexOf('?');
        try {
            return new Target(decodePath(q < 0 ? t : t.substring(0, q)), q < 0 ? null : t.substring(q + 1));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "bad percent-encoding in the path");
        }
    }

    /** Percent-decodes a path; unlike URLDecoder, keeps '+' (phone numbers, vendor IDs). */
    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes one response; header names keep the case the emulator gives them (as Kii's servers send them). */
    static void writeResponse(OutputStream out, int status, Map<String, String> headers, byte[] body, boolean headRequest,
            boolean close) throws IOException {
        boolean bodyless = status == 204 || status == 304 || status < 200;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        h.putAll(headers);
        if (!bodyless) {
            h.put("Content-Length", Integer.toString(body.length));
        }
        if (close) {
            h.put("Connection", "close");
        }
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!bodyless && !headRequest) {
            out.write(body);
        }
    }

    static void writeContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
