package io.kiipush.gateway.internal.onboarding;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** A {@code kind:id} reference such as {@code user:u1}, {@code group:g1} or {@code thing:th.1}. */
final class Principal {

    /** What Kii accepts as a user, group or thing ID. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+-]{1,200}");

    final String kind;
    final String id;

    Principal(String kind, String id) {
        this.kind = kind;
        this.id = id;
    }

    /**
     * @param text e.g. {@code user:u1}
     * @param kinds the kinds allowed here
     * @return the principal, or {@code null} if {@code text} is not one of an allowed kind
     */
    static Principal parse(String text, Set<String> kinds) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        String kind = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String id = text.substring(colon + 1).trim();
        return kinds.contains(kind) && ID.matcher(id).matches() ? new Principal(kind, id) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Principal && ((Principal) o).kind.equals(kind) && ((Principal) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, id);
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
