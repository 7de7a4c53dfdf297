package io.kiipush.gateway.internal.parse;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map in insertion order kept in two arrays (no entry objects): a payload's top-level fields, built once
 * per message by the parser and shared, not copied, by the notification and its event. Lookups scan the keys, which
 * suits the dozen fields of a push. {@link #forEach(BiConsumer)} and {@link #keySet()} iterate without allocating an
 * entry per field; every mutator throws {@link UnsupportedOperationException}.
 */
public final class FieldMap extends AbstractMap<String, Object> {

    private final String[] keys;
    private final Object[] values;

    private FieldMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * @param keys distinct keys, owned by the map from now on
     * @param values their values (non-null), owned by the map from now on
     * @return the map
     */
    public static FieldMap of(String[] keys, Object[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException("keys and values differ in length");
        }
        return new FieldMap(keys, values);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<String>() {
            @Override
            public Iterator<String> iterator() {
                return new Cursor<String>() {
                    @Override
                    String at(int i) {
                        return keys[i];
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }
        };
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<Map.Entry<String, Object>>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Cursor<Map.Entry<String, Object>>() {
                    @Override
                    Map.Entry<String, Object> at(int i) {
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    /** Iterates positions 0..size-1. */
    private abstract class Cursor<T> implements Iterator<T> {
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < keys.length;
        }

        @Override
        public T next() {
            if (next >= keys.length) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }

    /**
     * Collects fields with {@link java.util.LinkedHashMap}'s ordering (a repeated key keeps its first position and
     * takes the new value; a removed key that comes back goes to the end). Reusable: {@link #build()} copies out and
     * starts over. Keys are found by scanning while there are few, through a hash index beyond that, so a payload with
     * thousands of fields costs linear time.
     */
    static final class Builder {
        private static final int SCAN_LIMIT = 16;

        private String[] keys = new String[SCAN_LIMIT];
        private Object[] values = new Object[SCAN_LIMIT];
        private int end; // positions used, including removed ones (value null)
        private int live;
        private Map<String, Integer> index; // only for large payloads

        void put(String key, Object value) {
            int i = find(key);
            if (i >= 0) {
                values[i] = value;
                return;
            }
            if (end == keys.length) {
                keys = Arrays.copyOf(keys, end * 2);
                values = Arrays.copyOf(values, end * 2);
            }
            keys[end] = key;
            values[end] = value;
            if (index != null) {
                index.put(key, end);
            } else if (end == SCAN_LIMIT) {
                index = new HashMap<>();
                for (int k = 0; k <= end; k++) {
                    if (values[k] != null) {
                        index.put(keys[k], k);
                    }
                }
            }
            end++;
            live++;
        }

        void remove(String key) {
            int i = find(key);
            if (i >= 0) {
                values[i] = null;
                live--;
                if (index != null) {
                    index.remove(key);
                }
            }
        }

        private int find(String key) {
            if (index != null) {
                Integer i = index.get(key);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < end; i++) {
                if (values[i] != null && keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        FieldMap build() {
            String[] k = new String[live];
            Object[] v = new Object[live];
            int n = 0;
            for (int i = 0; i < end; i++) {
                if (values[i] != null) {
                    k[n] = keys[i];
                    v[n++] = values[i];
                }
            }
            clear();
            return new FieldMap(k, v);
        }

        void clear() {
            Arrays.fill(keys, 0, end, null);
            Arrays.fill(values, 0, end, null);
            end = 0;
            live = 0;
            index = null;
            if (keys.length > SCAN_LIMIT * 4) { // do not keep a huge payload's arrays alive
                keys = new String[SCAN_LIMIT];
                values = new Object[SCAN_LIMIT];
            }
        }
    }
}
