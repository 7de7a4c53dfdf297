package io.kiipush.emulator;

/**
 * A bucket object as the emulator stores it (the admin's view: no ACL applies).
 *
 * @param objectId {@code _id}
 * @param version {@code _version}, 1 when created, one more with each change of the JSON or the body
 * @param created {@code _created}, ms since the epoch
 * @param modified {@code _modified}, ms since the epoch; moves forward with every change
 * @param json the object as GET answers it, fields and {@code _}-metadata
 */
public record ObjectInfo(String objectId, long version, long created, long modified, String json) {
}
