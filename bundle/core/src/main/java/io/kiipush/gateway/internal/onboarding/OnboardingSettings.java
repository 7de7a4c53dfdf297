package io.kiipush.gateway.internal.onboarding;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocketFactory;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.Transport;

/**
 * The onboarding configuration, read once from the component configuration, decrypted and validated: immutable.
 * <p>
 * Construction never throws: every problem is collected in {@link #problems()} with a message that names the field
 * and the fix, and never shows a secret value. {@link #toString()} holds no secret either.
 */
final class OnboardingSettings {

    /** Kii Cloud server locations (kii-protocol §1.1/§1.2). */
    enum Site {
        US("api.kii.com", "mqtt-us.kii.com"),
        JP("api-jp.kii.com", "mqtt-jp.kii.com"),
        CN3("api-cn3.kii.com", "mqtt-cn3.kii.com"),
        SG("api-sg.kii.com", "mqtt-sg.kii.com"),
        // The EU default broker name is unconfirmed (kii-protocol §1.2); mqttApi.broker overrides it.
        EU("api-eu.kii.com", "mqtt-eu.kii.com"),
        CUSTOM(null, null);

        final String restHost;
        final String defaultBroker;

        Site(String restHost, String defaultBroker) {
            this.restHost = restHost;
            this.defaultBroker = defaultBroker;
        }
    }

    /** Who the gateway is in Kii Cloud. */
    enum IdentityMode {
        THING, USER, TOKEN, MQTT_API;

        /** @return true if the identity is a thing with thing.* credentials */
        boolean isThing() {
            return this == THING || this == MQTT_API;
        }
    }

    /** A {@code kind:id} reference such as {@code user:u1}, {@code group:g1} or {@code thing:th.1}. */
    static final class Principal {
        final String kind;
        final String id;

        Principal(String kind, String id) {
            this.kind = kind;
            this.id = id;
        }

        static Principal parse(String text, Set<String> kinds) {
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                return null;
            }
            String kind = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String id = text.substring(colon + 1).trim();
            return kinds.contains(kind) && ID.matcher(id).matches() ? new Principal(kind, id) : null;
        }

        boolean isUser() {
            return "user".equals(kind);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Principal && ((Principal) o).kind.equals(kind) && ((Principal) o).id.equals(id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, id);
        }

        @Override
        public String toString() {
            return kind + ":" + id;
        }
    }

    static final int MIN_TIMEOUT_MS = 100;
    static final int MAX_CONNECT_TIMEOUT_MS = 120_000;
    static final int MAX_READ_TIMEOUT_MS = 300_000;
    static final int MAX_WAIT_SEC = 3600;

    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern VENDOR_THING_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+-]{1,200}");
    private static final Set<String> OWNER_KINDS = new LinkedHashSet<>(Arrays.asList("user", "group"));
    private static final Set<String> TOKEN_OWNER_KINDS = new LinkedHashSet<>(Arrays.asList("user", "thing"));
    private static final List<String> LAYOUTS = Arrays.asList("STANDALONE", "GATEWAY", "END_NODE");

    private final List<String> problems = new ArrayList<>();

    private final Site site;
    private final String restBase;
    private final String appId;
    private final String appKey;
    private final IdentityMode mode;
    private final String vendorThingId;
    private final String thingId;
    private final String thingPassword;
    private final String thingType;
    private final String firmwareVersion;
    private final String layoutPosition;
    private final Principal thingOwner;
    private final String ownerToken;
    private final String username;
    private final String userPassword;
    private final String tokenValue;
    private final Principal tokenOwner;
    private final String mqttApiBroker;
    private final Transport transport;
    private final String webSocketPath;
    private final String caFile;
    private final String caFingerprint;
    private final SSLSocketFactory sslSocketFactory;
    private final boolean verifyHostname;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final int maxWaitSec;
    private final boolean development;
    private final Path dataDir;
    private final List<Subscription> subscriptions;

    /**
     * @param config the component configuration
     * @param decrypter turns a Password field into clear text (identity when there is nothing to decrypt)
     * @param defaultDataDir directory used when {@code dataDir} is empty, {@code null} if none is available
     * @param previous the settings this replaces, to keep the same TLS socket factory when the CA file did not change;
     *        may be {@code null}
     */
    OnboardingSettings(OnboardingComponent.Config config, UnaryOperator<String> decrypter, Path defaultDataDir,
            OnboardingSettings previous) {
        // ---- site and application
        String siteText = str("site", config::site);
        Site s = parseEnum(Site.class, siteText.isEmpty() ? "US" : siteText);
        if (s == null) {
            problems.add("site '" + siteText + "' is not one of US, JP, CN3, SG, EU, CUSTOM");
        }
        this.site = s;
        this.restBase = restBase(s, str("site.url", config::site_url));
        this.appId = str("app.id", config::app_id);
        if (appId.isEmpty()) {
            problems.add("app.id is required: enter the application ID from the Kii developer portal");
        } else if (!APP_ID.matcher(appId).matches()) {
            problems.add("app.id '" + appId + "' is not a valid application ID (letters, digits, '.', '_', '-')");
        }
        this.appKey = secret("app.key", config::app_key, decrypter);
        if (isBlank(appKey)) {
            problems.add("app.key is required: enter the application key from the Kii developer portal");
        }

        // ---- identity
        String modeText = str("identity.mode", config::identity_mode);
        IdentityMode m = parseEnum(IdentityMode.class, modeText.isEmpty() ? "THING" : modeText);
        if (m == null) {
            problems.add("identity.mode '" + modeText + "' is not one of THING, USER, TOKEN, MQTT_API");
        }
        this.mode = m;
        this.vendorThingId = str("thing.vendorThingId", config::thing_vendorThingId);
        this.thingId = str("thing.id", config::thing_id);
        this.thingPassword = secret("thing.password", config::thing_password, decrypter);
        this.thingType = str("thing.type", config::thing_type);
        this.firmwareVersion = str("thing.firmwareVersion", config::thing_firmwareVersion);
        String layout = str("thing.layoutPosition", config::thing_layoutPosition).toUpperCase(Locale.ROOT);
        this.layoutPosition = layout.isEmpty() ? "STANDALONE" : layout;
        String ownerText = str("thing.owner", config::thing_owner);
        this.thingOwner = ownerText.isEmpty() ? null : Principal.parse(ownerText, OWNER_KINDS);
        this.ownerToken = secret("thing.ownerToken", config::thing_ownerToken, decrypter);
        this.username = str("user.username", config::user_username);
        this.userPassword = secret("user.password", config::user_password, decrypter);
        this.tokenValue = secret("token.value", config::token_value, decrypter);
        String tokenOwnerText = str("token.owner", config::token_owner);
        this.tokenOwner = tokenOwnerText.isEmpty() ? null : Principal.parse(tokenOwnerText, TOKEN_OWNER_KINDS);
        if (m != null) {
            validateIdentity(m, ownerText, tokenOwnerText);
        }

        // ---- MQTT and TLS
        String transportText = str("mqtt.transport", config::mqtt_transport);
        Transport t = parseEnum(Transport.class, transportText.isEmpty() ? "TLS" : transportText);
        if (t == null) {
            problems.add("mqtt.transport '" + transportText + "' is not one of TLS, TCP, WSS, WS");
        }
        this.transport = t;
        String path = str("mqtt.webSocketPath", config::mqtt_webSocketPath);
        if (path.isEmpty()) {
            path = "/mqtt";
        } else if (!path.startsWith("/") || path.contains(" ")) {
            problems.add("mqtt.webSocketPath '" + path + "' must start with '/' and contain no spaces, e.g. /mqtt");
        }
        this.webSocketPath = path;
        this.mqttApiBroker = m == IdentityMode.MQTT_API ? mqttApiBroker(str("mqttApi.broker", config::mqttApi_broker))
                : str("mqttApi.broker", config::mqttApi_broker);
        this.verifyHostname = bool("tls.verifyHostname", config::tls_verifyHostname, true);
        this.caFile = str("tls.caFile", config::tls_caFile);
        String[] fingerprint = new String[1];
        this.sslSocketFactory = trust(caFile, previous, fingerprint);
        this.caFingerprint = fingerprint[0];

        // ---- timing, installation, storage
        this.connectTimeoutMs = range("http.connectTimeoutMs", integer("http.connectTimeoutMs",
                config::http_connectTimeoutMs, 10000), MIN_TIMEOUT_MS, MAX_CONNECT_TIMEOUT_MS, "ms", 10000);
        this.readTimeoutMs = range("http.readTimeoutMs", integer("http.readTimeoutMs", config::http_readTimeoutMs,
                30000), MIN_TIMEOUT_MS, MAX_READ_TIMEOUT_MS, "ms", 30000);
        this.maxWaitSec = range("endpoint.maxWaitSec", integer("endpoint.maxWaitSec", config::endpoint_maxWaitSec, 60),
                1, MAX_WAIT_SEC, "s", 60);
        this.development = bool("installation.development", config::installation_development, false);
        this.dataDir = dataDir(str("dataDir", config::dataDir), defaultDataDir);

        // ---- subscriptions
        Set<Subscription> subs = new LinkedHashSet<>();
        readSubscriptions(Subscription.Target.BUCKET, "subscriptions.buckets", config::subscriptions_buckets, subs);
        readSubscriptions(Subscription.Target.TOPIC, "subscriptions.topics", config::subscriptions_topics, subs);
        this.subscriptions = Collections.unmodifiableList(new ArrayList<>(subs));
    }

    private void validateIdentity(IdentityMode m, String ownerText, String tokenOwnerText) {
        String modeName = "identity.mode=" + m;
        switch (m) {
            case THING:
            case MQTT_API:
                if (!vendorThingId.isEmpty() && !thingId.isEmpty()) {
                    problems.add("thing.vendorThingId and thing.id are both set: set exactly one of them");
                } else if (vendorThingId.isEmpty() && thingId.isEmpty()) {
                    problems.add("thing.vendorThingId or thing.id is required when " + modeName);
                }
                if (!vendorThingId.isEmpty() && !VENDOR_THING_ID.matcher(vendorThingId).matches()) {
                    problems.add("thing.vendorThingId '" + vendorThingId
                            + "' must be 1-200 letters, digits, '-', '_' or '.'");
                }
                if (!thingId.isEmpty() && !ID.matcher(thingId).matches()) {
                    problems.add("thing.id '" + thingId + "' is not a valid thing ID (e.g. th.1234abcd-...)");
                }
                if (isBlank(thingPassword)) {
                    problems.add("thing.password is required when " + modeName);
                }
                if (!LAYOUTS.contains(layoutPosition)) {
                    problems.add("thing.layoutPosition '" + layoutPosition
                            + "' is not one of STANDALONE, GATEWAY, END_NODE");
                }
                if (!ownerText.isEmpty()) {
                    if (m == IdentityMode.MQTT_API) {
                        problems.add("thing.owner is not supported with identity.mode=MQTT_API (onboarding by owner "
                                + "needs HTTPS): clear thing.owner or use identity.mode=THING");
                    } else if (thingOwner == null) {
                        problems.add("thing.owner '" + ownerText + "' must be user:USER_ID or group:GROUP_ID");
                    }
                    if (m == IdentityMode.THING && isBlank(ownerToken)) {
                        problems.add("thing.ownerToken is required when thing.owner is set: enter the owner's "
                                + "access token");
                    }
                }
                break;
            case USER:
                if (username.isEmpty()) {
                    problems.add("user.username is required when " + modeName);
                }
                if (isBlank(userPassword)) {
                    problems.add("user.password is required when " + modeName);
                }
                break;
            default:
                if (isBlank(tokenValue)) {
                    problems.add("token.value is required when " + modeName + ": enter a Kii access token");
                }
                if (tokenOwnerText.isEmpty()) {
                    problems.add("token.owner is required when " + modeName
                            + ": enter user:USER_ID or thing:THING_ID of the token's owner");
                } else if (tokenOwner == null) {
                    problems.add("token.owner '" + tokenOwnerText + "' must be user:USER_ID or thing:THING_ID");
                }
                break;
        }
    }

    private String restBase(Site s, String url) {
        if (s == null) {
            return null;
        }
        if (s != Site.CUSTOM) {
            return "https://" + s.restHost;
        }
        if (url.isEmpty()) {
            problems.add("site.url is required when site=CUSTOM: enter the REST base URL, e.g. http://localhost:8080");
            return null;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getRawUserInfo() != null) {
                // Never echo it: the user-info part may hold a password.
                problems.add("site.url must not contain user:password@: enter only scheme, host, port and path");
                return null;
            }
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawQuery() != null
                    || u.getRawFragment() != null) {
                problems.add("site.url '" + url + "' is not a valid http(s) base URL: use e.g. https://kii.example.com "
                        + "or http://localhost:8080 (no query, no fragment)");
                return null;
            }
            String p = u.getRawPath() == null ? "" : u.getRawPath();
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return scheme + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + p;
        } catch (URISyntaxException e) {
            problems.add("site.url '" + url + "' is not a valid URL (" + e.getReason() + ")");
            return null;
        }
    }

    private String mqttApiBroker(String text) {
        if (text.isEmpty()) {
            if (site == Site.CUSTOM) {
                problems.add("mqttApi.broker is required when site=CUSTOM and identity.mode=MQTT_API: enter the "
                        + "default broker URI, e.g. tcp://localhost:1883");
                return null;
            }
            return null; // derived from site and transport once both are known: see mqttApiBrokerUri()
        }
        try {
            URI u = new URI(text);
            Transport t = transportOfScheme(u.getScheme());
            if (t == null || u.getHost() == null || u.getRawUserInfo() != null) {
                problems.add("mqttApi.broker '" + (u.getRawUserInfo() != null ? "(hidden)" : text)
                        + "' is not a valid broker URI: use tcp://, ssl://, ws:// or wss:// host[:port]");
                return null;
            }
            return text;
        } catch (URISyntaxException e) {
            problems.add("mqttApi.broker '" + text + "' is not a valid URI (" + e.getReason() + ")");
            return null;
        }
    }

    private SSLSocketFactory trust(String file, OnboardingSettings previous, String[] fingerprintOut) {
        if (file.isEmpty()) {
            return null;
        }
        Path p;
        try {
            p = Paths.get(file);
        } catch (InvalidPathException e) {
            problems.add("tls.caFile '" + file + "' is not a valid path");
            return null;
        }
        if (!Files.exists(p)) {
            problems.add("tls.caFile '" + file + "' does not exist: enter the path of a PEM file with the CA "
                    + "certificates to trust, or leave it empty for the JVM default trust store");
            return null;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problems.add("tls.caFile '" + file + "' is not a readable file");
            return null;
        }
        try {
            byte[] pem = Files.readAllBytes(p);
            String fingerprint = sha256Hex(p.toAbsolutePath() + "\n" + new String(pem, StandardCharsets.ISO_8859_1));
            fingerprintOut[0] = fingerprint;
            if (previous != null && fingerprint.equals(previous.caFingerprint) && previous.sslSocketFactory != null) {
                return previous.sslSocketFactory; // same CA file: same factory, so targets stay "the same connection"
            }
            return TlsTrust.socketFactory(pem);
        } catch (IOException e) {
            problems.add("tls.caFile '" + file + "' cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            problems.add("tls.caFile '" + file + "' holds no usable PEM certificate (" + e.getMessage()
                    + "): it must contain one or more '-----BEGIN CERTIFICATE-----' blocks");
        }
        return null;
    }

    private Path dataDir(String text, Path defaultDir) {
        Path dir;
        if (text.isEmpty()) {
            if (defaultDir == null) {
                problems.add("dataDir is empty and no default location exists (no kura.data, no "
                        + "/opt/eclipse/kura/data, no bundle data area): enter a writable directory");
                return null;
            }
            dir = defaultDir;
        } else {
            try {
                dir = Paths.get(text);
            } catch (InvalidPathException e) {
                problems.add("dataDir '" + text + "' is not a valid path");
                return null;
            }
            if (!dir.isAbsolute()) {
                problems.add("dataDir '" + text + "' must be an absolute path, e.g. /opt/eclipse/kura/data/kii-push");
                return null;
            }
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            problems.add("dataDir '" + dir + "' is not a writable directory" + (existing == dir ? "" : " and cannot "
                    + "be created") + ": enter a directory the Kura process may write, or leave it empty");
        }
        return dir;
    }

    private void readSubscriptions(Subscription.Target target, String key, Supplier<String[]> getter,
            Set<Subscription> out) {
        String[] entries;
        try {
            entries = getter.get();
        } catch (RuntimeException e) {
            problems.add(key + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (entries == null) {
            return;
        }
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                continue;
            }
            // A comma-separated slot is accepted too: handy outside Kura's one-field-per-entry form.
            for (String part : entries[i].split(",")) {
                String spec = part.trim();
                if (spec.isEmpty()) {
                    continue;
                }
                try {
                    Subscription sub = Subscription.parse(target, spec);
                    String ownProblem = ownScopeProblem(sub);
                    if (ownProblem != null) {
                        problems.add(key + " entry " + (i + 1) + " ('" + spec + "'): " + ownProblem);
                    } else {
                        out.add(sub);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(key + " entry " + (i + 1) + " ('" + spec + "'): " + e.getMessage());
                }
            }
        }
    }

    /**
     * @param sub a subscription
     * @return why the gateway's identity cannot address {@code sub}, or {@code null} when it can
     */
    String ownScopeProblem(Subscription sub) {
        if (sub.getScopeId() != null || mode == null) {
            return null;
        }
        String own = ownKind();
        if (sub.getScope() == Subscription.Scope.USER && own != null && !own.equals("user")) {
            return "'user/" + sub.getName() + "' means the gateway user's own scope, but the gateway is a thing in "
                    + "identity.mode=" + mode + ": write user:USER_ID/" + sub.getName();
        }
        if (sub.getScope() == Subscription.Scope.THING && own != null && !own.equals("thing")) {
            return "'thing/" + sub.getName() + "' means the gateway thing's own scope, but the gateway is a user in "
                    + "identity.mode=" + mode + ": write thing:THING_ID/" + sub.getName();
        }
        return null;
    }

    /** @return "user" or "thing": what kind of Kii principal the gateway is, {@code null} if unknown */
    String ownKind() {
        if (mode == null) {
            return null;
        }
        switch (mode) {
            case USER:
                return "user";
            case TOKEN:
                return tokenOwner == null ? null : tokenOwner.kind;
            default:
                return "thing";
        }
    }

    // ------------------------------------------------------------------ reading helpers

    private String str(String key, Supplier<String> getter) {
        try {
            String v = getter.get();
            return v == null ? "" : v.trim();
        } catch (RuntimeException e) {
            problems.add(key + " cannot be read (" + e.getClass().getSimpleName() + "): enter a text value");
            return "";
        }
    }

    private String secret(String key, Supplier<String> getter, UnaryOperator<String> decrypter) {
        String raw;
        try {
            raw = getter.get();
        } catch (RuntimeException e) {
            problems.add(key + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return "";
        }
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String clear = decrypter.apply(raw);
        return clear == null ? "" : clear;
    }

    private int integer(String key, IntSupplier getter, int fallback) {
        try {
            return getter.getAsInt();
        } catch (RuntimeException e) {
            problems.add(key + " is not a whole number: enter digits only");
            return fallback;
        }
    }

    private boolean bool(String key, BooleanSupplier getter, boolean fallback) {
        try {
            return getter.getAsBoolean();
        } catch (RuntimeException e) {
            problems.add(key + " is not true or false");
            return fallback;
        }
    }

    private int range(String key, int value, int min, int max, String unit, int fallback) {
        if (value < min || value > max) {
            problems.add(key + " " + value + " is out of range: use " + min + " to " + max + " " + unit);
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

    static Transport transportOfScheme(String scheme) {
        if (scheme == null) {
            return null;
        }
        for (Transport t : Transport.values()) {
            if (t.scheme().equalsIgnoreCase(scheme)) {
                return t;
            }
        }
        return null;
    }

    static int defaultPort(Transport t) {
        switch (t) {
            case TCP:
                return 1883;
            case TLS:
                return 8883;
            case WS:
                return 12470;
            default:
                return 12473;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                sb.append(String.format("%02x", b & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }

    // ------------------------------------------------------------------ accessors

    boolean isValid() {
        return problems.isEmpty();
    }

    List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** @return every problem in one line, for an exception message */
    String problemSummary() {
        return "the Kii onboarding configuration is invalid: " + String.join("; ", problems);
    }

    Site site() {
        return site;
    }

    /** @return e.g. {@code https://api.kii.com} or the custom URL without trailing '/'; {@code null} if invalid */
    String restBase() {
        return restBase;
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

    String appId() {
        return appId;
    }

    /** @return the application key; a secret */
    String appKey() {
        return appKey;
    }

    IdentityMode mode() {
        return mode;
    }

    String vendorThingId() {
        return vendorThingId;
    }

    String thingId() {
        return thingId;
    }

    /** @return the thing password; a secret */
    String thingPassword() {
        return thingPassword;
    }

    String thingType() {
        return thingType;
    }

    String firmwareVersion() {
        return firmwareVersion;
    }

    String layoutPosition() {
        return layoutPosition;
    }

    Principal thingOwner() {
        return thingOwner;
    }

    /** @return the owner's token; a secret */
    String ownerToken() {
        return ownerToken;
    }

    String username() {
        return username;
    }

    /** @return the user password; a secret */
    String userPassword() {
        return userPassword;
    }

    /** @return the configured token; a secret */
    String tokenValue() {
        return tokenValue;
    }

    Principal tokenOwner() {
        return tokenOwner;
    }

    Transport transport() {
        return transport;
    }

    String webSocketPath() {
        return webSocketPath;
    }

    /** @return the default broker URI of the MQTT_API mode (configured or derived), {@code null} if unknown */
    String mqttApiBrokerUri() {
        if (mode != IdentityMode.MQTT_API) {
            return null;
        }
        if (mqttApiBroker != null && !mqttApiBroker.isEmpty()) {
            try {
                URI u = new URI(mqttApiBroker);
                Transport t = transportOfScheme(u.getScheme());
                int port = u.getPort() > 0 ? u.getPort() : defaultPort(t);
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? webSocketPath : u.getRawPath();
                return t.scheme() + "://" + u.getHost() + ":" + port + (t.isWebSocket() ? path : "");
            } catch (URISyntaxException e) {
                return null;
            }
        }
        if (site == null || site.defaultBroker == null || transport == null) {
            return null;
        }
        return transport.scheme() + "://" + site.defaultBroker + ":" + defaultPort(transport)
                + (transport.isWebSocket() ? webSocketPath : "");
    }

    String caFile() {
        return caFile;
    }

    /** @return the TLS socket factory trusting {@code tls.caFile}, {@code null} for the JVM default */
    SSLSocketFactory sslSocketFactory() {
        return sslSocketFactory;
    }

    boolean verifyHostname() {
        return verifyHostname;
    }

    int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    int readTimeoutMs() {
        return readTimeoutMs;
    }

    int maxWaitSec() {
        return maxWaitSec;
    }

    boolean development() {
        return development;
    }

    Path dataDir() {
        return dataDir;
    }

    /** @return configured subscriptions, buckets first, without duplicates */
    List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** @return how the identity is named in files, logs and messages, e.g. {@code vendorThingID:abc}; no secret */
    String identityId() {
        if (mode == null) {
            return "?";
        }
        switch (mode) {
            case USER:
                return "username:" + username;
            case TOKEN:
                return "token-owner:" + tokenOwner;
            default:
                return vendorThingId.isEmpty() ? "thingID:" + thingId : "vendorThingID:" + vendorThingId;
        }
    }

    /** @return the thing named for an operator, e.g. {@code vendorThingID 'abc'} */
    String thingDescription() {
        return vendorThingId.isEmpty() ? "thingID '" + thingId + "'" : "vendorThingID '" + vendorThingId + "'";
    }

    /** @return the name of the state file of this identity: a hash, never a secret */
    String stateFileName() {
        return "state-" + sha256Hex(restBase + "\n" + appId + "\n" + mode + "\n" + identityId()).substring(0, 32)
                + ".json";
    }

    /**
     * @return material that changes whenever a credential changes; secret, only ever hashed with a salt
     */
    String credentialMaterial() {
        StringBuilder sb = new StringBuilder(appKey);
        if (mode != null) {
            switch (mode) {
                case USER:
                    sb.append('\0').append(userPassword);
                    break;
                case TOKEN:
                    sb.append('\0').append(tokenValue);
                    break;
                default:
                    sb.append('\0').append(thingPassword).append('\0').append(ownerToken).append('\0')
                            .append(thingOwner);
                    break;
            }
        }
        return sb.toString();
    }

    /** @return the non-empty secrets, for redacting server messages */
    List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(appKey, thingPassword, ownerToken, userPassword, tokenValue)) {
            if (s != null && s.trim().length() >= 3) {
                out.add(s);
            }
        }
        return out;
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
                && Objects.equals(caFingerprint, other.caFingerprint)
                && Objects.equals(mqttApiBrokerUri(), other.mqttApiBrokerUri());
    }

    private String identityFingerprint() {
        List<Object> parts = new ArrayList<>(Arrays.<Object>asList(restBase, appId, appKey, mode));
        switch (mode) {
            case USER:
                parts.addAll(Arrays.asList(username, userPassword));
                break;
            case TOKEN:
                parts.addAll(Arrays.asList(tokenValue, tokenOwner));
                break;
            default:
                parts.addAll(Arrays.<Object>asList(vendorThingId, thingId, thingPassword, thingType, firmwareVersion,
                        layoutPosition, thingOwner, ownerToken));
                break;
        }
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p).append('\0');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "site=" + site + " (" + restBase + ") app=" + appId + " mode=" + mode + " identity=" + identityId()
                + " transport=" + transport + " dataDir=" + dataDir + " subscriptions=" + subscriptions.size()
                + (problems.isEmpty() ? "" : " problems=" + problems.size());
    }
}
