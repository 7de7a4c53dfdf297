package io.kiipush.gateway.internal.results;

import static org.junit.Assert.assertEquals;
import static io.kiipush.gateway.internal.results.ResultsJsonTest.assertRefused;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;
import org.osgi.service.event.Event;

import io.kiipush.gateway.ActionResult;
import io.kiipush.gateway.CommandResults;

public class ResultEventsTest {

    private static Event event(Object id, Object results) {
        Map<String, Object> p = new HashMap<>();
        if (id != null) {
            p.put("kii.commandID", id);
        }
        if (results != null) {
            p.put("kii.results", results);
        }
        return new Event(CommandResults.TOPIC_RESULT, p);
    }

    @Test
    public void readsTheCommandAndItsResults() {
        ResultEvents.Request r = ResultEvents.parse(event("cmd-1", "[{\"turnPower\":{\"succeeded\":true}}]"));
        assertEquals("cmd-1", r.commandId);
        assertEquals(1, r.results.size());
        assertEquals(ActionResult.succeeded("turnPower"), r.results.get(0));
        assertEquals("io/kiipush/gateway/command/RESULT", CommandResults.TOPIC_RESULT);
    }

    @Test
    public void badEventsNameTheProperty() {
        assertRefused(() -> ResultEvents.parse(event(null, "[]")), "kii.commandID must be the command ID");
        assertRefused(() -> ResultEvents.parse(event(42L, "[]")), "found Long 42");
        assertRefused(() -> ResultEvents.parse(event(" ", "[]")), "kii.commandID");
        assertRefused(() -> ResultEvents.parse(event("cmd-1", null)), "kii.results must be a String");
        assertRefused(() -> ResultEvents.parse(event("cmd-1", new String[] { "x" })), "found String[]");
        assertRefused(() -> ResultEvents.parse(event("cmd-1", "[{\"a\":{}}]")),
                "command cmd-1: kii.results: the result of action 'a' needs a boolean succeeded");
    }
}
