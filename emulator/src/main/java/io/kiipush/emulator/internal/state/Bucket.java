package io.kiipush.emulator.internal.state;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.Subscriber;

/** A bucket with its objects, ACL and push subscribers. Guarded by the {@link CloudState} lock. */
public final class Bucket {
    public final Scope scope;
    /** Bucket ID as in paths, without the {@code rw:} prefix; encrypted buckets keep {@code CRYPTO:}. */
    public final String name;
    public final Map<String, StoredObject> objects = new LinkedHashMap<>();
    public final Acl acl = new Acl();
    public final Set<Subscriber> subscribers = new LinkedHashSet<>();

    public Bucket(Scope scope, String name) {
        this.scope = scope;
        this.name = name;
    }

    /** @return the {@code bucketType} push field: {@code rw}, or {@code CRYPTO} for encrypted buckets (assumed) */
    public String type() {
        return name.startsWith("CRYPTO:") ? "CRYPTO" : "rw";
    }

    /** @return the bucket ID without a type prefix, as pushed in {@code bucketID} */
    public String plainName() {
        return name.startsWith("CRYPTO:") ? name.substring(7) : name;
    }
}
