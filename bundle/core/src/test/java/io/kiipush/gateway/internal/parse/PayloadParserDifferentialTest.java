package io.kiipush.gateway.internal.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Our hand-written parser against Gson's strict reader (the parser it replaced) on generated valid documents and
 * their byte mutations: the same accept/reject decision and the same values, Gson's tolerances beyond RFC 8259
 * included.
 */
public class PayloadParserDifferentialTest {

    private static final int MAX_DEPTH = 8;
    private final PayloadParser parser = new PayloadParser(1 << 20, MAX_DEPTH);

    @Test(timeout = 60_000)
    public void agreesWithGsonOnGeneratedAndMutatedDocuments() {
        Random random = new Random(20261204);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 30_000; i++) {
            String doc = document(random);
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            if (i % 2 == 1) {
                int edits = 1 + random.nextInt(3);
                bytes = Arrays.copyOf(bytes, bytes.length + random.nextInt(2));
                for (int e = 0; e < edits; e++) {
                    bytes[random.nextInt(bytes.length)] = MUTATIONS[random.nextInt(MUTATIONS.length)];
                }
            }
            if (compare(bytes)) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertTrue("both outcomes exercised: " + accepted + " accepted, " + rejected + " rejected", accepted > 10_000 && rejected > 3_000);
    }

    @Test(timeout = 5000)
    public void acceptsWhatGsonToleratesBeyondTheRfc() {
        ParseResult r = parser.parse(utf8("\uFEFF{\"a\":\"it\\'s\\\nx\",\"b\":True,\"c\":fALSE,\"d\":NULL,\"e\":\"\u0001\"}"));
        assertTrue(r.rejection(), r.isParsed());
        assertEquals("it's\nx", r.fields().get("a"));
        assertEquals(Boolean.TRUE, r.fields().get("b"));
        assertEquals(Boolean.FALSE, r.fields().get("c"));
        assertTrue(!r.fields().containsKey("d"));
        assertEquals("\u0001", r.fields().get("e"));
        assertTrue(oracle("\uFEFF{\"a\":\"it\\'s\\\nx\",\"b\":True,\"c\":fALSE,\"d\":NULL,\"e\":\"\u0001\"}") != null);
    }

    @Test(timeout = 5000)
    public void keepsNestedValuesAsReceived() {
        ParseResult r = parser.parse(utf8("{ \"a\" : [ 1, {\"b\" : \"x\\n\"} ] , \"c\":{}}"));
        assertEquals("[ 1, {\"b\" : \"x\\n\"} ]", r.fields().get("a"));
        assertEquals("{}", r.fields().get("c"));
    }

    // Bytes that break JSON in interesting ways: structure, quotes, escapes, digits, signs, space, invalid UTF-8.
    private static final byte[] MUTATIONS = "{}[]\",:\\ 0-+.eEtnuTFN'\n/".getBytes(StandardCharsets.US_ASCII);

    // true if accepted (by both); fails the test if the two disagree.
    private boolean compare(byte[] bytes) {
        ParseResult ours = parser.parse(bytes);
        String text = decodeStrict(bytes);
        Map<String, JsonElement> expected = text == null ? null : oracle(text);
        if (expected == null) {
            if (ours.isParsed()) {
                fail("accepted what Gson rejects: " + show(bytes) + " -> " + ours.fields());
            }
            return false;
        }
        if (!ours.isParsed()) {
            fail("rejected what Gson accepts: " + show(bytes) + " -> " + ours.rejection());
        }
        assertEquals(text, ours.raw());
        Map<String, Object> actual = ours.fields();
        Map<String, JsonElement> present = new LinkedHashMap<>(expected);
        present.values().removeIf(JsonElement::isJsonNull);
        assertEquals(show(bytes), present.keySet(), actual.keySet());
        for (Map.Entry<String, JsonElement> e : present.entrySet()) {
            assertValue(show(bytes) + " field " + e.getKey(), e.getValue(), actual.get(e.getKey()));
        }
        return true;
    }

    private static void assertValue(String where, JsonElement expected, Object actual) {
        if (expected.isJsonObject() || expected.isJsonArray()) {
            try {
                assertEquals(where, expected, element(strict((String) actual), 2));
            } catch (IOException e) {
                throw new AssertionError(where + ": nested text is not strict JSON: " + actual, e);
            }
            return;
        }
        JsonPrimitive p = expected.getAsJsonPrimitive();
        if (p.isString()) {
            assertEquals(where, p.getAsString(), actual);
        } else if (p.isBoolean()) {
            assertEquals(where, p.getAsBoolean(), actual);
        } else {
            String literal = p.getAsString();
            double d = Double.parseDouble(literal);
            if (actual instanceof Long) {
                assertTrue(where + ": integral literal", literal.matches("-?\\d+"));
                assertEquals(where, 0, new BigDecimal(literal).compareTo(BigDecimal.valueOf((Long) actual)));
            } else if (actual instanceof Double) {
                assertEquals(where, d, (Double) actual, 0.0);
            } else {
                assertEquals(where, literal, actual);
                assertTrue(where + ": only non-finite doubles stay text", Double.isInfinite(d));
            }
        }
    }

    // Gson's strict reader: the top-level fields in order (JsonNull for null), or null if not one JSON object.
    static Map<String, JsonElement> oracle(String text) {
        try {
            JsonReader r = strict(text);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                return null;
            }
            Map<String, JsonElement> fields = new LinkedHashMap<>();
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                fields.put(name, element(r, 2));
            }
            r.endObject();
            return r.peek() == JsonToken.END_DOCUMENT ? fields : null;
        } catch (IOException | IllegalStateException | NumberFormatException | TooDeep e) {
            return null;
        }
    }

    private static JsonReader strict(String text) {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setLenient(false);
        return r;
    }

    private static JsonElement element(JsonReader r, int depth) throws IOException {
        JsonToken token = r.peek();
        if ((token == JsonToken.BEGIN_OBJECT || token == JsonToken.BEGIN_ARRAY) && depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        switch (token) {
            case BEGIN_OBJECT: {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    o.add(name, element(r, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY: {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(element(r, depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING:
                return new JsonPrimitive(r.nextString());
            case NUMBER:
                return new JsonPrimitive(new LazilyParsedNumber(r.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(r.nextBoolean());
            case NULL:
                r.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new IllegalStateException("unexpected " + r.peek());
        }
    }

    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    // ---------------------------------------------------------------- generator of valid documents

    private static String document(Random random) {
        StringBuilder sb = new StringBuilder(random.nextInt(50) == 0 ? "\uFEFF" : "");
        space(random, sb);
        object(random, sb, 1 + random.nextInt(MAX_DEPTH + 2)); // sometimes deeper than allowed
        space(random, sb);
        return sb.toString();
    }

    private static void object(Random random, StringBuilder sb, int depthLeft) {
        sb.append('{');
        int n = random.nextInt(depthLeft > 1 ? 5 : 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            space(random, sb);
            string(random, sb);
            space(random, sb);
            sb.append(':');
            space(random, sb);
            value(random, sb, depthLeft - 1);
            space(random, sb);
        }
        sb.append('}');
    }

    private static void value(Random random, StringBuilder sb, int depthLeft) {
        int pick = random.nextInt(depthLeft > 0 ? 9 : 7);
        switch (pick) {
            case 0:
            case 1:
                string(random, sb);
                break;
            case 2:
                number(random, sb);
                break;
            case 3:
                sb.append("true");
                break;
            case 4:
                sb.append("false");
                break;
            case 5:
                sb.append("null");
                break;
            case 6:
                number(random, sb);
                break;
            case 7:
                object(random, sb, depthLeft);
                break;
            default:
                sb.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    space(random, sb);
                    value(random, sb, depthLeft - 1);
                    space(random, sb);
                }
                sb.append(']');
        }
    }

    private static final String[] NUMBERS = { "0", "-0", "7", "-42", "3.25", "1e3", "1E-2", "-0.5e+10", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890", "1e400", "-1e400", "0.1" };

    private static void number(Random random, StringBuilder sb) {
        sb.append(random.nextBoolean() ? NUMBERS[random.nextInt(NUMBERS.length)] : Long.toString(random.nextInt(100_000) - 50_000));
    }

    private static final String[] PIECES = { "bucketID", "objectID", "k", "é", "日本", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9",
            "\\uD83D\\uDE00", "\\t", "\\b\\f\\r", " ", "x", "😀", "\u0001" };

    private static void string(Random random, StringBuilder sb) {
        sb.append('"');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        sb.append('"');
    }

    private static void space(Random random, StringBuilder sb) {
        if (random.nextInt(4) == 0) {
            sb.append(" \t\n\r".charAt(random.nextInt(4)));
        }
    }

    private static String decodeStrict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String show(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
