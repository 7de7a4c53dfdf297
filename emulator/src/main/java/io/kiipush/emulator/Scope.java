package io.kiipush.emulator;

import java.util.Objects;

/**
 * Where a bucket or topic lives: the application, a user, a group or a thing (docs/kii-protocol.md §5).
 *
 * @param type the scope kind
 * @param id the user, group or thing ID; {@code null} for the app scope
 */
public record Scope(Type type, String id) {

    /** Scope kinds with the {@code objectScopeType} value Kii puts in push payloads. */
    public enum Type {
        APP("APP", ""), USER("APP_AND_USER", "users"), GROUP("APP_AND_GROUP", "groups"), THING("APP_AND_THING", "things");

        private final String objectScopeType;
        private final String pathSegment;

        Type(String objectScopeType, String pathSegment) {
            this.objectScopeType = objectScopeType;
            this.pathSegment = pathSegment;
        }

        /** @return the {@code objectScopeType} push field value */
        public String objectScopeType() {
            return objectScopeType;
        }

        String pathSegment() {
            return pathSegment;
        }
    }

    public Scope {
        Objects.requireNonNull(type, "type");
        if (type == Type.APP) {
            id = null;
        } else {
            Objects.requireNonNull(id, "id");
        }
    }

    /** @return the application scope */
    public static Scope app() {
        return new Scope(Type.APP, null);
    }

    /** @param userId a user ID @return that user's scope */
    public static Scope user(String userId) {
        return new Scope(Type.USER, userId);
    }

    /** @param groupId a group ID @return that group's scope */
    public static Scope group(String groupId) {
        return new Scope(Type.GROUP, groupId);
    }

    /** @param thingId a thing ID @return that thing's scope */
    public static Scope thing(String thingId) {
        return new Scope(Type.THING, thingId);
    }

    /** @return the REST path part after {@code /api/apps/{appID}}, e.g. {@code /users/u1} or empty for the app */
    public String pathPrefix() {
        return type == Type.APP ? "" : "/" + type.pathSegment() + "/" + id;
    }

    /**
     * @param text {@code app}, {@code user:ID}, {@code group:ID} or {@code thing:ID} (what {@link #toString()} gives)
     * @return the scope
     */
    public static Scope parse(String text) {
        if (text.equals("app")) {
            return app();
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("a scope is app, user:ID, group:ID or thing:ID, not " + text);
        }
        return new Scope(Type.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type == Type.APP ? "app" : type.name().toLowerCase() + ":" + id;
    }
}
