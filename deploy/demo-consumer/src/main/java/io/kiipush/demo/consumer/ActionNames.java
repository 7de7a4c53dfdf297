package io.kiipush.demo.consumer;

import java.util.ArrayList;
import java.util.List;

/**
 * The action names of a Thing-IF command's {@code actions} JSON, flat ({@code [{"turnPower":{...}}, ...]}) or grouped
 * by trait alias ({@code [{"AirConditionerAlias":[{"turnPower":{...}}]}]}). A small reader so that the demo needs no
 * JSON library; a real consumer would use the one it already has.
 */
final class ActionNames {

    private final String s;
    private int i;

    private ActionNames(String s) {
        this.s = s;
    }

    /**
     * @param actionsJson the command's actions
     * @return the action names in order
     * @throws IllegalArgumentException when the text is not such an array
     */
    static List<String> of(String actionsJson) {
        ActionNames r = new ActionNames(actionsJson == null ? "" : actionsJson);
        List<String> names = new ArrayList<>();
        r.actions(names);
        r.skipSpace();
        if (r.i != r.s.length()) {
            throw r.error("text after the actions");
        }
        return names;
    }

    /** {@code [ {name: value}, ... ]} where a value that is an array is a group of actions. */
    private void actions(List<String> names) {
        expect('[');
        if (peek() == ']') {
            i++;
            return;
        }
        do {
            expect('{');
            String name = string();
            expect(':');
            if (peek() == '[') {
                actions(names);
            } else {
                names.add(name);
                value();
            }
            expect('}');
        } while (next(',', ']'));
    }

    private void value() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            i++;
            if (peek() == close) {
                i++;
                return;
            }
            do {
                if (c == '{') {
                    string();
                    expect(':');
                }
                value();
            } while (next(',', close));
        } else {
            while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\' && i < s.length()) {
                out.append(s.charAt(i++));
            } else {
                out.append(c);
            }
        }
        expect('"');
        return out.toString();
    }

    /** @return true after {@code more}, false after {@code end} */
    private boolean next(char more, char end) {
        char c = peek();
        if (c == more || c == end) {
            i++;
            return c == more;
        }
        throw error("expected '" + more + "' or '" + end + "'");
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private char peek() {
        skipSpace();
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + i + " of the actions " + s);
    }
}
