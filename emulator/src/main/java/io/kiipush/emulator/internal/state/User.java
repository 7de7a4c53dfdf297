package io.kiipush.emulator.internal.state;

import com.google.gson.JsonObject;

/** A Kii user. Guarded by the {@link CloudState} lock. */
public final class User {
    public final String id;
    public String loginName;
    public String password;
    public String email;
    public String phone;
    public String displayName;
    public String country;
    public final long created = System.currentTimeMillis();
    public final JsonObject custom = new JsonObject();

    public User(String id) {
        this.id = id;
    }
}
