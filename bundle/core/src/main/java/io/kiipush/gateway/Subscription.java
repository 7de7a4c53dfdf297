package io.kiipush.gateway;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Kii-side push subscription of the gateway's identity (user or thing) to a bucket or a Kii topic: an immutable
 * value.
 * <p>
 * Text form, used in the configuration and the {@code kii:} shell commands:
 * <pre>
 * [scope[:scopeId]/]name
 *   sensors                 app-scope bucket/topic "sensors" (same as app/sensors)
 *   user/inbox              "inbox" in the gateway user's own scope
 *   user:USER_ID/inbox      "inbox" in another user's scope
 *   group:GROUP_ID/alerts   "alerts" in a group's scope (the group ID is required)
 *   thing/commands          "commands" in the gateway thing's own scope
 *   thing:THING_ID/data     "data" in another thing's scope
 * </pre>
 * With its target in front ({@code bucket:user/inbox}, {@code topic:alerts}) the whole subscription is one string,
 * which is what {@link #toString()} returns and {@link #parse(String)} reads.
 */
@ProviderType
public final class Subscription {

    /** What is subscribed. */
    public enum Target {
        /** A bucket: its object events arrive as {@link NotificationKind#BUCKET_EVENT}. */
        BUCKET,
        /** A Kii topic: its messages arrive as {@link NotificationKind#TOPIC_MESSAGE}. */
        TOPIC
    }

    /** Where the bucket or topic lives. */
    public enum Scope {
        /** Application scope. */
        APP,
        /** A user's scope. */
        USER,
        /** A group's scope. */
        GROUP,
        /** A thing's scope. */
        THING
    }

    private static final Pattern BUCKET_ID = Pattern.compile("[A-Za-z0-9_-]{2,64}");
    private static final Pattern TOPIC_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SCOPE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    private final Target target;
    private final Scope scope;
    private final String scopeId;
    private final String name;

    private Subscription(Target target, Scope scope, String scopeId, String name) {
        this.target = Objects.requireNonNull(target, "target");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.scopeId = scopeId == null || scopeId.isEmpty() ? null : scopeId;
        this.name = Objects.requireNonNull(name, "name");
        Pattern namePattern = target == Target.BUCKET ? BUCKET_ID : TOPIC_ID;
        if (!namePattern.matcher(name).matches()) {
            throw new IllegalArgumentException(target == Target.BUCKET
                    ? "bucket ID '" + name + "' must be 2-64 characters of A-Z a-z 0-9 _ -"
                    : "topic ID '" + name + "' must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        if (scope == Scope.APP && this.scopeId != null) {
            throw new IllegalArgumentException("app scope takes no ID: write 'app/" + name + "'");
        }
        if (scope == Scope.GROUP && this.scopeId == null) {
            throw new IllegalArgumentException("group scope needs the group ID: write 'group:GROUP_ID/" + name + "'");
        }
        if (this.scopeId != null && !SCOPE_ID.matcher(this.scopeId).matches()) {
            throw new IllegalArgumentException("scope ID '" + this.scopeId + "' must be 1-200 characters of A-Z a-z 0-9 . _ : -");
        }
    }

    /**
     * @param target bucket or topic
     * @param scope where it lives
     * @param scopeId the user, group or thing ID; {@code null} for app scope and for the gateway's own user/thing
     * @param name the bucket or topic ID
     * @return the subscription
     * @throws IllegalArgumentException if an ID is invalid or missing
     */
    public static Subscription of(Target target, Scope scope, String scopeId, String name) {
        return new Subscription(target, scope, scopeId, name);
    }

    /**
     * Parses the text form without the target, for example {@code user:abc/inbox}.
     *
     * @param target bucket or topic
     * @param spec {@code [scope[:scopeId]/]name}
     * @return the subscription
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static Subscription parse(Target target, String spec) {
        Objects.requireNonNull(target, "target");
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty subscription");
        }
        int slash = s.lastIndexOf('/');
        if (slash < 0) {
            return new Subscription(target, Scope.APP, null, s);
        }
        String scopePart = s.substring(0, slash);
        String name = s.substring(slash + 1);
        int colon = scopePart.indexOf(':');
        String scopeName = colon < 0 ? scopePart : scopePart.substring(0, colon);
        String scopeId = colon < 0 ? null : scopePart.substring(colon + 1);
        Scope scope;
        try {
            scope = Scope.valueOf(scopeName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + scopeName + "' in '" + s + "': use app, user, group or thing");
        }
        return new Subscription(target, scope, scopeId, name);
    }

    /**
     * Parses the full text form, for example {@code bucket:user/inbox} or {@code topic:group:g1/alerts}.
     *
     * @param text {@code bucket:spec} or {@code topic:spec}
     * @return the subscription
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static Subscription parse(String text) {
        String s = text == null ? "" : text.trim();
        int colon = s.indexOf(':');
        if (colon > 0) {
            String head = s.substring(0, colon).toUpperCase(Locale.ROOT);
            if (head.equals("BUCKET") || head.equals("TOPIC")) {
                return parse(Target.valueOf(head), s.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("'" + s + "' must start with 'bucket:' or 'topic:'");
    }

    /** @return bucket or topic */
    public Target getTarget() {
        return target;
    }

    /** @return the scope */
    public Scope getScope() {
        return scope;
    }

    /** @return the scope's user, group or thing ID, or {@code null} for app scope and the gateway's own scope */
    public String getScopeId() {
        return scopeId;
    }

    /** @return the bucket or topic ID */
    public String getName() {
        return name;
    }

    /** @return the text form without the target, e.g. {@code user/inbox} */
    public String spec() {
        StringBuilder sb = new StringBuilder(scope.name().toLowerCase(Locale.ROOT));
        if (scopeId != null) {
            sb.append(':').append(scopeId);
        }
        return sb.append('/').append(name).toString();
    }

    /** @return the full text form, e.g. {@code bucket:user/inbox} */
    @Override
    public String toString() {
        return target.name().toLowerCase(Locale.ROOT) + ':' + spec();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Subscription)) {
            return false;
        }
        Subscription other = (Subscription) o;
        return target == other.target && scope == other.scope && Objects.equals(scopeId, other.scopeId) && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, scope, scopeId, name);
    }
}
