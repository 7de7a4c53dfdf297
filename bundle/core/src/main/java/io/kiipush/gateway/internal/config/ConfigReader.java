package io.kiipush.gateway.internal.config;

import java.util.List;
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
        String v = read(getter, null, field + " cannot be read: enter a text value");
        return v == null ? "" : v.trim();
    }

    /** @return the clear text of a Password field, untrimmed, empty when unset or unreadable */
    public String secret(ConfigField field, Supplier<String> getter, UnaryOperator<String> decrypter) {
        String raw = read(getter, null, field + " cannot be read: enter it again");
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String clear = decrypter.apply(raw);
        return clear == null ? "" : clear;
    }

    /** @return the number, or {@code fallback} when it is not one */
    public int integer(ConfigField field, Supplier<Integer> getter, int fallback) {
        return read(getter, fallback, notANumber(field));
    }

    /** @return the number, or {@code fallback} when it is not one */
    public long longInteger(ConfigField field, Supplier<Long> getter, long fallback) {
        return read(getter, fallback, notANumber(field));
    }

    /** @return the flag, or {@code fallback} when it is neither true nor false */
    public boolean bool(ConfigField field, Supplier<Boolean> getter, boolean fallback) {
        return read(getter, fallback, field + " is not true or false: choose one of them");
    }

    /** @return the entries, {@code null} when unset or unreadable */
    public String[] list(ConfigField field, Supplier<String[]> getter) {
        return read(getter, null, field + " cannot be read: enter one text entry per line");
    }

    private <T> T read(Supplier<T> getter, T fallback, String problem) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            problems.add(problem);
            return fallback;
        }
    }

    private static String notANumber(ConfigField field) {
        return field + " is not a whole number: enter digits only";
    }
}
