package io.kiipush.emulator.internal.state;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kiipush.emulator.AppCredentials;
import io.kiipush.emulator.Scope;

/** Everything one application holds. Guarded by the {@link CloudState} lock. */
public final class AppData {
    public final AppCredentials credentials;
    public final Map<String, User> users = new LinkedHashMap<>();
    public final Map<String, Thing> things = new LinkedHashMap<>();
    public final Map<String, Group> groups = new LinkedHashMap<>();
    public final Map<String, Installation> installations = new LinkedHashMap<>();
    public final Map<String, Bucket> buckets = new LinkedHashMap<>();
    public final Map<String, Topic> topics = new LinkedHashMap<>();
    public final Map<String, Command> commands = new LinkedHashMap<>();

    public AppData(AppCredentials credentials) {
        this.credentials = credentials;
    }

    public String id() {
        return credentials.appId();
    }

    public static String key(Scope scope, String name) {
        return scope + "|" + name;
    }
}
