package io.kiipush.demo.consumer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ActionResult;

/** Gap detection on the gateway's receive sequence; every command answered as succeeded. */
public class CommandListenerTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(10);

    @Test
    public void consecutiveSequenceNumbersHaveNoGap() {
        CommandListener l = new CommandListener();
        assertEquals(0, l.missingBefore(1));
        assertEquals(0, l.missingBefore(2));
        assertEquals(0, l.missingBefore(3));
    }

    @Test
    public void skippedNumbersAreCountedOnce() {
        CommandListener l = new CommandListener();
        l.missingBefore(1);
        assertEquals(3, l.missingBefore(5));
        assertEquals(0, l.missingBefore(6));
    }

    @Test
    public void aRestartedNumberingIsNotAGap() {
        CommandListener l = new CommandListener();
        l.missingBefore(41);
        assertEquals(0, l.missingBefore(1));
        assertEquals(0, l.missingBefore(2));
    }

    @Test
    public void theFirstNotificationSeenIsNeverAGap() {
        assertEquals(0, new CommandListener().missingBefore(17));
    }

    @Test
    public void everyActionOfACommandIsReportedAsSucceeded() {
        List<String> commands = new ArrayList<>();
        List<List<ActionResult>> reported = new ArrayList<>();
        CommandListener l = new CommandListener((commandId, results) -> {
            commands.add(commandId);
            reported.add(results);
            return CompletableFuture.completedFuture(null);
        });
        l.answer("cmd-1", "[{\"turnPower\":{\"power\":true}},{\"setPresetTemperature\":{\"value\":25}}]");
        assertEquals(1, commands.size());
        assertEquals("cmd-1", commands.get(0));
        assertEquals(2, reported.get(0).size());
        assertEquals(ActionResult.succeeded("turnPower"), reported.get(0).get(0));
        assertEquals(ActionResult.succeeded("setPresetTemperature"), reported.get(0).get(1));
    }

    @Test
    public void unreadableActionsAndAMissingServiceAreLoggedNotThrown() {
        List<String> commands = new ArrayList<>();
        CommandListener l = new CommandListener((commandId, results) -> {
            commands.add(commandId);
            return CompletableFuture.completedFuture(null);
        });
        l.answer("cmd-1", "not json");
        new CommandListener().answer("cmd-2", "[{\"a\":1}]");
        assertTrue(commands.isEmpty());
    }
}
