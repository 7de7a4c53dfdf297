package io.kiipush.gateway.internal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.internal.onboarding.OnboardingDiagnostics;
import io.kiipush.gateway.internal.session.PushSessionComponent;

/**
 * The Kii connections of the gateway as the shell sees them: each session with the onboarding services its
 * {@code onboarding.target} selects (the session's own binding rule, applied to the onboarding's service properties),
 * found by connection id or by a unique end of it ({@code kii:status a} for {@code ...KiiConnection-a}).
 */
final class ConnectionDirectory {

    /** A connection's services; the onboarding side may be {@code null} while it is not active. */
    static final class Connection {
        final String id;
        final PushSession session;
        final KiiSubscriptions subscriptions;
        final OnboardingDiagnostics onboarding;

        Connection(String id, PushSession session, KiiSubscriptions subscriptions, OnboardingDiagnostics onboarding) {
            this.id = id;
            this.session = session;
            this.subscriptions = subscriptions;
            this.onboarding = onboarding;
        }
    }

    private final Map<PushSession, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    private final Map<KiiSubscriptions, Map<String, Object>> subscriptions = new ConcurrentHashMap<>();
    private final Map<OnboardingDiagnostics, Map<String, Object>> onboardings = new ConcurrentHashMap<>();

    void add(PushSession s, Map<String, Object> properties) {
        sessions.put(s, properties);
    }

    void remove(PushSession s) {
        sessions.remove(s);
    }

    void add(KiiSubscriptions s, Map<String, Object> properties) {
        subscriptions.put(s, properties);
    }

    void remove(KiiSubscriptions s) {
        subscriptions.remove(s);
    }

    void add(OnboardingDiagnostics d, Map<String, Object> properties) {
        onboardings.put(d, properties);
    }

    void remove(OnboardingDiagnostics d) {
        onboardings.remove(d);
    }

    /** @return every connection, sorted by id */
    List<Connection> all() {
        Map<String, Connection> sorted = new TreeMap<>();
        sessions.forEach((session, properties) -> {
            Filter target = target(properties);
            sorted.put(session.getConnection(), new Connection(session.getConnection(), session,
                    first(subscriptions, target), first(onboardings, target)));
        });
        return new ArrayList<>(sorted.values());
    }

    /**
     * @param name a connection id, a unique end of one, or {@code null} for "the only one"
     * @return the connection
     * @throws IllegalArgumentException saying what is known when the name fits none or several
     */
    Connection find(String name) {
        List<Connection> all = all();
        List<Connection> fit = new ArrayList<>();
        for (Connection c : all) {
            if (name == null || c.id.equals(name)) {
                fit.add(c);
            }
        }
        if (name != null && fit.isEmpty()) {
            for (Connection c : all) {
                if (c.id.endsWith(name)) {
                    fit.add(c);
                }
            }
        }
        if (fit.size() == 1) {
            return fit.get(0);
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("No Kii connection is active (configure io.kiipush.gateway.PushSession "
                    + "and io.kiipush.gateway.Onboarding, or create a connection in Kura's Cloud Connections)");
        }
        throw new IllegalArgumentException((name == null ? "Several Kii connections: name one"
                : fit.isEmpty() ? "No Kii connection '" + name + "'" : "'" + name + "' fits several connections")
                + " (" + ids(all) + ")");
    }

    private static String ids(List<Connection> all) {
        List<String> ids = new ArrayList<>();
        all.forEach(c -> ids.add(c.id));
        return String.join(", ", ids);
    }

    // The session's own rule: its onboarding.target, or the default it is declared with.
    private static Filter target(Map<String, Object> sessionProperties) {
        Object configured = sessionProperties.get(PushSessionComponent.ONBOARDING_REFERENCE + ".target");
        String filter = configured instanceof String ? (String) configured : PushSessionComponent.DEFAULT_ONBOARDING_TARGET;
        try {
            return FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            return null; // DS does not bind such a session either
        }
    }

    private static <T> T first(Map<T, Map<String, Object>> services, Filter target) {
        if (target == null) {
            return null;
        }
        for (Map.Entry<T, Map<String, Object>> e : services.entrySet()) {
            if (target.matches(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }
}
