package io.kiipush.emulator.internal.state;

import com.google.gson.JsonObject;

/** A bucket object. Guarded by the {@link CloudState} lock. */
public final class StoredObject {
    public final String id;
    /** Creation order in the app, the stable tie-break of query results. */
    public final long seq;
    public JsonObject data;
    public String dataType;
    public final long created;
    public long modified;
    public long version = 1;
    public final Principal owner;
    public byte[] body;
    public String bodyType;
    public final Acl acl = new Acl();

    public StoredObject(String id, long seq, JsonObject data, String dataType, Principal owner, long now) {
        this.id = id;
        this.seq = seq;
        this.data = data;
        this.dataType = dataType;
        this.owner = owner;
        this.created = now;
        this.modified = now;
    }

    /**
     * Records a change of the JSON or the body: {@code _version} goes up and {@code _modified} moves forward even
     * within the same millisecond, so a change is never invisible to a query by {@code _modified}.
     */
    public void changed(long now) {
        modified = Math.max(now, modified + 1);
        version++;
    }
}
