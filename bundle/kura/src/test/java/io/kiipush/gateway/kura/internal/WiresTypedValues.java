package io.kiipush.gateway.kura.internal;

import java.util.Arrays;
import java.util.List;

/**
 * A model of Kura's {@code TypedValues.newTypedValue(Object)}, which Kura Wires' Subscriber applies to every metric of
 * a received message (docs/events.md, "Kura Wires"): it accepts exactly Boolean, byte[], Float, Double, Integer, Long
 * and String, tested in that order with instanceof, and throws IllegalArgumentException("Cannot convert to
 * TypedValue") for anything else, null included.
 */
final class WiresTypedValues {

    /** The Wires data type each accepted class becomes. */
    enum DataType { BOOLEAN, BYTE_ARRAY, FLOAT, DOUBLE, INTEGER, LONG, STRING }

    private static final List<Class<?>> ACCEPTED = Arrays.asList(Boolean.class, byte[].class, Float.class,
            Double.class, Integer.class, Long.class, String.class);

    private WiresTypedValues() {
    }

    static DataType newTypedValue(Object value) {
        for (int i = 0; i < ACCEPTED.size(); i++) {
            if (ACCEPTED.get(i).isInstance(value)) {
                return DataType.values()[i];
            }
        }
        throw new IllegalArgumentException("Cannot convert to TypedValue");
    }
}
