package io.kiipush.emulator.internal.state;

import java.util.LinkedHashSet;
import java.util.Set;

/** A Kii group. Guarded by the {@link CloudState} lock. */
public final class Group {
    public final String id;
    public String name;
    public String owner;
    public final Set<String> members = new LinkedHashSet<>();
    public final long created = System.currentTimeMillis();

    public Group(String id) {
        this.id = id;
    }
}
