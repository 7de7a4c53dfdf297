package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.APP_ID;
import static io.kiipush.gateway.internal.config.ConfigField.APP_KEY;
import static io.kiipush.gateway.internal.config.ConfigField.DATA_DIR;
import static io.kiipush.gateway.internal.config.ConfigField.ENDPOINT_MAX_WAIT_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.HTTP_CONNECT_TIMEOUT_MS;
import static io.kiipush.gateway.internal.config.ConfigField.HTTP_READ_TIMEOUT_MS;
import static io.kiipush.gateway.internal.config.ConfigField.INSTALLATION_DEVELOPMENT;
import static io.kiipush.gateway.internal.config.ConfigField.MQTT_API_BROKER;
import static io.kiipush.gateway.internal.config.ConfigField.MQTT_TRANSPORT;
import static io.kiipush.gateway.internal.config.ConfigField.MQTT_WEB_SOCKET_PATH;
import static io.kiipush.gateway.internal.config.ConfigField.SITE;
import static io.kiipush.gateway.internal.config.ConfigField.SITE_URL;
import static io.kiipush.gateway.internal.config.ConfigField.SUBSCRIPTIONS_BUCKETS;
import static io.kiipush.gateway.internal.config.ConfigField.SUBSCRIPTIONS_TOPICS;
import static io.kiipush.gateway.internal.config.ConfigField.TLS_CA_FILE;
import static io.kiipush.gateway.internal.config.ConfigField.TLS_VERIFY_HOSTNAME;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocketFactory;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.config.ConfigField;
import io.kiipush.gateway.internal.config.ConfigReader;
import io.kiipush.gateway.internal.endpoint.Transport;

/**
 * The onboarding configuration, read once from the component configuration, decrypted and checked: immutable.
 * <p>
 * Construction never throws: every problem is collected in {@link #problems} with a message that names the field and
 * the fix, and never shows a secret value. File system checks go through the given {@link SettingsFiles}.
 * {@link #toString()} holds no secret either.
 */
final class OnboardingSettings {

    private static final int MIN_TIMEOUT_MS = 100;
    private static final int MAX_CONNECT_TIMEOUT_MS = 120_000;
    private static final int MAX_READ_TIMEOUT_MS = 300_000;
    private static final int MAX_WAIT_SEC = 3600;

    private static final Pattern APP_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** Every problem found, each naming its field; empty when the settings are usable. */
    final List<String> problems;
    /** The site, {@code null} when the configured one is invalid. */
    final Site site;
    /** E.g. {@code https://api.kii.com} or the custom URL without trailing '/'; {@code null} if invalid. */
    final String restBase;
    final String appId;
    /** The application key; a secret. */
    final String appKey;
    final IdentityConfig identity;
    /** The configured default broker of MQTT_API mode; {@code null} when derived from the site, or not MQTT_API. */
    private final String mqttApiBroker;
    /** The MQTT transport, {@code null} when the configured one is invalid. */
    final Transport transport;
    final String webSocketPath;
    final String caFile;
    /** What the CA file gives; {@code null} for the JVM default trust store. */
    private final SettingsFiles.Trust trust;
    final boolean verifyHostname;
    final int connectTimeoutMs;
    final int readTimeoutMs;
    final int maxWaitSec;
    final boolean development;
    /** Where the state files live; {@code null} when there is no usable directory. */
    final Path dataDir;
    /** Configured subscriptions, buckets first, without duplicates. */
    final List<Subscription> subscriptions;

    /**
     * @param c the component configuration
     * @param decrypter turns a Password field into clear text (identity when there is nothing to decrypt)
     * @param defaultDataDir directory used when {@code dataDir} is empty, {@code null} if none is available
     * @param previous the settings this replaces, to keep the same TLS socket factory when the CA file did not change;
     *        may be {@code null}
     * @param files the file system checks (CA file, data directory)
     */
    OnboardingSettings(OnboardingComponent.Config c, UnaryOperator<String> decrypter, Path defaultDataDir,
            OnboardingSettings previous, SettingsFiles files) {
        List<String> p = new ArrayList<>();
        ConfigReader in = new ConfigReader(p);
        String siteText = in.text(SITE, c::site);
        this.site = parseEnum(Site.class, siteText.isEmpty() ? "US" : siteText);
        if (site == null) {
            p.add(SITE.key() + " '" + siteText + "' is not one of US, JP, CN3, SG, EU, CUSTOM");
        }
        this.restBase = Site.restBase(site, in.text(SITE_URL, c::site_url), p);
        this.appId = in.text(APP_ID, c::app_id);
        if (appId.isEmpty()) {
            p.add(APP_ID.key() + " is required: enter the application ID from the Kii developer portal");
        } else if (!APP_ID_PATTERN.matcher(appId).matches()) {
            p.add(APP_ID.key() + " '" + appId + "' is not a valid application ID (letters, digits, '.', '_', '-')");
        }
        this.appKey = in.secret(APP_KEY, c::app_key, decrypter);
        if (IdentityRules.isBlank(appKey)) {
            p.add(APP_KEY.key() + " is required: enter the application key from the Kii developer portal");
        }
        this.identity = new IdentityConfig(c, in, decrypter);
        IdentityRules.check(identity, p);

        String transportText = in.text(MQTT_TRANSPORT, c::mqtt_transport);
        this.transport = parseEnum(Transport.class, transportText.isEmpty() ? "TLS" : transportText);
        if (transport == null) {
            p.add(MQTT_TRANSPORT.key() + " '" + transportText + "' is not one of TLS, TCP, WSS, WS");
        }
        String path = in.text(MQTT_WEB_SOCKET_PATH, c::mqtt_webSocketPath);
        if (path.isEmpty()) {
            path = "/mqtt";
        } else if (!path.startsWith("/") || path.contains(" ")) {
            p.add(MQTT_WEB_SOCKET_PATH.key() + " '" + path + "' must start with '/' and contain no spaces, e.g. /mqtt");
        }
        this.webSocketPath = path;
        String broker = in.text(MQTT_API_BROKER, c::mqttApi_broker);
        this.mqttApiBroker = identity.mode == IdentityMode.MQTT_API ? BrokerUris.check(broker, site, p) : null;
        this.verifyHostname = in.bool(TLS_VERIFY_HOSTNAME, c::tls_verifyHostname, true);
        this.caFile = in.text(TLS_CA_FILE, c::tls_caFile);
        this.trust = caFile.isEmpty() ? null : files.trust(caFile, previous == null ? null : previous.trust, p);

        this.connectTimeoutMs = range(p, HTTP_CONNECT_TIMEOUT_MS, in.integer(HTTP_CONNECT_TIMEOUT_MS,
                c::http_connectTimeoutMs, 10000), MIN_TIMEOUT_MS, MAX_CONNECT_TIMEOUT_MS, "ms", 10000);
        this.readTimeoutMs = range(p, HTTP_READ_TIMEOUT_MS, in.integer(HTTP_READ_TIMEOUT_MS, c::http_readTimeoutMs,
                30000), MIN_TIMEOUT_MS, MAX_READ_TIMEOUT_MS, "ms", 30000);
        this.maxWaitSec = range(p, ENDPOINT_MAX_WAIT_SEC, in.integer(ENDPOINT_MAX_WAIT_SEC, c::endpoint_maxWaitSec,
                60), 1, MAX_WAIT_SEC, "s", 60);
        this.development = in.bool(INSTALLATION_DEVELOPMENT, c::installation_development, false);
        this.dataDir = files.dataDir(in.text(DATA_DIR, c::dataDir), defaultDataDir, p);

        Set<Subscription> subs = new LinkedHashSet<>();
        ConfiguredSubscriptions.read(Subscription.Target.BUCKET, SUBSCRIPTIONS_BUCKETS,
                in.list(SUBSCRIPTIONS_BUCKETS, c::subscriptions_buckets), identity, subs, p);
        ConfiguredSubscriptions.read(Subscription.Target.TOPIC, SUBSCRIPTIONS_TOPICS,
                in.list(SUBSCRIPTIONS_TOPICS, c::subscriptions_topics), identity, subs, p);
        this.subscriptions = Collections.unmodifiableList(new ArrayList<>(subs));
        this.problems = Collections.unmodifiableList(p);
    }

    private static int range(List<String> problems, ConfigField field, int value, int min, int max, String unit,
            int fallback) {
        if (value < min || value > max) {
            problems.add(field.key() + " " + value + " is out of range: use " + min + " to " + max + " " + unit);
            return fallback;
        }
        return value;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    boolean isValid() {
        return problems.isEmpty();
    }

    /** @return every problem in one line, for an exception message */
    String problemSummary() {
        return "the Kii onboarding configuration is invalid: " + String.join("; ", problems);
    }

    /** @return the REST base URL, or what the operator must fix to get one */
    String restBaseOrFix() {
        if (restBase != null) {
            return restBase;
        }
        return site == null ? "none: choose a valid " + SITE : "none: enter a valid " + SITE_URL;
    }

    /** @return the REST host for logs */
    String restHost() {
        if (restBase == null) {
            return "?";
        }
        try {
            URI u = new URI(restBase);
            return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (URISyntaxException e) {
            return restBase;
        }
    }

    /** @return the default broker URI of the MQTT_API mode (configured or derived), {@code null} if unknown */
    String mqttApiBrokerUri() {
        if (identity.mode != IdentityMode.MQTT_API) {
            return null;
        }
        return BrokerUris.resolve(mqttApiBroker, site, transport, webSocketPath);
    }

    /** @return the TLS socket factory trusting {@code tls.caFile}, {@code null} for the JVM default */
    SSLSocketFactory sslSocketFactory() {
        return trust == null ? null : trust.socketFactory;
    }

    /** @return the name of the state file of this identity: a hash, never a secret */
    String stateFileName() {
        return IdentityHash.stateFileName(restBase, appId, identity.mode, identity.identityId());
    }

    /** @return material that changes whenever a credential changes; secret, only ever hashed with a salt */
    String credentialMaterial() {
        return identity.credentialMaterial(appKey);
    }

    /** @return the non-empty secrets, for redacting server messages */
    List<String> secrets() {
        List<String> out = new ArrayList<>();
        List<String> all = new ArrayList<>(identity.secrets());
        all.add(0, appKey);
        for (String s : all) {
            if (s != null && s.trim().length() >= 3) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @param sub a subscription
     * @return why the gateway's identity cannot address {@code sub}, or {@code null} when it can
     */
    String ownScopeProblem(Subscription sub) {
        return IdentityRules.ownScopeProblem(identity, sub);
    }

    /**
     * @param other other settings
     * @return true if both name the same Kii identity with the same credentials (an onboarding result of one is
     *         valid for the other)
     */
    boolean sameIdentity(OnboardingSettings other) {
        if (!isValid() || !other.isValid()) {
            return !isValid() && !other.isValid();
        }
        return identityFingerprint().equals(other.identityFingerprint());
    }

    /** @return true if both lead to the same MQTT connection for the same endpoint */
    boolean sameConnection(OnboardingSettings other) {
        return transport == other.transport && webSocketPath.equals(other.webSocketPath)
                && verifyHostname == other.verifyHostname && caFile.equals(other.caFile)
                && Objects.equals(fingerprint(trust), fingerprint(other.trust))
                && Objects.equals(mqttApiBrokerUri(), other.mqttApiBrokerUri());
    }

    private static String fingerprint(SettingsFiles.Trust t) {
        return t == null ? null : t.fingerprint;
    }

    private List<Object> identityFingerprint() {
        List<Object> parts = new ArrayList<>(Arrays.<Object>asList(restBase, appId, appKey));
        parts.addAll(identity.fingerprint());
        return parts;
    }

    @Override
    public String toString() {
        return "site=" + (restBase != null ? site + " (" + restBase + ")" : "invalid (REST base URL " + restBaseOrFix()
                + ")") + " app=" + appId + " mode=" + (identity.mode == null ? "invalid" : identity.mode)
                + " identity=" + identity.identityId() + " transport=" + (transport == null ? "invalid" : transport)
                + " dataDir=" + (dataDir == null ? "none" : dataDir) + " subscriptions=" + subscriptions.size()
                + (problems.isEmpty() ? "" : " problems=" + problems.size());
    }
}
