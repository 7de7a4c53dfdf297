package io.kiipush.gateway.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

public class JsonPageTest {

    @Test
    public void everyConnectionWithStateCountersErrorAndRecent() {
        SessionStatus failed = SessionStatus.builder(SessionState.FAILED).since(1_000L).connection("b")
                .lastError(ErrorKind.AUTHENTICATION, "bad \"key\"", 2_000L).lastErrorCurrent(true).build();
        String json = JsonPage.render(Arrays.asList(
                ConnectionView.of("a", FakeSession.connected("a").status,
                        Arrays.asList(new RecentNotification(3_000L, "COMMAND", null, "command c1", false, "{\"x\":1}"))),
                ConnectionView.of("b", failed, Collections.<RecentNotification>emptyList())));
        assertTrue(json, json.startsWith("{\"connections\":[\n{\"connection\":\"a\",\"state\":\"CONNECTED\",\"since\":\"1970-01-01T00:16:40Z\""));
        assertTrue(json, json.contains("\"lastError\":null,\"counters\":{\"received\":7,\"dispatched\":6,\"dropped\":0,\"malformed\":1,\"queued\":0,\"reconnects\":2"));
        assertTrue(json, json.contains("\"broker\":\"ssl://broker.example:8883\""));
        assertTrue(json, json.contains("\"recent\":[{\"receivedAt\":\"1970-01-01T00:00:03Z\",\"kind\":\"COMMAND\",\"type\":\"\",\"about\":\"command c1\",\"recovered\":false,\"raw\":\"{\\\"x\\\":1}\",\"rawCut\":false}]"));
        assertTrue(json, json.contains("\"lastError\":{\"message\":\"bad \\\"key\\\"\",\"kind\":\"AUTHENTICATION\",\"at\":\"1970-01-01T00:00:02Z\",\"current\":true}"));
        assertTrue(json, json.endsWith("\"recent\":[]}]}"));
    }

    @Test
    public void noConnections() {
        assertEquals("{\"connections\":[]}", JsonPage.render(Collections.<ConnectionView>emptyList()));
    }
}
