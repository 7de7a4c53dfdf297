package io.kiipush.emulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The emulator's HTTP/1.1 server as a raw-socket client sees it: a client that keeps writing after its request
 * still reads the whole answer and never gets a broken pipe (staged close), empty lines between requests are
 * ignored, chunked bodies and {@code Expect: 100-continue} work, malformed requests get 400 and a clean close, and
 * header names go out as the emulator spells them.
 */
public class HttpWireTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    private static KiiEmulator emu;
    private static String adminToken;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().build().start();
        adminToken = emu.app().adminToken();
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    @Test
    public void aClientStillWritingAfterItsRequestReadsTheWholeAnswerWithoutABrokenPipe() throws Exception {
        for (String method : new String[] { "GET", "DELETE" }) {
            try (Socket s = socket()) {
                OutputStream out = s.getOutputStream();
                // as an embedded SDK does: "Connection: close", then a stray chunk terminator after the head
                write(out, method + " /api/apps/demoapp/topics/none HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Authorization: Bearer " + adminToken + "\r\n\r\n");
                InputStream in = s.getInputStream();
                Answer a = readAnswer(in);
                assertEquals(a.head, 404, a.status);
                assertTrue(a.head, a.head.contains("Connection: close"));
                assertTrue(a.body, a.body.contains("\"errorCode\":\"TOPIC_NOT_FOUND\""));
                // the server has answered and ends the connection; these writes must still be accepted
                for (int i = 0; i < 5; i++) {
                    write(out, "0\r\n\r\n");
                }
                assertEquals("the server half-closed after the answer", -1, in.read());
            }
        }
    }

    @Test
    public void emptyLinesBetweenKeptAliveRequestsAreIgnored() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            String get = "GET /api/apps/demoapp/topics/none HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + adminToken
                    + "\r\n\r\n";
            write(out, get + "\r\n\r\n" + get.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n"));
            InputStream in = s.getInputStream();
            assertEquals(404, readAnswer(in).status);
            Answer second = readAnswer(in);
            assertEquals(second.head, 404, second.status);
            assertEquals(-1, in.read());
        }
    }

    @Test
    public void chunkedBodyWithExpectContinueIsReadAndAnswered() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            write(out, "PUT /api/apps/demoapp/topics/chunky HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + adminToken
                    + "\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 100 Continue", new String(in.readNBytes(21), StandardCharsets.US_ASCII));
            assertEquals("\r\n\r\n", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
            write(out, "2\r\n{}\r\n0\r\n\r\n");
            Answer a = readAnswer(in);
            assertEquals(a.head, 204, a.status);
        }
    }

    @Test
    public void aMalformedRequestGets400AndAnOrderlyClose() throws Exception {
        try (Socket s = socket()) {
            write(s.getOutputStream(), "this is not http\r\n\r\n");
            InputStream in = s.getInputStream();
            Answer a = readAnswer(in);
            assertEquals(a.head, 400, a.status);
            assertTrue(a.head, a.head.contains("Connection: close"));
            assertEquals(-1, in.read());
        }
    }

    @Test
    public void headerNamesKeepTheirSpelling() throws Exception {
        String user = emu.app().registerUser("wire-user", "wire-pass").accessToken();
        Http.Resp inst = new Http(emu.baseUrl()).post("/api/apps/demoapp/installations",
                "application/vnd.kii.InstallationCreationRequest+json", "{\"deviceType\":\"MQTT\"}", Http.bearer(user));
        try (Socket s = socket()) {
            write(s.getOutputStream(), "GET /api/apps/demoapp/installations/" + inst.str("installationID")
                    + "/mqtt-endpoint HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + user
                    + "\r\n\r\n");
            Answer a = readAnswer(s.getInputStream());
            assertEquals(a.head, 200, a.status);
            assertTrue(a.head, a.head.contains("\r\nX-MQTT-TTL: 2147483647\r\n"));
            assertTrue(a.head, a.head.contains("\r\nContent-Type: application/vnd.kii.MQTTEndpointResponse+json"));
        }
    }

    private static Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", emu.httpPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private record Answer(int status, String head, String body) {
    }

    /** Reads one answer: the head up to the empty line, then Content-Length bytes of body. */
    private static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("end of stream inside the head: " + head);
            }
            head.write(c);
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        Matcher length = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(h);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return new Answer(Integer.parseInt(h.substring(9, 12)), h,
                new String(in.readNBytes(n), StandardCharsets.UTF_8));
    }
}
