package io.kiipush.gateway.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collection;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

@RunWith(Parameterized.class)
public class SessionSettingsTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> badValues() {
        return Arrays.asList(new Object[][] {
            { "keepAliveSec", with(b -> b.keepAlive = 4) },
            { "keepAliveSec", with(b -> b.keepAlive = 65536) },
            { "keepAliveSec", with(b -> b.keepAlive = -1) },
            { "connectTimeoutSec", with(b -> b.connectTimeout = 0) },
            { "connectTimeoutSec", with(b -> b.connectTimeout = 601) },
            { "backoff.initialMs", with(b -> b.initial = 99) },
            { "backoff.initialMs", with(b -> { b.initial = 3_600_001L; b.max = 86_400_000L; }) },
            { "backoff.maxMs", with(b -> b.max = 999) },
            { "backoff.maxMs", with(b -> b.max = 86_400_001L) },
            { "backoff.resetAfterSec", with(b -> b.resetAfter = -1) },
            { "backoff.resetAfterSec", with(b -> b.resetAfter = 86_401) },
            { "startDelayMaxMs", with(b -> b.startDelay = -1) },
            { "startDelayMaxMs", with(b -> b.startDelay = 600_001) },
            { "queue.capacity", with(b -> b.capacity = 0) },
            { "queue.capacity", with(b -> b.capacity = 1_000_001) },
            { "queue.maxBytes", with(b -> b.maxBytes = 65535) },
            { "queue.maxBytes", with(b -> b.maxBytes = (1L << 30) + 1) },
            { "payload.maxBytes", with(b -> b.payloadMax = 15) },
            { "payload.maxBytes", with(b -> { b.payloadMax = (16 << 20) + 1; b.maxBytes = 1L << 30; }) },
        });
    }

    private final String field;
    private final SessionSettings settings;

    public SessionSettingsTest(String field, SessionSettings settings) {
        this.field = field;
        this.settings = settings;
    }

    @Test
    public void everyBadValueIsReportedWithItsFieldName() {
        assertFalse(settings.isValid());
        assertEquals(settings.problems().toString(), 1, settings.problems().size());
        assertTrue(settings.problems().get(0), settings.problems().get(0).startsWith(field + " is "));
        assertTrue("the defaults are valid", new Builder().build().isValid());
    }

    interface Change {
        void apply(Builder b);
    }

    static SessionSettings with(Change change) {
        Builder b = new Builder();
        change.apply(b);
        return b.build();
    }

    static final class Builder {
        int keepAlive = 60;
        int connectTimeout = 30;
        long initial = 1000;
        long max = 120_000;
        int resetAfter = 30;
        long startDelay = 3000;
        int capacity = 10_000;
        long maxBytes = 8L << 20;
        int payloadMax = 65536;

        SessionSettings build() {
            return new SessionSettings(true, keepAlive, connectTimeout, initial, max, resetAfter, startDelay, capacity, maxBytes, payloadMax);
        }
    }
}
