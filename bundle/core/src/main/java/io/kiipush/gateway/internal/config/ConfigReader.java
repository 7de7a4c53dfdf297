package io.kiipush.gateway.internal.config;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Reads the values of a DS configuration annotation without ever throwing. DS converts a value only when its method is
 * called and throws when it cannot (e.g. {@code keepAliveSec=often}); such a value becomes a problem naming the field
 * by label and key and saying what to enter, and the fallback is used.
 */
public final class ConfigReader {

    private final List<String> problems;

    /** @param problems where problems are added */
    public ConfigReader(List<String> problems) {
        this.problems = problems;
    }

    /** @return the trimmed text, empty when unset or unreadable */
    public String text(ConfigField field, Supplier<String> getter) {
        try {
            String v = getter.get();
            return v == null ? "" : v.trim();
        } catch (RuntimeException e) {
            problems.add(field + " cannot be read: enter a text value");
            return "";
        }
    }

    /** @return the clear text of a Password field, untrimmed, empty when unset or unreadable */
    public String secret(ConfigField field, Supplier<String> getter, UnaryOperator<String> decrypter) {
        String raw;
        try {
            raw = getter.get();
        } catch (RuntimeException e) {
            problems.add(field + " cannot be read: enter it again");
            return "";
        }
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String clear = decrypter.apply(raw);
        return clear == null ? "" : clear;
    }

    /** @return the number, or {@code fallback} when it is not one */
    public int integer(ConfigField field, IntSupplier getter, int fallback) {
        try {
            return getter.getAsInt();
        } catch (RuntimeException e) {
            problems.add(notANumber(field));
            return fallback;
        }
    }

    /** @return the number, or {@code fallback} when it is not one */
    public long longInteger(ConfigField field, LongSupplier getter, long fallback) {
        try {
            return getter.getAsLong();
        } catch (RuntimeException e) {
            problems.add(notANumber(field));
            return fallback;
        }
    }

    /** @return the flag, or {@code fallback} when it is neither true nor false */
    public boolean bool(ConfigField field, BooleanSupplier getter, boolean fallback) {
        try {
            return getter.getAsBoolean();
        } catch (RuntimeException e) {
            problems.add(field + " is not true or false: choose one of them");
            return fallback;
        }
    }

    /** @return the entries, {@code null} when unset or unreadable */
    public String[] list(ConfigField field, Supplier<String[]> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            problems.add(field + " cannot be read: enter one text entry per line");
            return null;
        }
    }

    private static String notANumber(ConfigField field) {
        return field + " is not a whole number: enter digits only";
    }
}
