package io.kiipush.emulator.internal.state;

import java.util.LinkedHashSet;
import java.util.Set;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.Subscriber;

/** A Kii topic with its ACL and subscribers. Guarded by the {@link CloudState} lock. */
public final class Topic {
    public final Scope scope;
    public final String id;
    public final Acl acl = new Acl();
    public final Set<Subscriber> subscribers = new LinkedHashSet<>();

    public Topic(Scope scope, String id) {
        this.scope = scope;
        this.id = id;
    }
}
