package io.kiipush.emulator;

import java.util.Objects;

/**
 * Who receives pushes for a bucket or topic subscription: a user or a thing.
 *
 * @param kind user or thing
 * @param id the user ID or thing ID
 */
public record Subscriber(Kind kind, String id) {

    /** Subscriber kinds; the REST path segment is {@code users} or {@code things}. */
    public enum Kind {
        USER, THING
    }

    public Subscriber {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    /** @param userId a user ID @return the user as subscriber */
    public static Subscriber user(String userId) {
        return new Subscriber(Kind.USER, userId);
    }

    /** @param thingId a thing ID @return the thing as subscriber */
    public static Subscriber thing(String thingId) {
        return new Subscriber(Kind.THING, thingId);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + ":" + id;
    }
}
