package io.kiipush.gateway.internal.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

public class PayloadParserTest {

    private final PayloadParser parser = new PayloadParser(64 * 1024, 64);

    @Test(timeout = 5000)
    public void parsesABucketEventIntoTypedFields() {
        ParseResult r = parse("{\"origin\":\"EVENT\",\"sender\":\"USER-1\",\"objectScopeType\":\"APP_AND_USER\","
                + "\"bucketID\":\"b1\",\"bucketType\":\"rw\",\"objectID\":\"o1\",\"type\":\"DATA_OBJECT_CREATED\",\"when\":1443593908916}");
        assertTrue(r.isParsed());
        Map<String, Object> f = r.fields();
        assertEquals("EVENT", f.get("origin"));
        assertEquals(1443593908916L, f.get("when"));
        assertEquals(Arrays.asList("origin", "sender", "objectScopeType", "bucketID", "bucketType", "objectID", "type", "when"),
                Arrays.asList(f.keySet().toArray()));
    }

    @Test(timeout = 5000)
    public void keepsNestedValuesAsJsonText() {
        ParseResult r = parse("{\"commandID\":\"c1\",\"actions\":[{\"AirConditionerAlias\":[{\"turnPower\":true},{\"setPresetTemperature\":25}]}],"
                + "\"issuer\":\"user:u1\",\"metadata\":{\"a\":null,\"b\":1.5e3}}");
        assertTrue(r.isParsed());
        assertEquals("[{\"AirConditionerAlias\":[{\"turnPower\":true},{\"setPresetTemperature\":25}]}]", r.fields().get("actions"));
        assertEquals("{\"a\":null,\"b\":1.5e3}", r.fields().get("metadata"));
    }

    @Test(timeout = 5000)
    public void mapsScalarsAndLeavesOutNulls() {
        ParseResult r = parse("{\"s\":\"x\\u00e9\\n\",\"i\":-42,\"big\":123456789012345678901234567890,\"d\":0.25,\"e\":1E2,"
                + "\"t\":true,\"f\":false,\"n\":null,\"huge\":1e400}");
        Map<String, Object> f = r.fields();
        assertEquals("x\u00e9\n", f.get("s"));
        assertEquals(-42L, f.get("i"));
        assertEquals(1.2345678901234568E29, (Double) f.get("big"), 1e15);
        assertEquals(0.25, f.get("d"));
        assertEquals(100.0, f.get("e"));
        assertEquals(Boolean.TRUE, f.get("t"));
        assertEquals(Boolean.FALSE, f.get("f"));
        assertFalse(f.containsKey("n"));
        assertEquals("non-finite numbers keep their literal", "1e400", f.get("huge"));
    }

    @Test(timeout = 5000)
    public void aRepeatedKeyKeepsTheLastValue() {
        assertEquals("b", parse("{\"k\":\"a\",\"k\":\"b\"}").fields().get("k"));
        assertFalse(parse("{\"k\":\"a\",\"k\":null}").fields().containsKey("k"));
    }

    @Test(timeout = 5000)
    public void rejectsWhatIsNotOneJsonObject() {
        assertRejected("[1,2]", "not a JSON object");
        assertRejected("\"text\"", "not a JSON object");
        assertRejected("42", "not a JSON object");
        assertRejected("", "not JSON");
        assertRejected("   ", "not JSON");
        assertRejected("{\"a\":1", "not JSON");
        assertRejected("{\"a\":1}}", "not JSON");
        assertRejected("{\"a\":1} {\"b\":2}", "not JSON");
        assertRejected("{a:1}", "not JSON: expected a string at line 1 column 2");
        assertRejected("{\"a\":1,\n \"b\" 2}", "not JSON: expected ':' at line 2 column 6");
        assertRejected("{\"a\":\"\\x\"}", "not JSON: invalid escape sequence at line 1 column 7");
        assertRejected("{\"a\":\"\\u12G4\"}", "not JSON: invalid \\u escape");
        assertRejected("{\"a\":tru}", "not JSON: unexpected character at line 1 column 6");
        assertRejected("{\"a\":-}", "not JSON: invalid number");
        assertRejected("{\"a\":1.}", "not JSON: invalid number");
        assertRejected("{\"a\":[1 2]}", "not JSON: expected ',' or ']'");
        assertRejected("{\"a\":{\"b\":1", "not JSON: expected ',' or '}' at the end of the payload");
        assertRejected("{'a':1}", "not JSON");
        assertRejected("{\"a\":NaN}", "not JSON");
        assertRejected("{\"a\":01}", "not JSON");
        assertRejected("{\"a\":[1,]}", "not JSON");
        assertRejected("{\"a\":\"unterminated}", "not JSON");
        assertRejected("// comment\n{}", "not JSON");
    }

    @Test(timeout = 5000)
    public void rejectsInvalidUtf8() {
        assertRejected(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}' }, "not valid UTF-8");
        assertRejected(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}' }, "not valid UTF-8");
        assertRejected(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' }, "not valid UTF-8");
        assertRejected(new byte[] { (byte) 0xFF, '{', '}' }, "not valid UTF-8");
    }

    @Test(timeout = 5000)
    public void rejectsPayloadsOverTheSizeLimit() {
        PayloadParser small = new PayloadParser(100, 64);
        byte[] exact = ("{\"k\":\"" + repeat('x', 100 - 8) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(100, exact.length);
        assertTrue(small.parse(exact).isParsed());
        byte[] over = ("{\"k\":\"" + repeat('x', 93) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals("larger than 100 bytes", small.parse(over).rejection());
    }

    @Test(timeout = 5000)
    public void rejectsHostileNestingWithoutRecursion() {
        assertTrue(new PayloadParser(1 << 20, 64).parse(nested(63).getBytes(StandardCharsets.UTF_8)).isParsed());
        assertRejected(new PayloadParser(1 << 20, 64).parse(nested(64).getBytes(StandardCharsets.UTF_8)), "nested deeper than 64 levels");
        // Far deeper than any recursive parser's stack allows.
        ParseResult deep = new PayloadParser(16 << 20, 64).parse(nested(1_000_000).getBytes(StandardCharsets.UTF_8));
        assertEquals("nested deeper than 64 levels", deep.rejection());
    }

    @Test(timeout = 20_000)
    public void neverThrowsOnMutatedPayloads() {
        Random random = new Random(7);
        byte[] seed = ("{\"origin\":\"EVENT\",\"bucketID\":\"b\",\"objectID\":\"o\",\"when\":1,\"x\":[1,{\"y\":\"\u00e9\"}],"
                + "\"commandID\":\"c\"}").getBytes(StandardCharsets.UTF_8);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = Arrays.copyOf(seed, seed.length + random.nextInt(4));
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            ParseResult r = parser.parse(b);
            if (r.isParsed()) {
                parsed++;
                assertNotNull(r.fields());
                assertNotNull(r.raw());
                assertNull(r.rejection());
            } else {
                assertNotNull(r.rejection());
                assertNull(r.fields());
            }
        }
        assertTrue("some mutations stay valid JSON: " + parsed, parsed > 0);
    }

    @Test(timeout = 20_000)
    public void utf8ValidationAgreesWithTheStrictJdkDecoder() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int j = 0; j < b.length; j++) {
                // Bias towards the interesting lead and continuation bytes.
                b[j] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            assertEquals(Arrays.toString(b), jdkAccepts(b), Utf8.isValid(b));
        }
        for (int cp = 0; cp <= 0x10FFFF; cp += 7) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            assertTrue(Integer.toHexString(cp), Utf8.isValid(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private ParseResult parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRejected(String json, String reasonPrefix) {
        assertRejected(parse(json), reasonPrefix);
    }

    private void assertRejected(byte[] payload, String reasonPrefix) {
        assertRejected(parser.parse(payload), reasonPrefix);
    }

    private static void assertRejected(ParseResult r, String reasonPrefix) {
        assertFalse("should be rejected", r.isParsed());
        assertTrue(r.rejection(), r.rejection().startsWith(reasonPrefix));
        assertFalse("no library hints in an operator's message: " + r.rejection(), r.rejection().contains("setLenient"));
    }

    private static String nested(int depth) {
        StringBuilder sb = new StringBuilder("{\"a\":");
        for (int i = 0; i < depth; i++) {
            sb.append('[');
        }
        for (int i = 0; i < depth; i++) {
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static String repeat(char c, int n) {
        char[] a = new char[n];
        Arrays.fill(a, c);
        return new String(a);
    }
}
