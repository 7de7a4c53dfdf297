package io.kiipush.gateway.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class TimesTest {

    private static final long AT = 1_796_605_408_649L; // 2026-12-07 01:03:28.649Z

    @Test
    public void utcWithHowLongAgo() {
        assertEquals("2026-12-07 01:03:28Z (5 s ago)", Times.format(AT, AT + 5_400));
        assertEquals("2026-12-07 01:03:28Z (3 min ago)", Times.format(AT, AT + 200_000));
        assertEquals("2026-12-07 01:03:28Z (5 h ago)", Times.format(AT, AT + 5 * 3_600_000L));
        assertEquals("2026-12-07 01:03:28Z (3 d ago)", Times.format(AT, AT + 3 * 86_400_000L));
        assertEquals("a next attempt ahead", "2026-12-07 01:03:28Z (in 4 s)", Times.format(AT, AT - 4_000));
        assertEquals("never", "-", Times.format(0, AT));
    }

    @Test
    public void isoForScripts() {
        assertEquals("2026-12-07T01:03:28.649Z", Times.iso(AT));
        assertNull(Times.iso(0));
    }
}
