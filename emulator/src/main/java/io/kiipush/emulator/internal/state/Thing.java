package io.kiipush.emulator.internal.state;

import java.util.LinkedHashSet;
import java.util.Set;

import com.google.gson.JsonObject;

/** A Kii thing and its owners. Guarded by the {@link CloudState} lock. */
public final class Thing {
    public final String id;
    public String vendorThingId;
    public String password;
    public String type;
    public String vendor;
    public String firmwareVersion;
    public String layoutPosition = "STANDALONE";
    public final long created = System.currentTimeMillis();
    public final JsonObject fields = new JsonObject();
    public final Set<String> ownerUsers = new LinkedHashSet<>();
    public final Set<String> ownerGroups = new LinkedHashSet<>();
    public JsonObject state;

    public Thing(String id) {
        this.id = id;
    }
}
