package io.kiipush.gateway.internal.results;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

import io.kiipush.gateway.ActionResult;

public class ResultsJsonTest {

    @Test
    public void buildsTheFlatActionResultsBodyOfTheThingSdks() {
        String body = ResultsJson.body(Arrays.asList(ActionResult.succeeded("turnPower"),
                ActionResult.failed("setTemp", "too hot").withData("{\"max\":30}")));
        assertEquals("{\"actionResults\":[{\"turnPower\":{\"succeeded\":true}},"
                + "{\"setTemp\":{\"succeeded\":false,\"errorMessage\":\"too hot\",\"data\":{\"max\":30}}}]}", body);
    }

    @Test
    public void refusesWhatKiiWouldRefuseWithAClearMessage() {
        assertRefused(() -> ResultsJson.body(Collections.<ActionResult>emptyList()), "at least one");
        assertRefused(() -> ResultsJson.body(null), "at least one");
        assertRefused(() -> ResultsJson.body(Collections.singletonList(ActionResult.succeeded("a").withData("[1]"))),
                "data of action 'a' must be a JSON object");
        assertRefused(() -> ResultsJson.body(Collections.singletonList(ActionResult.succeeded("a").withData("{x"))),
                "not valid JSON");
        assertRefused(() -> ResultsJson.body(Collections.nCopies(ResultsJson.MAX_RESULTS + 1,
                ActionResult.succeeded("a"))), "at most");
        assertRefused(() -> ActionResult.succeeded(" "), "action's name");
    }

    @Test
    public void readsTheArrayAConsumerPosts() {
        List<ActionResult> r = ResultsJson.parseArray("[{\"turnPower\":{\"succeeded\":true}},"
                + "{\"setTemp\":{\"succeeded\":false,\"errorMessage\":\"too hot\",\"data\":{\"max\":30}}}]");
        assertEquals(2, r.size());
        assertEquals(ActionResult.succeeded("turnPower"), r.get(0));
        assertEquals("setTemp", r.get(1).getAction());
        assertEquals("too hot", r.get(1).getErrorMessage());
        assertEquals("{\"max\":30}", r.get(1).getDataJson());
        assertNull(r.get(0).getDataJson());
    }

    @Test
    public void readingNamesTheFirstProblem() {
        assertRefused(() -> ResultsJson.parseArray(null), "no JSON text");
        assertRefused(() -> ResultsJson.parseArray("{\"a\":{\"succeeded\":true}}"), "must be a JSON array");
        assertRefused(() -> ResultsJson.parseArray("[]"), "empty");
        assertRefused(() -> ResultsJson.parseArray("[{\"a\":{\"succeeded\":true}}] trailing"), "not valid JSON");
        assertRefused(() -> ResultsJson.parseArray("[{a:{succeeded:true}}]"), "not valid JSON");
        assertRefused(() -> ResultsJson.parseArray("[{\"a\":{\"succeeded\":\"yes\"}}]"), "boolean succeeded");
        assertRefused(() -> ResultsJson.parseArray("[{\"a\":true}]"), "boolean succeeded");
        assertRefused(() -> ResultsJson.parseArray("[{\"a\":{\"succeeded\":true},\"b\":{}}]"), "one key");
        assertRefused(() -> ResultsJson.parseArray("[{\"a\":{\"succeeded\":false,\"errorMessage\":3}}]"),
                "errorMessage of action 'a'");
        assertRefused(() -> ResultsJson.parseArray("[{\"a\":{\"succeeded\":true,\"data\":\"x\"}}]"),
                "data of action 'a'");
    }

    static void assertRefused(Runnable r, String fragment) {
        try {
            r.run();
            fail("expected a refusal containing '" + fragment + "'");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(fragment));
        }
    }

    @Test
    public void deeplyNestedInputIsRefusedNotThrownAsAnError() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            deep.append('[');
        }
        assertRefused(() -> ResultsJson.parseArray(deep.toString()), "the results");
    }
}
