package io.kiipush.gateway.internal.parse;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * Turns a raw MQTT payload into the top-level fields of a Kii push notification, or says why it cannot.
 * <p>
 * Strict: the payload must be well-formed UTF-8 holding exactly one JSON object (RFC 8259), at most
 * {@code maxBytes} long and at most {@code maxDepth} levels deep. Scalars become String, Long, Double or Boolean;
 * nested objects and arrays become their (re-serialised) JSON text; JSON nulls are left out; a repeated key keeps the
 * last value. Never recurses, so hostile nesting cannot exhaust the stack. Not thread-safe by design: one instance
 * per dispatcher thread.
 */
public final class PayloadParser {

    private final int maxBytes;
    private final int maxDepth;

    /**
     * @param maxBytes largest accepted payload in bytes
     * @param maxDepth deepest accepted nesting, counting the top-level object as 1
     */
    public PayloadParser(int maxBytes, int maxDepth) {
        if (maxBytes <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("maxBytes and maxDepth must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    /** @return the largest accepted payload in bytes */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * @param payload the raw bytes
     * @return the parsed fields or the rejection reason; never throws
     */
    public ParseResult parse(byte[] payload) {
        if (payload.length > maxBytes) {
            return ParseResult.rejected(tooLarge(maxBytes));
        }
        if (!Utf8.isValid(payload)) {
            return ParseResult.rejected("not valid UTF-8");
        }
        String raw = new String(payload, StandardCharsets.UTF_8);
        try {
            JsonReader reader = new JsonReader(new StringReader(raw));
            reader.setLenient(false);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                return ParseResult.rejected("not a JSON object");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                Object value = readValue(reader);
                if (value == null) {
                    fields.remove(name);
                } else {
                    fields.put(name, value);
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return ParseResult.rejected("not JSON: content after the object");
            }
            return ParseResult.parsed(fields, raw);
        } catch (DepthExceededException e) {
            return ParseResult.rejected("nested deeper than " + maxDepth + " levels");
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Gson signals syntax errors with MalformedJsonException (an IOException) or IllegalStateException.
            return ParseResult.rejected("not JSON: " + shorten(e.getMessage()));
        }
    }

    /**
     * @param limit the byte limit
     * @return the rejection reason used for oversized payloads
     */
    public static String tooLarge(int limit) {
        return "larger than " + limit + " bytes";
    }

    private Object readValue(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case STRING:
                return reader.nextString();
            case NUMBER:
                return number(reader.nextString());
            case BOOLEAN:
                return reader.nextBoolean();
            case NULL:
                reader.nextNull();
                return null;
            case BEGIN_OBJECT:
            case BEGIN_ARRAY:
                return copyNested(reader);
            default:
                throw new IllegalStateException("unexpected " + reader.peek());
        }
    }

    // Iterative copy of one nested object/array into JSON text, enforcing the depth limit.
    private String copyNested(JsonReader reader) throws IOException {
        StringWriter out = new StringWriter(64);
        JsonWriter writer = new JsonWriter(out);
        writer.setLenient(false);
        int depth = 1; // the top-level object
        do {
            JsonToken token = reader.peek();
            switch (token) {
                case BEGIN_OBJECT:
                    checkDepth(++depth);
                    reader.beginObject();
                    writer.beginObject();
                    break;
                case END_OBJECT:
                    depth--;
                    reader.endObject();
                    writer.endObject();
                    break;
                case BEGIN_ARRAY:
                    checkDepth(++depth);
                    reader.beginArray();
                    writer.beginArray();
                    break;
                case END_ARRAY:
                    depth--;
                    reader.endArray();
                    writer.endArray();
                    break;
                case NAME:
                    writer.name(reader.nextName());
                    break;
                case STRING:
                    writer.value(reader.nextString());
                    break;
                case NUMBER:
                    writer.jsonValue(reader.nextString());
                    break;
                case BOOLEAN:
                    writer.value(reader.nextBoolean());
                    break;
                case NULL:
                    reader.nextNull();
                    writer.nullValue();
                    break;
                default:
                    throw new IllegalStateException("unexpected " + token);
            }
        } while (depth > 1);
        writer.flush();
        return out.toString();
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw new DepthExceededException();
        }
    }

    private static Object number(String literal) {
        boolean integral = true;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                break;
            }
        }
        if (integral) {
            try {
                return Long.valueOf(literal);
            } catch (NumberFormatException tooBig) {
                // falls through to a floating-point value
            }
        }
        double d = integral ? new BigDecimal(literal).doubleValue() : Double.parseDouble(literal);
        // Keep the literal when a double cannot hold it (1e400): event properties must stay finite numbers or text.
        return Double.isInfinite(d) || Double.isNaN(d) ? literal : (Object) d;
    }

    private static String shorten(String message) {
        if (message == null) {
            return "syntax error";
        }
        // Gson leads with a hint about its lenient mode that means nothing to an operator.
        String m = message.replace("Use JsonReader.setLenient(true) to accept malformed JSON", "syntax error");
        return m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }

    /** Thrown (without a stack trace) when a payload nests deeper than allowed. */
    private static final class DepthExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DepthExceededException() {
            super(null, null, false, false);
        }
    }
}
