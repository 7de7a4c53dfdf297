package io.kiipush.emulator.internal.state;

import com.google.gson.JsonObject;

/** A bucket object. Guarded by the {@link CloudState} lock. */
public final class StoredObject {
    public final String id;
    public JsonObject data;
    public String dataType;
    public final long created;
    public long modified;
    public long version = 1;
    public final Principal owner;
    public byte[] body;
    public String bodyType;
    public final Acl acl = new Acl();

    public StoredObject(String id, JsonObject data, String dataType, Principal owner, long now) {
        this.id = id;
        this.data = data;
        this.dataType = dataType;
        this.owner = owner;
        this.created = now;
        this.modified = now;
    }
}
