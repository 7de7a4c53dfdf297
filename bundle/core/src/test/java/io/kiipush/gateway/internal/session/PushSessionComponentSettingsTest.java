package io.kiipush.gateway.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

/**
 * Reading the session configuration never throws: DS converts a value only when its method is called and throws when
 * it cannot (found by BadInputIT: {@code keepAliveSec=often} left the session CONNECTED with the old settings and no
 * word in the status).
 */
public class PushSessionComponentSettingsTest {

    @Test
    public void aValueDsCannotConvertIsAProblemNamingTheFieldNotAnException() {
        Map<String, RuntimeException> failing = new HashMap<>();
        failing.put("keepAliveSec", new IllegalArgumentException("For input string: \"often\""));
        failing.put("queue.capacity", new NumberFormatException("many"));
        PushSessionComponent.Config config = config(failing);
        SessionSettings s = PushSessionComponent.settings(config);
        assertFalse(s.isValid());
        assertEquals(s.problems().toString(), 2, s.problems().size());
        assertEquals("Keep-alive (s) (keepAliveSec) is not a whole number: enter digits only", s.problems().get(0));
        assertEquals("Queue capacity (messages) (queue.capacity) is not a whole number: enter digits only",
                s.problems().get(1));
        assertEquals(60, s.getKeepAliveSec());
        assertEquals(10_000, s.getQueueCapacity());
    }

    @Test
    public void defaultsAreValid() {
        SessionSettings s = PushSessionComponent.settings(config(Collections.<String, RuntimeException>emptyMap()));
        assertTrue(s.problems().toString(), s.isValid());
        assertTrue(s.isEnabled());
        assertEquals(64 * 1024, s.getPayloadMaxBytes());
    }

    @Test
    public void catchUpSettingsAreReadCheckedAndTheirProblemsMakeTheSessionConfigurationInvalid() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        io.kiipush.gateway.internal.recovery.CatchUpSettings defaults = PushSessionComponent.catchUpSettings(
                config(Collections.<String, RuntimeException>emptyMap()), problems);
        assertTrue(defaults.isEnabled());
        assertEquals(86_400_000L, defaults.getMaxWindowMs());
        assertEquals(100, defaults.getPageSize());
        assertEquals(Collections.emptyList(), problems);

        Map<String, Object> values = new HashMap<>();
        values.put("catchup_enabled", false);
        values.put("catchup_maxWindowSeconds", 0L);
        values.put("catchup_pageSize", 1001);
        PushSessionComponent.Config c = (PushSessionComponent.Config) Proxy.newProxyInstance(
                PushSessionComponent.Config.class.getClassLoader(), new Class<?>[] { PushSessionComponent.Config.class },
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
        io.kiipush.gateway.internal.recovery.CatchUpSettings off = PushSessionComponent.catchUpSettings(c, problems);
        assertFalse(off.isEnabled());
        assertEquals(problems.toString(), 2, problems.size());
        assertEquals("catchup.maxWindowSeconds is 0 but must be 1-2592000", problems.get(0));
        assertEquals("catchup.pageSize is 1001 but must be 1-1000", problems.get(1));
        SessionSettings s = PushSessionComponent.settings(c);
        assertFalse("the session goes FAILED naming them", s.isValid());
        assertTrue(s.problems().toString(), s.problems().contains("catchup.pageSize is 1001 but must be 1-1000"));
    }

    // A Config whose methods answer their defaults, or throw what DS would throw for the given keys.
    private static PushSessionComponent.Config config(Map<String, RuntimeException> failing) {
        return (PushSessionComponent.Config) Proxy.newProxyInstance(PushSessionComponent.Config.class.getClassLoader(),
                new Class<?>[] { PushSessionComponent.Config.class }, (proxy, method, args) -> {
                    RuntimeException e = failing.get(method.getName().replace('_', '.'));
                    if (e != null) {
                        throw e;
                    }
                    return method.getDefaultValue();
                });
    }
}
