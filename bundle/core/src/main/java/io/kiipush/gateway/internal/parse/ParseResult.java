package io.kiipush.gateway.internal.parse;

import java.util.Map;

/** Outcome of {@link PayloadParser#parse(byte[])}: either the fields and raw text, or a rejection reason. */
public final class ParseResult {

    private final FieldMap fields;
    private final String raw;
    private final String rejection;

    private ParseResult(FieldMap fields, String raw, String rejection) {
        this.fields = fields;
        this.raw = raw;
        this.rejection = rejection;
    }

    static ParseResult parsed(FieldMap fields, String raw) {
        return new ParseResult(fields, raw, null);
    }

    static ParseResult rejected(String reason) {
        return new ParseResult(null, null, reason);
    }

    /** @return true if the payload was accepted */
    public boolean isParsed() {
        return rejection == null;
    }

    /** @return the top-level fields in payload order, immutable (only when parsed) */
    public Map<String, Object> fields() {
        return fields;
    }

    /** @return the payload as text (only when parsed) */
    public String raw() {
        return raw;
    }

    /** @return why the payload was rejected (only when not parsed) */
    public String rejection() {
        return rejection;
    }
}
