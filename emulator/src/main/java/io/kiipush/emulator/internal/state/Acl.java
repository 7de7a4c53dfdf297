package io.kiipush.emulator.internal.state;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Action → subjects ({@code UserID:x}, {@code GroupID:x}, {@code ThingID:x}, {@code ANY_AUTHENTICATED_USER}, {@code ANONYMOUS_USER}). */
public final class Acl {

    public static final String ANY_AUTHENTICATED_USER = "ANY_AUTHENTICATED_USER";
    public static final String ANONYMOUS_USER = "ANONYMOUS_USER";

    private final Map<String, Set<String>> entries = new LinkedHashMap<>();

    public Acl grant(String action, String subject) {
        entries.computeIfAbsent(action, a -> new LinkedHashSet<>()).add(subject);
        return this;
    }

    /** @return true if the entry existed */
    public boolean revoke(String action, String subject) {
        Set<String> s = entries.get(action);
        return s != null && s.remove(subject);
    }

    public boolean has(String action, String subject) {
        Set<String> s = entries.get(action);
        return s != null && s.contains(subject);
    }

    public Collection<String> subjects(String action) {
        return entries.getOrDefault(action, Set.of());
    }

    /** @return Kii's ACL listing shape: {@code {"ACTION": [{"userID": ...}, {"groupID": ...}, ...]}} */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        entries.forEach((action, subjects) -> {
            JsonArray arr = new JsonArray();
            for (String s : subjects) {
                JsonObject e = new JsonObject();
                if (s.startsWith("UserID:")) {
                    e.addProperty("userID", s.substring(7));
                } else if (s.startsWith("GroupID:")) {
                    e.addProperty("groupID", s.substring(8));
                } else if (s.startsWith("ThingID:")) {
                    e.addProperty("thingID", s.substring(8));
                } else {
                    e.addProperty("userID", s);
                }
                arr.add(e);
            }
            o.add(action, arr);
        });
        return o;
    }
}
