package io.kiipush.gateway.itests.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/**
 * In-container handle on the gateway bundle: its two configurations, its services, and waits on its state. The
 * configurations are written one of two ways: straight to Config Admin (as on Karaf or with any management agent), or
 * through Kura's configuration service and web console ({@link Kura}), as on a Kura gateway.
 */
public final class Gateway implements AutoCloseable {

    public static final String BUNDLE = "io.kiipush.gateway";
    public static final String ONBOARDING_PID = "io.kiipush.gateway.Onboarding";
    public static final String SESSION_PID = "io.kiipush.gateway.PushSession";
    /** The shortest keep-alive the session accepts; dead-link tests use it to stay fast. */
    public static final int KEEP_ALIVE_SEC = 5;

    private final BundleContext context;
    private final Kura kura;
    private final ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;
    private final ServiceTracker<PushSession, PushSession> session;
    private final ServiceTracker<KiiSubscriptions, KiiSubscriptions> subscriptions;

    /** @param context the test's bundle context; configurations are written to Config Admin directly */
    public Gateway(BundleContext context) {
        this(context, null);
    }

    /**
     * @param context the test's bundle context
     * @param kura Kura's stand-ins to write configurations through (form by form, as the web console does), owned
     *        and closed by this handle; {@code null} to write to Config Admin directly
     */
    public Gateway(BundleContext context, Kura kura) {
        this.context = context;
        this.kura = kura;
        this.configAdmin = open(context, ConfigurationAdmin.class);
        this.session = open(context, PushSession.class);
        this.subscriptions = open(context, KiiSubscriptions.class);
    }

    // ------------------------------------------------------------------ configuration

    /** @return onboarding properties for a THING identity against the emulator, MQTT over TCP, a fresh data dir */
    public static Map<String, Object> thing(Kii kii, String vendorThingId, String password) {
        Map<String, Object> p = site(kii);
        p.put("identity.mode", "THING");
        p.put("thing.vendorThingId", vendorThingId);
        p.put("thing.password", password);
        return p;
    }

    /** @return onboarding properties naming the emulator's site and app, TCP transport and a fresh data dir */
    public static Map<String, Object> site(Kii kii) {
        Map<String, Object> p = new HashMap<>();
        p.put("site", "CUSTOM");
        p.put("site.url", kii.baseUrl());
        p.put("app.id", kii.appId());
        p.put("app.key", kii.appKey());
        p.put("mqtt.transport", "TCP");
        p.put("http.connectTimeoutMs", 5000);
        p.put("http.readTimeoutMs", 10000);
        p.put("dataDir", kii.newDir("state"));
        return p;
    }

    /** @return session properties for fast tests: shortest keep-alive, no start delay, short backoff */
    public static Map<String, Object> fastSession() {
        Map<String, Object> p = new HashMap<>();
        p.put("keepAliveSec", KEEP_ALIVE_SEC);
        p.put("connectTimeoutSec", 5);
        p.put("startDelayMaxMs", 0L);
        p.put("backoff.initialMs", 200L);
        p.put("backoff.maxMs", 1000L);
        return p;
    }

    /**
     * Sets the onboarding configuration: through Config Admin it replaces the configuration; through Kura it is
     * applied on the form, so fields not given keep their values.
     */
    public void configureOnboarding(Map<String, Object> properties) {
        update(ONBOARDING_PID, properties);
    }

    public void configureSession(Map<String, Object> properties) {
        update(SESSION_PID, properties);
    }

    /** Sets both configurations, in the order a user fills the forms (through Kura, each is applied at once). */
    public void configure(Map<String, Object> onboarding, Map<String, Object> session) {
        configureOnboarding(onboarding);
        configureSession(session);
    }

    /** @return the current properties of a configuration, or {@code null} */
    public Dictionary<String, Object> properties(String pid) {
        Configuration[] c = configurations(byName(pid));
        return c == null ? null : c[0].getProperties();
    }

    /**
     * @param pid a singleton PID, or the kura.service.pid of a factory instance (the default connection's instances are
     *        named like their factories)
     * @return the filter finding either
     */
    public static String byName(String pid) {
        return "(|(service.pid=" + pid + ")(kura.service.pid=" + pid + "))";
    }

    /** @return the Config Admin configurations matching an LDAP filter, or {@code null} */
    public Configuration[] configurations(String filter) {
        try {
            return configAdmin().listConfigurations(filter);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes both configurations: the components deactivate (their threads end). */
    public void deleteConfigurations() {
        for (String pid : new String[] { ONBOARDING_PID, SESSION_PID }) {
            Configuration[] c = configurations(byName(pid));
            if (c != null) {
                try {
                    c[0].delete();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        await().atMost(15, TimeUnit.SECONDS).until(() -> session.getService() == null && subscriptions.getService() == null);
    }

    private void update(String pid, Map<String, Object> properties) {
        if (kura != null) {
            createThroughKuraIfAbsent(pid);
            kura.apply(pid, properties);
            return;
        }
        try {
            // "?" = multi-location: bound to whichever bundle registers the PID, across reinstalls.
            Configuration c = configAdmin().getConfiguration(pid, "?");
            c.update(new Hashtable<>(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Both forms are factory components (one instance per Kii connection): on Kura nothing exists until a user creates
     * an instance (Cloud Connections, or the "+" of the Services list). This creates the default connection's instance,
     * named like its factory as Kura names its default cloud stack, unless it exists (a reboot restores it from the
     * snapshot).
     *
     * @param pid the factory PID, also the instance's kura.service.pid
     */
    public void createThroughKuraIfAbsent(String pid) {
        if (configurations("(kura.service.pid=" + pid + ")") == null) {
            kura.configurationService().createFactoryConfiguration(pid, pid, new HashMap<>(), true);
        }
    }

    private ConfigurationAdmin configAdmin() {
        try {
            ConfigurationAdmin ca = configAdmin.waitForService(10_000);
            if (ca == null) {
                throw new IllegalStateException("no ConfigurationAdmin");
            }
            return ca;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ services and state

    /** @return the push session service, waiting up to 15 s for it */
    public PushSession session() {
        return waitFor(session, "PushSession");
    }

    public KiiSubscriptions subscriptions() {
        return waitFor(subscriptions, "KiiSubscriptions");
    }

    /** @return the current status, or {@code null} while the session component is not active */
    public SessionStatus statusOrNull() {
        PushSession s = session.getService();
        return s == null ? null : s.getStatus();
    }

    /** Waits until the session is CONNECTED (subscribed to its MQTT topic). */
    public SessionStatus awaitConnected() {
        return awaitState(SessionState.CONNECTED, Duration.ofSeconds(30));
    }

    public SessionStatus awaitState(SessionState state, Duration within) {
        SessionStatus[] last = new SessionStatus[1];
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = statusOrNull();
                return last[0] != null && last[0].getState() == state;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("session not " + state + " within " + within + "; last status: " + last[0], e);
        }
        return last[0];
    }

    /** @return the gateway bundle */
    public Bundle bundle() {
        return Arrays.stream(context.getBundles()).filter(b -> BUNDLE.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + BUNDLE + " not installed"));
    }

    @Override
    public void close() {
        session.close();
        subscriptions.close();
        configAdmin.close();
        if (kura != null) {
            kura.close();
        }
    }

    private static <T> ServiceTracker<T, T> open(BundleContext context, Class<T> type) {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        return t;
    }

    private static <T> T waitFor(ServiceTracker<T, T> tracker, String name) {
        try {
            T s = tracker.waitForService(15_000);
            if (s == null) {
                throw new AssertionError(name + " service not registered within 15 s");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
