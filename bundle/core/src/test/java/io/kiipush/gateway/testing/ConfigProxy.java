package io.kiipush.gateway.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds component configuration annotations the way DS does: the key of method {@code a_b} is {@code a.b}, absent
 * keys take the annotation default, values are converted to the method's type (a failed conversion throws, as in DS).
 */
public final class ConfigProxy {

    private ConfigProxy() {
    }

    /**
     * @param type the configuration annotation type
     * @param values configuration properties by key
     * @param <T> the annotation type
     * @return an instance backed by {@code values}
     */
    public static <T> T of(Class<T> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return "ConfigProxy"; // never the values: they hold secrets
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    String key = key(method);
                    Object value = values.containsKey(key) ? values.get(key) : method.getDefaultValue();
                    return convert(value, method.getReturnType());
            }
        }));
    }

    /**
     * @param m an annotation method
     * @return its configuration key
     */
    public static String key(Method m) {
        return m.getName().replace('_', '.');
    }

    private static Object convert(Object value, Class<?> type) {
        if (type == String.class) {
            return value == null ? null : String.valueOf(value);
        }
        if (type == int.class) {
            return value instanceof Number ? ((Number) value).intValue() : Integer.parseInt(String.valueOf(value).trim());
        }
        if (type == long.class) {
            return value instanceof Number ? ((Number) value).longValue() : Long.parseLong(String.valueOf(value).trim());
        }
        if (type == boolean.class) {
            if (value instanceof Boolean) {
                return value;
            }
            String s = String.valueOf(value).trim();
            if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("not a boolean");
            }
            return Boolean.parseBoolean(s);
        }
        if (type == String[].class) {
            if (value == null) {
                return new String[0];
            }
            return value instanceof String[] ? ((String[]) value).clone() : new String[] { String.valueOf(value) };
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }
}
