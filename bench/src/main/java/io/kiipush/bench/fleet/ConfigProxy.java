package io.kiipush.bench.fleet;

import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type (a DS configuration annotation) backed by a map, converted the way DS converts: the
 * method {@code mqtt_transport} reads the key {@code mqtt.transport}; a missing key gives the method's default.
 */
public final class ConfigProxy {

    private ConfigProxy() {
    }

    public static <T> T of(Class<T> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            switch (m.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + properties.keySet();
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == args[0];
                default:
                    Object v = properties.get(m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_'));
                    return v == null ? m.getDefaultValue() : convert(v, m.getReturnType());
            }
        });
        return type.cast(proxy);
    }

    private static Object convert(Object v, Class<?> type) {
        if (type.isInstance(v)) {
            return v;
        }
        String text = v.toString();
        if (type == int.class) {
            return Integer.valueOf(text);
        }
        if (type == long.class) {
            return Long.valueOf(text);
        }
        if (type == boolean.class) {
            return Boolean.valueOf(text);
        }
        if (type == String[].class) {
            Object a = Array.newInstance(String.class, 1);
            Array.set(a, 0, text);
            return a;
        }
        return text;
    }
}
