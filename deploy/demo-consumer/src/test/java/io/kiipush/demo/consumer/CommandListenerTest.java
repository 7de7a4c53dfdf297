package io.kiipush.demo.consumer;

import static org.junit.Assert.assertEquals;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** Gap detection on the gateway's receive sequence. */
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
}
