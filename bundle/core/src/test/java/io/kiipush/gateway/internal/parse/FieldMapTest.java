package io.kiipush.gateway.internal.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

/** The parser's field map behaves like the LinkedHashMap it replaced, is immutable, and its string cache is exact. */
public class FieldMapTest {

    @Test
    public void builderKeepsLinkedHashMapOrderingForRepeatsAndRemovalsAtAnySize() {
        Random random = new Random(42);
        FieldMap.Builder builder = new FieldMap.Builder();
        for (int round = 0; round < 2000; round++) {
            Map<String, Object> reference = new LinkedHashMap<>();
            int keys = 1 + random.nextInt(round % 2 == 0 ? 8 : 60); // the scan path and the hash-index path
            int ops = random.nextInt(keys * 3);
            for (int i = 0; i < ops; i++) {
                String key = "k" + random.nextInt(keys);
                if (random.nextInt(5) == 0) {
                    reference.remove(key);
                    builder.remove(key);
                } else {
                    reference.put(key, i);
                    builder.put(key, i);
                }
            }
            FieldMap built = builder.build();
            assertEquals(new ArrayList<>(reference.keySet()), new ArrayList<>(built.keySet()));
            assertEquals(new ArrayList<>(reference.values()), new ArrayList<>(built.values()));
            assertEquals(reference, built);
            assertEquals(built, reference);
            assertEquals(reference.hashCode(), built.hashCode());
            List<Object> visited = new ArrayList<>();
            built.forEach((k, v) -> visited.add(k + "=" + v));
            assertEquals(reference.toString(), "{" + String.join(", ", visited.toArray(new String[0])) + "}");
            for (String k : reference.keySet()) {
                assertTrue(built.containsKey(k));
                assertEquals(reference.get(k), built.get(new String(k))); // equal, not the same instance
            }
            assertNull(built.get("absent"));
        }
    }

    @Test
    public void itCannotBeChanged() {
        FieldMap.Builder b = new FieldMap.Builder();
        b.put("a", 1L);
        FieldMap m = b.build();
        for (Runnable change : new Runnable[] { () -> m.put("b", 2L), () -> m.remove("a"), m::clear,
                () -> m.entrySet().iterator().next().setValue(3L), () -> m.keySet().remove("a") }) {
            try {
                change.run();
                fail("changed: " + m);
            } catch (UnsupportedOperationException expected) {
                // immutable
            }
        }
        assertEquals("{a=1}", m.toString());
        assertFalse(m.isEmpty());
    }

    @Test
    public void theStringCacheReturnsEqualStringsAndReusesRepeatedOnes() {
        StringCache cache = new StringCache(16);
        String text = "xx\"bucketID\":\"sensors\"";
        String first = cache.get(text, 3, 11);
        assertEquals("bucketID", first);
        assertSame(first, cache.get("{\"bucketID\"", 2, 10));
        assertEquals("sensors", cache.get(text, 14, 21));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) { // collisions and evictions never return a wrong string
            String s = Long.toString(random.nextLong(), 36).substring(0, 1 + random.nextInt(5));
            assertEquals(s, cache.get("<" + s + ">", 1, 1 + s.length()));
        }
        String longText = new String(new char[100]).replace('\0', 'z');
        assertEquals(longText, cache.get(longText, 0, 100));
    }
}
