package io.kiipush.gateway.internal.parse;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Turns a raw MQTT payload into the top-level fields of a Kii push notification, or says why it cannot.
 * <p>
 * Strict: the payload must be well-formed UTF-8 holding exactly one JSON object (RFC 8259), at most
 * {@code maxBytes} long and at most {@code maxDepth} levels deep. Scalars become String, Long, Double or Boolean;
 * nested objects and arrays become their JSON text as received (validated); JSON nulls are left out; a repeated key
 * keeps the last value. It accepts exactly what the Gson 2.9 strict reader it replaced accepted, including Gson's
 * tolerances beyond RFC 8259: a leading byte order mark, unescaped control characters in strings, the escapes
 * {@code \'} and backslash-newline, and {@code true/false/null} in any letter case.
 * <p>
 * Hand-written for the hot path (the bench profile showed Gson's {@code JsonReader} buffers as a fifth of the
 * bundle's allocation per message): one pass over the text, no recursion, so hostile nesting cannot exhaust the stack.
 * The fields come as a {@link FieldMap} (no entry objects); names and short string values that repeat from message to
 * message come from small caches, integers are read in place: per message it allocates little more than the payload
 * text and what is new in it. Not thread-safe by design: one instance per dispatcher thread.
 */
// Over 400 lines, it must stay whole: one scanner whose methods share the text and cursor state of the hot path.
public final class PayloadParser {

    private final int maxBytes;
    private final int maxDepth;
    // Open containers of the nested value being scanned ('{' or '['); reused, hence not thread-safe.
    private final char[] open;
    private final StringBuilder escaped = new StringBuilder();
    private final FieldMap.Builder fields = new FieldMap.Builder();
    private final StringCache names = new StringCache(128);
    private final StringCache values = new StringCache(256);
    private String text;
    // The last string() read: chars [stringStart, stringEnd) of the text, or its unescaped value if it had escapes.
    private int stringStart;
    private int stringEnd;
    private String unescaped;

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
        this.open = new char[maxDepth];
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
        text = raw;
        try {
            return ParseResult.parsed(object(), raw);
        } catch (Rejection r) {
            return ParseResult.rejected(r.getMessage());
        } finally {
            text = null; // keep no payload alive between messages
            unescaped = null;
            fields.clear();
            if (escaped.capacity() > 4096) {
                escaped.setLength(0);
                escaped.trimToSize(); // do not keep a huge string's buffer alive
            }
        }
    }

    /**
     * @param limit the byte limit
     * @return the rejection reason used for oversized payloads
     */
    public static String tooLarge(int limit) {
        return "larger than " + limit + " bytes";
    }

    private FieldMap object() {
        int i = skipSpace(text.startsWith("\uFEFF") ? 1 : 0);
        if (i == text.length()) {
            throw new Rejection("not JSON: empty payload");
        }
        char first = text.charAt(i);
        if (first != '{') {
            if (!startsValue(first)) {
                literal(i); // a word other than true/false/null is "not JSON" rather than "not an object"
            }
            throw new Rejection("not a JSON object");
        }
        i = skipSpace(i + 1);
        if (peek(i) == '}') {
            i++;
        } else {
            while (true) {
                i = string(i);
                String name = lastString(names);
                i = colon(i);
                i = value(i, name);
                i = skipSpace(i);
                char c = peek(i);
                if (c == '}') {
                    i++;
                    break;
                }
                if (c != ',') {
                    throw syntax("expected ',' or '}'", i);
                }
                i = skipSpace(i + 1);
            }
        }
        if (skipSpace(i) != text.length()) {
            throw new Rejection("not JSON: content after the object");
        }
        return fields.build();
    }

    // One top-level value at i (after white space); stores it (or removes the name for null); returns the index after it.
    private int value(int i, String name) {
        char c = peek(i);
        Object v;
        int end;
        if (c == '"') {
            end = string(i);
            v = lastString(values);
        } else if (c == '{' || c == '[') {
            end = nested(i);
            v = text.substring(i, end);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            end = number(i);
            v = numberValue(i, end);
        } else {
            end = literal(i);
            char w = Character.toLowerCase(c);
            v = w == 't' ? Boolean.TRUE : w == 'f' ? Boolean.FALSE : null;
        }
        if (v == null) {
            fields.remove(name);
        } else {
            fields.put(name, v);
        }
        return end;
    }

    // Validates the object or array starting at i (depth 2, inside the top-level object); returns the index after it.
    private int nested(int i) {
        int depth = 0; // open containers below the top-level object
        while (true) {
            // At the start of a value.
            char c = peek(i);
            if (c == '{' || c == '[') {
                if (depth + 1 >= maxDepth) {
                    throw new Rejection("nested deeper than " + maxDepth + " levels");
                }
                open[depth++] = c;
                i = skipSpace(i + 1);
                char close = c == '{' ? '}' : ']';
                if (peek(i) == close) {
                    depth--;
                    i++;
                } else {
                    if (c == '{') {
                        i = colon(string(i));
                    }
                    continue;
                }
            } else if (c == '"') {
                i = string(i);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                i = number(i);
            } else {
                i = literal(i);
            }
            // After a value: close containers until a ',' asks for the next value.
            while (true) {
                if (depth == 0) {
                    return i;
                }
                i = skipSpace(i);
                char top = open[depth - 1];
                char d = peek(i);
                if (d == ',') {
                    i = skipSpace(i + 1);
                    if (top == '{') {
                        i = colon(string(i));
                    }
                    break;
                }
                if (d != (top == '{' ? '}' : ']')) {
                    throw syntax(top == '{' ? "expected ',' or '}'" : "expected ',' or ']'", i);
                }
                depth--;
                i++;
            }
        }
    }

    // Scans the string at i (see lastString); returns the index after its closing quote.
    private int string(int i) {
        if (peek(i) != '"') {
            throw syntax("expected a string", i);
        }
        int start = i + 1;
        int n = text.length();
        int j = start;
        while (j < n) {
            char c = text.charAt(j);
            if (c == '"') {
                stringStart = start;
                stringEnd = j;
                unescaped = null;
                return j + 1;
            }
            if (c == '\\') {
                return escapedString(start, j);
            }
            j++;
        }
        throw syntax("unterminated string", i);
    }

    // Slow path for a string with escapes: start is after the opening quote, j at the first backslash.
    private int escapedString(int start, int j) {
        StringBuilder sb = escaped;
        sb.setLength(0);
        sb.append(text, start, j);
        int n = text.length();
        while (j < n) {
            char c = text.charAt(j);
            if (c == '"') {
                unescaped = sb.toString();
                return j + 1;
            }
            if (c != '\\') {
                sb.append(c);
                j++;
                continue;
            }
            if (j + 1 >= n) {
                break;
            }
            char e = text.charAt(j + 1);
            switch (e) {
                case '"':
                case '\\':
                case '/':
                case '\'':
                case '\n':
                    sb.append(e);
                    break;
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'n':
                    sb.append('\n');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'u':
                    if (j + 6 > n) {
                        throw syntax("unterminated escape sequence", j);
                    }
                    int code = 0;
                    for (int k = j + 2; k < j + 6; k++) {
                        int h = hex(text.charAt(k));
                        if (h < 0) {
                            throw syntax("invalid \\u escape", j);
                        }
                        code = code * 16 + h;
                    }
                    sb.append((char) code);
                    j += 4;
                    break;
                default:
                    throw syntax("invalid escape sequence", j);
            }
            j += 2;
        }
        throw syntax("unterminated string", start - 1);
    }

    // The value of the last string() read; a repeated one from the cache.
    private String lastString(StringCache cache) {
        return unescaped != null ? unescaped : cache.get(text, stringStart, stringEnd);
    }

    // RFC 8259 number at i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; returns the index after it.
    private int number(int i) {
        int j = i;
        if (peek(j) == '-') {
            j++;
        }
        if (peek(j) == '0') {
            j++;
        } else {
            j = digits(j, i);
        }
        if (peek(j) == '.') {
            j = digits(j + 1, i);
        }
        char e = peek(j);
        if (e == 'e' || e == 'E') {
            j++;
            char sign = peek(j);
            if (sign == '+' || sign == '-') {
                j++;
            }
            j = digits(j, i);
        }
        if (isLiteralChar(peek(j))) {
            throw syntax("invalid number", i);
        }
        return j;
    }

    private int digits(int j, int numberStart) {
        int k = j;
        while (k < text.length() && text.charAt(k) >= '0' && text.charAt(k) <= '9') {
            k++;
        }
        if (k == j) {
            throw syntax("invalid number", numberStart);
        }
        return k;
    }

    private int literal(int i) {
        for (String word : LITERALS) {
            if (text.regionMatches(true, i, word, 0, word.length()) && !isLiteralChar(peek(i + word.length()))) {
                return i + word.length();
            }
        }
        throw syntax("unexpected character", i);
    }

    private static final String[] LITERALS = { "true", "false", "null" };

    private int colon(int i) {
        i = skipSpace(i);
        if (peek(i) != ':') {
            throw syntax("expected ':'", i);
        }
        return skipSpace(i + 1);
    }

    private int skipSpace(int i) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    // The char at i, or 0 past the end (0 matches no expected token, so the caller reports a syntax error).
    private char peek(int i) {
        return i < text.length() ? text.charAt(i) : 0;
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean startsValue(char c) {
        return c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9');
    }

    // Letters, digits and the characters that would continue a number or a bare word.
    private static boolean isLiteralChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '+' || c == '-' || c == '_';
    }

    private Rejection syntax(String what, int index) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(index, text.length());
        for (int k = 0; k < end; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        String at = index >= text.length() ? "at the end of the payload" : "at line " + line + " column " + (index - lineStart + 1);
        return new Rejection("not JSON: " + what + " " + at);
    }

    // The number in [start, end): integers of up to 18 digits are read in place, others through their text.
    private Object numberValue(int start, int end) {
        boolean negative = text.charAt(start) == '-';
        int first = negative ? start + 1 : start;
        if (end - first <= 18) {
            long v = 0;
            int k = first;
            while (k < end) {
                char c = text.charAt(k);
                if (c < '0' || c > '9') {
                    break; // a fraction or exponent
                }
                v = v * 10 + (c - '0');
                k++;
            }
            if (k == end) {
                return negative ? -v : v;
            }
        }
        return number(text.substring(start, end));
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
        if (integral && literal.length() <= 20) { // longer never fits a long: skip the exception
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

    /** Why a payload is rejected; no stack trace, it is control flow. */
    private static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejection(String message) {
            super(message, null, false, false);
        }
    }
}
