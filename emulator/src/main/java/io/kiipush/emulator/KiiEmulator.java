package io.kiipush.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.internal.EmulatorConfig;
import io.kiipush.emulator.internal.EmulatorParts;
import io.kiipush.emulator.internal.rest.Services;
import io.kiipush.emulator.internal.service.RuntimeSettings;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.util.Ids;

// must stay whole: the public entry point with its nested Builder, whose type name is API; a run's wiring is EmulatorParts
/**
 * A local Kii Cloud: REST ({@code /api/...}, {@code /thing-if/...}) on a small HTTP/1.1 server and the MQTT push broker
 * on embedded Moquette, with fault injection and observation. All state is in memory and starts empty (apart from the
 * configured apps) on every {@link #start()}.
 *
 * <pre>{@code
 * try (KiiEmulator emu = KiiEmulator.builder().build().start()) {
 *     UserInfo alice = emu.app().registerUser("alice", "secret-1");
 *     ... point a client at emu.baseUrl() ...
 * }
 * }</pre>
 *
 * Thread-safe. {@link #stop()} releases every port and joins every thread the emulator started.
 */
public final class KiiEmulator implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(KiiEmulator.class);

    /** The app created when the builder names none. */
    public static final AppCredentials DEMO_APP =
            new AppCredentials("demoapp", "demokey", "demoapp-client", "demoapp-secret");
    /** Default user name of the privileged MQTT publisher credential. */
    public static final String DEFAULT_PUBLISHER_USERNAME = "kii-emulator-publisher";
    /** "Never expires", the TTL every observed Kii endpoint carries. */
    public static final long TTL_FOREVER = Integer.MAX_VALUE;

    private final EmulatorConfig config;
    private volatile boolean running;
    private TlsMaterial tls;
    private EmulatorParts parts;
    private Faults faults;
    private Observations observations;
    private LoadGenerator loadGenerator;

    private KiiEmulator(EmulatorConfig config) {
        this.config = config;
    }

    /** @return a builder with test-friendly defaults: ephemeral ports, HTTP, loopback, fault gates on */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts REST and MQTT. A stopped emulator may be started again (with fresh state, same configured ports).
     *
     * @return this
     * @throws IOException if a port cannot be bound
     */
    public synchronized KiiEmulator start() throws IOException {
        if (running) {
            return this;
        }
        long t0 = System.nanoTime();
        if (tls == null) {
            // generated once per instance, so a restarted emulator keeps its clients' trust
            tls = config.tls() != null ? config.tls() : TlsMaterial.generate(config.advertisedHost());
        }
        if (!tls.covers(config.advertisedHost())) {
            logger.warn("TLS certificate does not cover advertised host {}; TLS clients will reject it",
                    config.advertisedHost());
        }
        parts = EmulatorParts.start(config, tls.serverSslContext(), new AdminEndpoint(this));
        Services s = parts.services();
        faults = new Faults(s.installations(), parts.mqtt(), parts.restFaults(), parts.settings());
        observations = new Observations(parts.requests(), parts.publishes(), s.installations(), s.subscriptions(),
                parts.mqtt());
        loadGenerator = new LoadGenerator(this, parts::load);
        running = true;
        logger.info("Kii Cloud emulator started in {} ms: REST {}, MQTT tcp {} tls {}{}",
                (System.nanoTime() - t0) / 1_000_000, baseUrl(), mqttPort(), mqttTlsPort(),
                config.faultInjection() ? "" : " (direct mode, no fault gates)");
        return this;
    }

    /** Stops everything: ports are released and the emulator's threads have ended when this returns. */
    public synchronized void stop() {
        if (parts == null) {
            return;
        }
        long t0 = System.nanoTime();
        running = false;
        parts.stop();
        parts = null;
        logger.info("Kii Cloud emulator stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return running;
    }

    // ------------------------------------------------------------------ where

    /** @return e.g. {@code http://localhost:8080}: the root of {@code /api/...} and {@code /thing-if/...} */
    public String baseUrl() {
        return (config.https() ? "https" : "http") + "://" + hostForUri() + ":" + httpPort();
    }

    /** @return {@code baseUrl() + "/api"}, the "site" URL of the Kii JS SDK */
    public String kiiSiteUrl() {
        return baseUrl() + "/api";
    }

    public int httpPort() {
        requireRunning();
        return parts.http().port();
    }

    /** @return the host written into endpoint answers (must be in the TLS certificate's SAN) */
    public String advertisedHost() {
        return config.advertisedHost();
    }

    public int mqttPort() {
        requireRunning();
        return parts.mqtt().tcpPort();
    }

    public int mqttTlsPort() {
        requireRunning();
        return parts.mqtt().tlsPort();
    }

    /** @return the WebSocket port (path {@code /mqtt}), 0 when disabled */
    public int webSocketPort() {
        requireRunning();
        return parts.mqtt().wsPort();
    }

    /** @return the secure WebSocket port (path {@code /mqtt}), 0 when disabled */
    public int secureWebSocketPort() {
        requireRunning();
        return parts.mqtt().wssPort();
    }

    /** @return the plain port of the API-via-MQTT default broker, 0 when disabled */
    public int defaultBrokerPort() {
        requireRunning();
        return parts.mqtt().defaultTcpPort();
    }

    /** @return the TLS port of the API-via-MQTT default broker, 0 when disabled */
    public int defaultBrokerTlsPort() {
        requireRunning();
        return parts.mqtt().defaultTlsPort();
    }

    /** @return {@code tcp://host:port} of the default broker (client ID {@code anonymous}) */
    public String defaultBrokerUri() {
        return "tcp://" + hostForUri() + ":" + defaultBrokerPort();
    }

    /** @return {@code ssl://host:port} of the default broker */
    public String defaultBrokerTlsUri() {
        return "ssl://" + hostForUri() + ":" + defaultBrokerTlsPort();
    }

    /** @return {@code tcp://host:port} of the push broker */
    public String mqttUri() {
        return "tcp://" + hostForUri() + ":" + mqttPort();
    }

    /** @return {@code ssl://host:port} of the push broker */
    public String mqttTlsUri() {
        return "ssl://" + hostForUri() + ":" + mqttTlsPort();
    }

    private String hostForUri() {
        String h = config.advertisedHost();
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    // ------------------------------------------------------------------ TLS

    /** @return the TLS material (CA + server certificate) in use; available after {@link #start()} */
    public TlsMaterial tls() {
        requireRunning();
        return tls;
    }

    /** @return the CA certificate as PEM */
    public String caCertificatePem() {
        return tls().caCertificatePem();
    }

    /** Writes the CA certificate as PEM (for mosquitto_sub {@code --cafile}, curl {@code --cacert}). */
    public Path writeCaCertificatePem(Path file) throws IOException {
        return tls().writeCaCertificatePem(file);
    }

    /** @return a socket factory trusting the emulator's CA (Paho {@code setSocketFactory}) */
    public SSLSocketFactory clientSocketFactory() {
        return tls().clientSocketFactory();
    }

    // ------------------------------------------------------------------ apps

    /** @return the configured apps (the demo app when none was configured) */
    public List<AppCredentials> apps() {
        return config.apps();
    }

    /** @return the first configured app */
    public KiiApp app() {
        return app(config.apps().get(0).appId());
    }

    public KiiApp app(String appId) {
        requireRunning();
        AppCredentials c = config.apps().stream().filter(a -> a.appId().equals(appId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown app " + appId));
        return new KiiApp(c, parts.services(), new Principal(appId, Principal.Kind.ADMIN, c.clientId()));
    }

    /** @return user name of the privileged MQTT publisher (may PUBLISH to and SUBSCRIBE any topic) */
    public String publisherUsername() {
        return config.publisherUsername();
    }

    /** @return password of the privileged MQTT publisher */
    public String publisherPassword() {
        return config.publisherPassword();
    }

    // ------------------------------------------------------------------ facets

    public Faults faults() {
        requireRunning();
        return faults;
    }

    public Observations observe() {
        requireRunning();
        return observations;
    }

    public LoadGenerator load() {
        requireRunning();
        return loadGenerator;
    }

    /** @return the mqttTopic of an MQTT installation */
    public String topicOf(String installationId) {
        requireRunning();
        return parts.services().installations().endpointOf(installationId).mqttTopic();
    }

    Services services() {
        return parts.services();
    }

    RuntimeSettings settings() {
        return parts.settings();
    }

    private void requireRunning() {
        if (!running) {
            throw new IllegalStateException("the emulator is not running");
        }
    }

    @Override
    public String toString() {
        return running ? "KiiEmulator[" + baseUrl() + " mqtt=" + mqttPort() + "/" + mqttTlsPort() + "]"
                : "KiiEmulator[stopped]";
    }

    /** Configuration of a {@link KiiEmulator}. Port 0 = ephemeral; -1 = disabled (where allowed). */
    public static final class Builder {

        private final Map<String, AppCredentials> apps = new LinkedHashMap<>();
        private int httpPort;
        private boolean https;
        private String bindAddress = "127.0.0.1";
        private String advertisedHost = "localhost";
        private int mqttPort;
        private int mqttTlsPort;
        private int webSocketPort = -1;
        private int secureWebSocketPort = -1;
        private int defaultBrokerPort;
        private int defaultBrokerTlsPort;
        private long endpointTtlSeconds = TTL_FOREVER;
        private boolean requireClientIdEqualsTopic = true;
        private int endpointNotReadyCount;
        private TlsMaterial tls;
        private boolean faultInjection = true;
        private String publisherUsername = DEFAULT_PUBLISHER_USERNAME;
        private String publisherPassword;
        private int requestLogCapacity = 10_000;
        private int publishLogCapacity = 100_000;
        private ExternalBroker externalBroker;
        private boolean queryDescendingByDefault;
        private int maxPageSize = RuntimeSettings.DEFAULT_MAX_PAGE_SIZE;
        private boolean thingMayListCommands = true;

        private Builder() {
        }

        /**
         * Adds an app; the admin client pair becomes {@code {appId}-client} / {@code {appId}-secret}.
         * Repeatable; without any, {@link KiiEmulator#DEMO_APP} is used.
         */
        public Builder app(String appId, String appKey) {
            return app(new AppCredentials(appId, appKey, appId + "-client", appId + "-secret"));
        }

        public Builder app(AppCredentials credentials) {
            apps.put(credentials.appId(), credentials);
            return this;
        }

        /** REST port (default 0). */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Serve REST over HTTPS with the generated certificate (default false). */
        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        /** Address every listener binds to (default {@code 127.0.0.1}; {@code 0.0.0.0} for remote gateways). */
        public Builder bindAddress(String address) {
            this.bindAddress = address;
            return this;
        }

        /** Host written into endpoint answers and base URLs (default {@code localhost}); added to the cert SAN. */
        public Builder advertisedHost(String host) {
            this.advertisedHost = host;
            return this;
        }

        /** Plain MQTT port of the push broker (default 0). */
        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        /** MQTT over TLS port of the push broker (default 0; -1 disables). */
        public Builder mqttTlsPort(int port) {
            this.mqttTlsPort = port;
            return this;
        }

        /** MQTT over WebSocket port, path {@code /mqtt} (default -1 = disabled). */
        public Builder webSocketPort(int port) {
            this.webSocketPort = port;
            return this;
        }

        /** MQTT over secure WebSocket port, path {@code /mqtt} (default -1 = disabled). */
        public Builder secureWebSocketPort(int port) {
            this.secureWebSocketPort = port;
            return this;
        }

        /** Plain port of the API-via-MQTT default broker (default 0; -1 disables). */
        public Builder defaultBrokerPort(int port) {
            this.defaultBrokerPort = port;
            return this;
        }

        /** TLS port of the API-via-MQTT default broker (default 0; -1 disables). */
        public Builder defaultBrokerTlsPort(int port) {
            this.defaultBrokerTlsPort = port;
            return this;
        }

        /** TTL of issued MQTT credentials (default 2147483647 = never expires, as on Kii). */
        public Builder endpointTtlSeconds(long seconds) {
            if (seconds <= 0) {
                throw new IllegalArgumentException("TTL must be positive");
            }
            this.endpointTtlSeconds = seconds;
            return this;
        }

        /** CONNECT must use the mqttTopic as client ID, else CONNACK 2 (default true). */
        public Builder requireClientIdEqualsTopic(boolean require) {
            this.requireClientIdEqualsTopic = require;
            return this;
        }

        /** Each new MQTT installation answers 503 MQTT_ENDPOINT_NOT_READY to its first {@code count} calls (default 0). */
        public Builder endpointNotReadyCount(int count) {
            this.endpointNotReadyCount = Math.max(0, count);
            return this;
        }

        /** Reuse TLS material (keeps clients' trust across restarts); default: generated at start. */
        public Builder tls(TlsMaterial material) {
            this.tls = material;
            return this;
        }

        /**
         * With {@code false} ("direct mode") Moquette binds the public MQTT ports itself: no gate hop in the data
         * path, but no hang fault and refusals are always CONNACK 4 (default true).
         */
        public Builder faultInjection(boolean enabled) {
            this.faultInjection = enabled;
            return this;
        }

        /** The privileged MQTT publisher credential (password default: random, see {@link KiiEmulator#publisherPassword()}). */
        public Builder publisherCredentials(String username, String password) {
            this.publisherUsername = username;
            this.publisherPassword = password;
            return this;
        }

        /** REST requests kept for {@link Observations#requests()} (default 10000). */
        public Builder requestLogCapacity(int capacity) {
            this.requestLogCapacity = capacity;
            return this;
        }

        /** Publishes kept for {@link Observations#publishes()} (default 100000; 0 keeps only the count). */
        public Builder publishLogCapacity(int capacity) {
            this.publishLogCapacity = capacity;
            return this;
        }

        /**
         * Order of a bucket query that names {@code orderBy} but not {@code descending} (default false, as Kii's REST
         * reference says; its REST guide says descending). Set true to catch a client that omits {@code descending}.
         */
        public Builder queryDescendingByDefault(boolean descending) {
            this.queryDescendingByDefault = descending;
            return this;
        }

        /** Largest page of a bucket query or command list, also when {@code bestEffortLimit} asks for more (200). */
        public Builder maxPageSize(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("the page size must be positive");
            }
            this.maxPageSize = size;
            return this;
        }

        /** Whether a thing's own token may list and read its Thing-IF commands (default true; UNCONFIRMED on Kii). */
        public Builder thingMayListCommands(boolean allowed) {
            this.thingMayListCommands = allowed;
            return this;
        }

        /** Endpoint answers name this broker instead of the emulator's own (default none). */
        public Builder externalBroker(ExternalBroker broker) {
            this.externalBroker = broker;
            return this;
        }

        public KiiEmulator build() {
            List<AppCredentials> list = apps.isEmpty() ? List.of(DEMO_APP) : List.copyOf(apps.values());
            return new KiiEmulator(new EmulatorConfig(list, httpPort, https, bindAddress, advertisedHost, mqttPort,
                    mqttTlsPort, webSocketPort, secureWebSocketPort, defaultBrokerPort, defaultBrokerTlsPort,
                    endpointTtlSeconds, requireClientIdEqualsTopic, endpointNotReadyCount, tls, faultInjection,
                    publisherUsername, publisherPassword != null ? publisherPassword : Ids.secret(32),
                    requestLogCapacity, publishLogCapacity, queryDescendingByDefault, maxPageSize, thingMayListCommands,
                    externalBroker));
        }
    }
}
