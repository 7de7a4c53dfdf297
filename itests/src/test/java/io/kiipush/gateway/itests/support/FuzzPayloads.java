package io.kiipush.gateway.itests.support;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Deterministic fuzzed and mutated MQTT payloads for the gateway, and an oracle that says, for each payload, what the
 * documented rules make of it (docs/events.md, docs/session.md): larger than {@code payload.maxBytes} = oversized
 * (counted as malformed); not strict UTF-8, not exactly one strict-JSON object, or nested deeper than 64 levels =
 * malformed; anything else is dispatched, classified by its top-level fields. The oracle is written from those rules
 * with the JDK's strict UTF-8 decoder and Gson's strict reader, not with the bundle's parser.
 */
public final class FuzzPayloads {

    /** What the gateway must do with a payload. */
    public enum Outcome {
        VALID, MALFORMED, OVERSIZED
    }

    /** Deepest accepted nesting, the top-level object counting as 1 (docs/session.md). */
    public static final int MAX_DEPTH = 64;

    private final Random random;
    private final int maxBytes;

    /**
     * @param seed fixed seed: the same payloads on every run and framework
     * @param maxBytes the {@code payload.maxBytes} the gateway is configured with
     */
    public FuzzPayloads(long seed, int maxBytes) {
        this.random = new Random(seed);
        this.maxBytes = maxBytes;
    }

    /** @return {@code count} payloads; a fixed set of boundary cases first, then random ones */
    public List<byte[]> generate(int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (byte[] b : boundaryCases()) {
            if (out.size() < count) {
                out.add(b);
            }
        }
        while (out.size() < count) {
            out.add(next());
        }
        return out;
    }

    // ------------------------------------------------------------------ generation

    private List<byte[]> boundaryCases() {
        List<byte[]> l = new ArrayList<>();
        l.add(new byte[0]); // empty payload
        l.add(bytes("{}"));
        l.add(bytes(" \t\r\n{ } \n"));
        l.add(bytes("null"));
        l.add(bytes("true"));
        l.add(bytes("42"));
        l.add(bytes("\"just a string\""));
        l.add(bytes("[]"));
        l.add(bytes("[{\"bucketID\":\"b\"}]"));
        l.add(bytes("{}{}"));
        l.add(bytes("{} trailing"));
        l.add(bytes("{'single':'quotes'}"));
        l.add(bytes("{unquoted:1}"));
        l.add(bytes("/*comment*/{}"));
        l.add(bytes("{\"n\":NaN}"));
        l.add(bytes("{\"n\":1e400,\"m\":-0,\"big\":123456789012345678901234567890}"));
        l.add(bytes("{\"dup\":1,\"dup\":null}"));
        l.add(bytes("{\"a\":1,}"));
        l.add(concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, bytes("{}"))); // UTF-8 BOM
        l.add(bytes("{\"emoji\":\"\uD83D\uDE00 caf\u00E9 \u65E5\u672C\"}"));
        l.add(bytes("{\"esc\":\"\\u0000\\ud800\\n\"}")); // escaped lone surrogate: valid JSON text
        l.add(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}' });
        l.add(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}' }); // overlong NUL
        l.add(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' }); // surrogate
        l.add(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}' });
        l.add(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}' }); // truncated sequence
        // nesting around the limit (top-level object = 1)
        for (int k : new int[] { MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 1000, 4000 }) {
            l.add(bytes("{\"deep\":" + repeat('[', k) + repeat(']', k) + "}"));
        }
        l.add(bytes("{\"o\":" + repeat("{\"o\":", MAX_DEPTH - 2) + "{}" + repeat('}', MAX_DEPTH - 2) + "}"));
        l.add(bytes("{\"o\":" + repeat("{\"o\":", MAX_DEPTH - 1) + "{}" + repeat('}', MAX_DEPTH - 1) + "}"));
        l.add(bytes(repeat('[', 8000)));
        l.add(bytes(repeat('[', 10_000))); // 10k '[': larger than 8192
        l.add(bytes("{\"deep\":" + repeat('[', 5000))); // unterminated deep nesting
        // sizes around payload.maxBytes
        l.add(sized(maxBytes - 1));
        l.add(sized(maxBytes));
        l.add(sized(maxBytes + 1));
        l.add(sized(60_000));
        // wrong types for Kii fields (valid JSON: dispatched)
        l.add(bytes("{\"commandID\":123,\"actions\":\"not an array\",\"issuer\":false}"));
        l.add(bytes("{\"commandID\":{\"x\":1},\"actions\":{}}"));
        l.add(bytes("{\"bucketID\":[1,2],\"type\":{\"t\":1},\"when\":\"yesterday\",\"objectID\":null}"));
        l.add(bytes("{\"origin\":\"EVENT\",\"type\":123}"));
        l.add(bytes("{\"origin\":\"EVENT\",\"type\":\"has space\"}"));
        l.add(bytes("{\"origin\":\"EVENT\",\"type\":\"" + repeat('T', 65) + "\"}"));
        l.add(bytes("{\"bucketType\":true,\"type\":\"\"}"));
        l.add(bytes("{\"topic\":true,\"when\":1.5e3}"));
        l.add(bytes("{\"topic\":null,\"origin\":\"EXPLICIT\"}"));
        l.add(bytes("{\"\":\"empty key\",\"kii.raw\":\"shadow\",\"event.topics\":\"x\",\"a/b*c\":1}"));
        // valid but unknown kinds
        l.add(bytes("{\"origin\":\"EVENT\",\"bucketID\":\"b\",\"type\":\"DATA_OBJECT_TELEPORTED\"}"));
        l.add(bytes("{\"pushMessageType\":\"FUTURE_KIND\",\"payloadVersion\":99}"));
        l.add(bytes("{\"origin\":\"SOMEWHERE\"}"));
        return l;
    }

    private byte[] next() {
        int r = random.nextInt(100);
        if (r < 22) {
            return bytes(validPush()); // valid pushes interleaved
        }
        if (r < 32) {
            String v = validPush();
            return bytes(v.substring(0, random.nextInt(v.length()))); // truncated
        }
        if (r < 42) {
            return mutateBytes(bytes(validPush())); // flipped / inserted / deleted bytes
        }
        if (r < 50) {
            return bytes(insertJunk(validPush())); // structural junk characters
        }
        if (r < 57) {
            return bytes(wrongTypes()); // valid JSON with the wrong types for Kii fields
        }
        if (r < 63) {
            return bytes(notAnObject()); // arrays and primitives instead of an object
        }
        if (r < 70) {
            return nonUtf8(bytes(validPush())); // invalid UTF-8 spliced in
        }
        if (r < 76) {
            int k = 1 + random.nextInt(random.nextBoolean() ? 80 : 4000);
            char open = random.nextBoolean() ? '[' : '{';
            return bytes(nested(k, open)); // deep nesting
        }
        if (r < 83) {
            return hugeString(); // huge strings, around and beyond payload.maxBytes
        }
        if (r < 86) {
            return new byte[0]; // empty payload
        }
        if (r < 93) {
            return bytes(unknownKind()); // valid but unknown kinds
        }
        byte[] b = new byte[random.nextInt(300)]; // random bytes
        random.nextBytes(b);
        return b;
    }

    private String validPush() {
        String id = Long.toHexString(random.nextLong());
        switch (random.nextInt(4)) {
            case 0:
                return "{\"origin\":\"EVENT\",\"sender\":\"u-" + id + "\",\"objectScopeType\":\"APP\",\"objectScopeAppID\":\"app\","
                        + "\"bucketID\":\"sensors\",\"bucketType\":\"rw\",\"objectID\":\"o-" + id + "\",\"type\":\""
                        + pick("DATA_OBJECT_CREATED", "DATA_OBJECT_UPDATED", "DATA_OBJECT_DELETED", "BUCKET_DELETED")
                        + "\",\"when\":" + Math.abs(random.nextInt()) + ",\"appID\":\"app\"}";
            case 1:
                return "{\"level\":\"" + pick("high", "low") + "\",\"n\":" + random.nextInt(1000) + ",\"x\":" + random.nextDouble()
                        + ",\"topic\":\"alerts\",\"objectScopeType\":\"APP\",\"objectScopeAppID\":\"app\"}";
            case 2:
                return "{\"note\":\"direct " + id + "\",\"flag\":" + random.nextBoolean() + ",\"nested\":{\"a\":[1,2,{\"b\":null}]}}";
            default:
                return "{\"commandID\":\"c-" + id + "\",\"actions\":[{\"turnPower\":{\"power\":" + random.nextBoolean()
                        + "}}],\"issuer\":\"user:u-" + id + "\"}";
        }
    }

    private String wrongTypes() {
        String[] keys = { "commandID", "bucketID", "bucketType", "origin", "topic", "type", "when", "objectID", "actions",
                "sender", "modifiedAt" };
        String[] values = { "123", "-1.5e10", "true", "false", "null", "[1,\"a\",null]", "{\"k\":{}}", "\"\"", "\"EVENT\"",
                "\"" + repeat('x', 100) + "\"", "9223372036854775808" };
        StringBuilder sb = new StringBuilder("{");
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(pick(keys)).append("\":").append(pick(values));
        }
        return sb.append('}').toString();
    }

    private String notAnObject() {
        switch (random.nextInt(6)) {
            case 0:
                return "[" + validPush() + "]";
            case 1:
                return "\"" + Long.toHexString(random.nextLong()) + "\"";
            case 2:
                return Integer.toString(random.nextInt());
            case 3:
                return random.nextBoolean() ? "true" : "false";
            case 4:
                return "null";
            default:
                return "[1,2,3]";
        }
    }

    private String unknownKind() {
        switch (random.nextInt(3)) {
            case 0:
                return "{\"origin\":\"EVENT\",\"bucketID\":\"b\",\"type\":\"" + pick("NEW_EVENT_" + random.nextInt(99), "has space",
                        "slash/type", "") + "\"}";
            case 1:
                return "{\"pushMessageType\":\"kind-" + random.nextInt(1000) + "\",\"v\":" + random.nextInt() + "}";
            default:
                return "{\"origin\":\"" + pick("EXPLICIT", "event", "OTHER") + "\",\"sender\":\"s\"}";
        }
    }

    private String nested(int k, char open) {
        if (open == '[') {
            return "{\"n\":" + repeat('[', k) + repeat(']', k) + "}";
        }
        return "{\"n\":" + repeat("{\"n\":", k) + "1" + repeat('}', k) + "}";
    }

    private byte[] hugeString() {
        int size;
        switch (random.nextInt(4)) {
            case 0:
                size = maxBytes - 2 + random.nextInt(5); // at the boundary
                break;
            case 1:
                size = maxBytes + 1 + random.nextInt(50_000); // oversized, below the broker's 64 KiB limit
                break;
            default:
                size = 16 + random.nextInt(maxBytes - 16);
                break;
        }
        return sized(size);
    }

    // A valid JSON object of exactly `size` bytes (size >= 12).
    private static byte[] sized(int size) {
        String head = "{\"s\":\"";
        String tail = "\"}";
        return bytes(head + repeat('x', size - head.length() - tail.length()) + tail);
    }

    private byte[] mutateBytes(byte[] b) {
        byte[] m = b;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int pos = random.nextInt(m.length);
            switch (random.nextInt(3)) {
                case 0:
                    m = m.clone();
                    m[pos] = (byte) (m[pos] ^ (1 << random.nextInt(8)));
                    break;
                case 1:
                    m = concat(concat(Arrays.copyOf(m, pos), new byte[] { (byte) random.nextInt(256) }),
                            Arrays.copyOfRange(m, pos, m.length));
                    break;
                default:
                    m = concat(Arrays.copyOf(m, pos), Arrays.copyOfRange(m, Math.min(m.length, pos + 1), m.length));
                    break;
            }
            if (m.length == 0) {
                break;
            }
        }
        return m;
    }

    private String insertJunk(String s) {
        String junk = pick("{", "}", "[", "]", ",", ":", "\"", "\\", "'", "//", "\u0000", " ", "NaN", "undefined", ",,");
        int pos = random.nextInt(s.length() + 1);
        return s.substring(0, pos) + junk + s.substring(pos);
    }

    private byte[] nonUtf8(byte[] b) {
        byte[][] bad = { { (byte) 0xFF }, { (byte) 0xFE }, { (byte) 0xC0, (byte) 0xAF }, { (byte) 0xED, (byte) 0xB0, (byte) 0x80 },
                { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0x80 }, { (byte) 0xE2, (byte) 0x28, (byte) 0xA1 },
                { (byte) 0xC3 } };
        int pos = random.nextInt(b.length + 1);
        return concat(concat(Arrays.copyOf(b, pos), bad[random.nextInt(bad.length)]), Arrays.copyOfRange(b, pos, b.length));
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    // ------------------------------------------------------------------ oracle

    /**
     * @param payload a payload
     * @return what the documented rules make of it
     */
    public Outcome outcome(byte[] payload) {
        if (payload.length > maxBytes) {
            return Outcome.OVERSIZED;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return Outcome.MALFORMED;
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setLenient(false);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                return Outcome.MALFORMED;
            }
            int depth = 0;
            do {
                JsonToken t = reader.peek();
                switch (t) {
                    case BEGIN_OBJECT:
                        reader.beginObject();
                        if (++depth > MAX_DEPTH) {
                            return Outcome.MALFORMED;
                        }
                        break;
                    case BEGIN_ARRAY:
                        reader.beginArray();
                        if (++depth > MAX_DEPTH) {
                            return Outcome.MALFORMED;
                        }
                        break;
                    case END_OBJECT:
                        reader.endObject();
                        depth--;
                        break;
                    case END_ARRAY:
                        reader.endArray();
                        depth--;
                        break;
                    case NAME:
                        reader.nextName();
                        break;
                    case END_DOCUMENT:
                        return Outcome.MALFORMED;
                    default:
                        reader.skipValue();
                        break;
                }
            } while (depth > 0);
            return reader.peek() == JsonToken.END_DOCUMENT ? Outcome.VALID : Outcome.MALFORMED;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            return Outcome.MALFORMED;
        }
    }

    /**
     * The documented classification (docs/events.md): {@code commandID} = COMMAND; {@code origin} "EVENT",
     * {@code bucketID} or {@code bucketType} = BUCKET_EVENT; else {@code topic} = TOPIC_MESSAGE; else DIRECT_PUSH.
     * JSON nulls are absent, a repeated key keeps the last value.
     *
     * @param validPayload a payload whose {@link #outcome(byte[])} is VALID
     * @return the kind name
     */
    public static String kind(byte[] validPayload) {
        JsonObject o = JsonParser.parseString(new String(validPayload, StandardCharsets.UTF_8)).getAsJsonObject();
        if (present(o, "commandID")) {
            return "COMMAND";
        }
        JsonElement origin = o.get("origin");
        boolean eventOrigin = origin != null && origin.isJsonPrimitive() && origin.getAsJsonPrimitive().isString()
                && "EVENT".equals(origin.getAsString());
        if (eventOrigin || present(o, "bucketID") || present(o, "bucketType")) {
            return "BUCKET_EVENT";
        }
        return present(o, "topic") ? "TOPIC_MESSAGE" : "DIRECT_PUSH";
    }

    private static boolean present(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && !e.isJsonNull();
    }

    // ------------------------------------------------------------------ helpers

    /** @return counts per outcome of {@code payloads} */
    public Map<Outcome, Integer> tally(List<byte[]> payloads) {
        Map<Outcome, Integer> m = new java.util.EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            m.put(o, 0);
        }
        for (byte[] p : payloads) {
            m.merge(outcome(p), 1, Integer::sum);
        }
        return m;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String repeat(char c, int n) {
        char[] a = new char[Math.max(0, n)];
        Arrays.fill(a, c);
        return new String(a);
    }

    private static String repeat(String s, int n) {
        StringBuilder sb = new StringBuilder(s.length() * Math.max(0, n));
        for (int i = 0; i < n; i++) {
            sb.append(s);
        }
        return sb.toString();
    }
}
