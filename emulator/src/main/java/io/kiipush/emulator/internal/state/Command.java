package io.kiipush.emulator.internal.state;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** A Thing-IF command. Guarded by the {@link CloudState} lock. */
public final class Command {
    public final String id;
    public final String thingId;
    public final JsonObject request;
    public final long created = System.currentTimeMillis();
    public long modified = created;
    public JsonArray actionResults;
    public String state = "SENDING";

    public Command(String id, String thingId, JsonObject request) {
        this.id = id;
        this.thingId = thingId;
        this.request = request;
    }
}
