package io.kiipush.gateway.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

import io.kiipush.gateway.PushSession;

public class ConsoleActionsTest {

    private final FakeSession a = FakeSession.connected("a");
    private final FakeSession b = FakeSession.connected("b");
    private final List<PushSession> sessions = Arrays.asList(b, a);

    @Test
    public void disconnectAndConnectReachOnlyTheNamedSession() {
        ConsoleActions.Outcome o = ConsoleActions.apply("disconnect", "b", sessions);
        assertEquals(303, o.status());
        assertEquals(Arrays.asList("disconnect"), b.calls);
        assertTrue(a.calls.isEmpty());
        assertEquals(303, ConsoleActions.apply("connect", "b", sessions).status());
        assertEquals(Arrays.asList("disconnect", "connect"), b.calls);
    }

    @Test
    public void anUnknownConnectionIs404NamingTheKnownOnes() {
        ConsoleActions.Outcome o = ConsoleActions.apply("disconnect", "<x>", sessions);
        assertEquals(404, o.status());
        assertEquals("no Kii connection '<x>'; the connections are: a, b", o.message());
        assertEquals("no Kii connection 'x'; the connections are: none",
                ConsoleActions.apply("connect", "x", Collections.<PushSession>emptyList()).message());
        assertTrue(a.calls.isEmpty() && b.calls.isEmpty());
    }

    @Test
    public void aBadActionOrMissingConnectionIs400() {
        ConsoleActions.Outcome bad = ConsoleActions.apply("restart", "a", sessions);
        assertEquals(400, bad.status());
        assertEquals("action must be connect or disconnect, was 'restart'", bad.message());
        assertEquals("action must be connect or disconnect, was missing", ConsoleActions.apply(null, "a", sessions).message());
        ConsoleActions.Outcome noConnection = ConsoleActions.apply("connect", "", sessions);
        assertEquals(400, noConnection.status());
        assertEquals("connection is missing: name the Kii connection to connect", noConnection.message());
        assertTrue(a.calls.isEmpty() && b.calls.isEmpty());
    }
}
