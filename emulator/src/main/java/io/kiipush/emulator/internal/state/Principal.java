package io.kiipush.emulator.internal.state;

/**
 * Who a token (or an implicit MQTT connection) stands for.
 *
 * @param appId application
 * @param kind principal kind
 * @param id user/thing ID, the client ID for admins, {@code null} for anonymous
 */
public record Principal(String appId, Kind kind, String id) {

    /** Principal kinds. */
    public enum Kind {
        ADMIN, USER, THING, ANONYMOUS
    }

    public boolean isAdmin() {
        return kind == Kind.ADMIN;
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    public boolean isThing() {
        return kind == Kind.THING;
    }

    public boolean isUserOrThing() {
        return kind == Kind.USER || kind == Kind.THING;
    }

    /** @return {@code user:ID}, {@code thing:ID}, {@code admin} or {@code anonymous}, for records */
    public String label() {
        return switch (kind) {
            case USER -> "user:" + id;
            case THING -> "thing:" + id;
            case ADMIN -> "admin";
            case ANONYMOUS -> "anonymous";
        };
    }
}
