package io.kiipush.gateway.internal.onboarding;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.recovery.KiiRecords;
import io.kiipush.gateway.internal.results.ThingChannel;
import io.kiipush.gateway.internal.util.NamedThreadFactory;
import io.kiipush.gateway.internal.util.ServicePublication;

/**
 * The onboarding service as a DS component: turns the Kura configuration into {@link OnboardingSettings}, owns the
 * {@code kii-onboarding-N} threads and delegates everything else to the parts of {@link OnboardingService}.
 * <p>
 * An invalid configuration never fails activation (Kura seeds an empty {@code app.id} right after installation):
 * the problems are logged once and every {@link #acquire()} fails with a CONFIGURATION error naming them.
 * <p>
 * Over 400 lines only because the form's metatype ({@link Config}, 160 lines) must stay whole with the component whose
 * PID it describes; the code itself is wiring and one-line delegations.
 */
@Component(name = OnboardingComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        // The services are registered in code with the PIDs only (ServicePublication): DS would copy the app key and
        // the passwords into service properties, which consoles list.
        service = {},
        // No service.pid property: the configuration supplies it. Declared too, Felix SCR 2.1.16 (DS 1.4 metadata)
        // publishes both as a list, which Kura then uses as the Config Admin PID (empty form, Apply fails).
        // Looked up (ComponentContext.locateService), not constructor-injected: Felix SCR before 2.1.26 (Kura 5.x
        // ships 2.1.16) cannot construct a component whose optional constructor reference has no service.
        reference = @Reference(name = OnboardingComponent.CRYPTO, service = CryptoService.class,
                cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY))
// factory = true: one onboarding per Kii connection (see PushSessionComponent).
@Designate(ocd = OnboardingComponent.Config.class, factory = true)
public final class OnboardingComponent
        implements EndpointSource, KiiSubscriptions, ConfigurableComponent, OnboardingDiagnostics, ThingChannel {

    /** Configuration PID = component name = OCD id = metatype file name, as Kura requires. */
    public static final String PID = "io.kiipush.gateway.Onboarding";

    private static final Logger logger = LoggerFactory.getLogger(OnboardingComponent.class);
    /** What the component provides (registered by {@link ServicePublication}). */
    static final String[] SERVICES = { EndpointSource.class.getName(), KiiSubscriptions.class.getName(),
            ConfigurableComponent.class.getName(), OnboardingDiagnostics.class.getName(), ThingChannel.class.getName() };
    /** How long an idle onboarding thread waits for more work before it ends. */
    private static final long IDLE_THREAD_SEC = 5;

    /** Name of the optional, static, greedy reference to Kura's {@link CryptoService}. */
    static final String CRYPTO = "crypto";

    /** Kura's data directory when the {@code kura.data} system property is not set. */
    static final Path KURA_DEFAULT_DATA = Paths.get("/opt/eclipse/kura/data");

    @ObjectClassDefinition(id = PID, name = "Kii Push Onboarding",
            description = "Obtains the MQTT push endpoint of this gateway from Kii Cloud (login or thing onboarding, "
                    + "push installation, mqtt-endpoint), keeps it on disk so a reboot reuses it, refreshes it when "
                    + "the broker refuses it, and subscribes the gateway's Kii identity to the buckets and topics "
                    + "listed below. Secrets are never logged.")
    public @interface Config {

        @AttributeDefinition(name = "Site", description = "Kii Cloud server location of the application. Default US "
                + "(api.kii.com). CUSTOM uses the base URL in 'Custom site URL' (e.g. a local emulator). Changing it "
                + "onboards again.", options = { @Option(label = "US (api.kii.com)", value = "US"),
                        @Option(label = "JP (api-jp.kii.com)", value = "JP"),
                        @Option(label = "CN3 (api-cn3.kii.com)", value = "CN3"),
                        @Option(label = "SG (api-sg.kii.com)", value = "SG"),
                        @Option(label = "EU (api-eu.kii.com)", value = "EU"),
                        @Option(label = "CUSTOM (Custom site URL)", value = "CUSTOM") })
        String site() default "US";

        @AttributeDefinition(name = "Custom site URL", required = false, description = "REST base URL used only when "
                + "Site is CUSTOM, http or https, without /api (e.g. http://localhost:8080 for the local emulator). "
                + "Default empty.")
        String site_url() default "";

        @AttributeDefinition(name = "Application ID", description = "Kii application ID from the Kii developer "
                + "portal. Required; the component stays idle and reports a configuration error while it is empty.")
        String app_id() default "";

        @AttributeDefinition(name = "Application key", type = AttributeType.PASSWORD, description = "Kii application "
                + "key from the Kii developer portal. Required. Stored encrypted by Kura.")
        String app_key() default "";

        @AttributeDefinition(name = "Identity mode", description = "Who the gateway is in Kii Cloud. THING (default): "
                + "onboard as a thing over HTTPS with the thing.* fields. USER: log in as a Kii user with user.*. "
                + "TOKEN: use a pre-issued access token (token.*); it cannot be renewed automatically. MQTT_API: "
                + "onboard the thing through Kii's default MQTT broker (API via MQTT); bucket and topic "
                + "subscriptions and endpoint refreshes still use HTTPS.", options = {
                        @Option(label = "THING", value = "THING"), @Option(label = "USER", value = "USER"),
                        @Option(label = "TOKEN", value = "TOKEN"), @Option(label = "MQTT_API", value = "MQTT_API") })
        String identity_mode() default "THING";

        @AttributeDefinition(name = "Thing vendorThingID", required = false, description = "THING and MQTT_API modes: "
                + "the thing's vendorThingID (letters, digits, - _ ., up to 200). Set this or Thing ID, not both. "
                + "Default empty.")
        String thing_vendorThingId() default "";

        @AttributeDefinition(name = "Thing ID", required = false, description = "THING and MQTT_API modes: the Kii "
                + "thing ID (th.xxxx) of an already registered thing. Set this or the vendorThingID, not both. "
                + "Default empty.")
        String thing_id() default "";

        @AttributeDefinition(name = "Thing password", type = AttributeType.PASSWORD, required = false,
                description = "THING and MQTT_API modes: the thing password. Required in those modes.")
        String thing_password() default "";

        @AttributeDefinition(name = "Thing type", required = false, description = "THING and MQTT_API modes, optional: "
                + "thing type sent when the thing is registered by onboarding. Default empty (not sent).")
        String thing_type() default "";

        @AttributeDefinition(name = "Thing firmware version", required = false, description = "THING and MQTT_API "
                + "modes, optional: firmware version sent with onboarding. Default empty (not sent).")
        String thing_firmwareVersion() default "";

        @AttributeDefinition(name = "Thing layout position", description = "THING and MQTT_API modes: layoutPosition "
                + "sent with onboarding. Default STANDALONE.", options = {
                        @Option(label = "STANDALONE", value = "STANDALONE"),
                        @Option(label = "GATEWAY", value = "GATEWAY"),
                        @Option(label = "END_NODE", value = "END_NODE") })
        String thing_layoutPosition() default "STANDALONE";

        @AttributeDefinition(name = "Thing owner", required = false, description = "THING mode, optional: onboard "
                + "the thing on behalf of an owner, written user:USER_ID or group:GROUP_ID (needs Thing owner token). "
                + "Default empty: the thing onboards itself.")
        String thing_owner() default "";

        @AttributeDefinition(name = "Thing owner token", type = AttributeType.PASSWORD, required = false,
                description = "THING mode: access token of the Thing owner. Required when Thing owner is set.")
        String thing_ownerToken() default "";

        @AttributeDefinition(name = "User name", required = false, description = "USER mode: the Kii user's login "
                + "name (or EMAIL:addr / PHONE:...). Required in USER mode.")
        String user_username() default "";

        @AttributeDefinition(name = "User password", type = AttributeType.PASSWORD, required = false,
                description = "USER mode: the Kii user's password. Required in USER mode.")
        String user_password() default "";

        @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD, required = false,
                description = "TOKEN mode: a pre-issued Kii access token. Required in TOKEN mode. When Kii refuses "
                        + "it, the session fails until a new token is entered.")
        String token_value() default "";

        @AttributeDefinition(name = "Token owner", required = false, description = "TOKEN mode: whose token it is, "
                + "written user:USER_ID or thing:THING_ID; names the installation owner and the subscriber of bucket "
                + "and topic subscriptions. Required in TOKEN mode.")
        String token_owner() default "";

        @AttributeDefinition(name = "Default MQTT broker (MQTT_API)", required = false, description = "MQTT_API mode: "
                + "URI of Kii's default broker used for onboarding, e.g. ssl://mqtt-jp.kii.com:8883 or "
                + "tcp://localhost:1883. Default empty: mqtt-{us|jp|cn3|sg|eu}.kii.com with the port of the chosen "
                + "MQTT transport. Required when Site is CUSTOM.")
        String mqttApi_broker() default "";

        @AttributeDefinition(name = "MQTT transport", description = "How the session reaches the Kii broker: TLS "
                + "(default, port 8883), TCP (1883, clear text), WSS (12473, WebSocket over TLS), WS (12470, clear "
                + "text). Changing it reconnects the session with the same credentials.", options = {
                        @Option(label = "TLS", value = "TLS"), @Option(label = "TCP", value = "TCP"),
                        @Option(label = "WSS", value = "WSS"), @Option(label = "WS", value = "WS") })
        String mqtt_transport() default "TLS";

        @AttributeDefinition(name = "WebSocket path", required = false, description = "HTTP path of the WS and WSS "
                + "transports, starting with '/'. Default /mqtt (Kii's path is not documented).")
        String mqtt_webSocketPath() default "/mqtt";

        @AttributeDefinition(name = "CA file", required = false, description = "Path of a PEM file with one or more "
                + "CA certificates to trust for HTTPS and MQTT over TLS. Default empty: the JVM's default trust store.")
        String tls_caFile() default "";

        @AttributeDefinition(name = "Verify host name", description = "Check that the TLS certificate names the host "
                + "connected to (HTTPS and MQTT). Default true; false is insecure and only for test setups.")
        boolean tls_verifyHostname() default true;

        @AttributeDefinition(name = "HTTP connect timeout (ms)", description = "Maximum time to open a connection to "
                + "Kii Cloud, in milliseconds (100-120000). Default 10000.")
        int http_connectTimeoutMs() default 10000;

        @AttributeDefinition(name = "HTTP read timeout (ms)", description = "Maximum time to wait for each Kii Cloud "
                + "answer, in milliseconds (100-300000); also bounds each step of MQTT_API onboarding. Default 30000.")
        int http_readTimeoutMs() default 30000;

        @AttributeDefinition(name = "Endpoint wait (s)", description = "How long, in seconds (1-3600), to keep "
                + "asking for the MQTT endpoint while Kii answers 503 MQTT_ENDPOINT_NOT_READY (retries after 1 s, "
                + "doubling up to 8 s) before reporting a temporary failure. Default 60.")
        int endpoint_maxWaitSec() default 60;

        @AttributeDefinition(name = "Development installation", description = "The 'development' flag of the push "
                + "installation Kii creates for the gateway (messages sent with sendToDevelopment reach it). "
                + "Default false. Applies to the next installation created.")
        boolean installation_development() default false;

        @AttributeDefinition(name = "Data directory", required = false, description = "Directory of the persisted "
                + "state (access token, installation, endpoint, subscriptions; files readable by the owner only). "
                + "Default empty: <kura.data>/kii-push, else /opt/eclipse/kura/data/kii-push, else the bundle's data "
                + "area. Kura starts OSGi clean on every boot, so the bundle data area does not survive a reboot.")
        String dataDir() default "";

        @AttributeDefinition(name = "Bucket subscriptions", required = false, cardinality = 10, description = "Buckets "
                + "whose object events are pushed to the gateway, one per field: name (app scope), user/name, "
                + "user:USER_ID/name, group:GROUP_ID/name, thing/name or thing:THING_ID/name. Removing one "
                + "unsubscribes it. Default none.")
        String[] subscriptions_buckets() default {};

        @AttributeDefinition(name = "Topic subscriptions", required = false, cardinality = 10, description = "Kii "
                + "topics whose messages are pushed to the gateway, same forms as the bucket subscriptions. Removing "
                + "one unsubscribes it. Default none.")
        String[] subscriptions_topics() default {};
    }

    private final BundleContext context;
    private final UnaryOperator<String> decrypter;
    private final ScheduledThreadPoolExecutor executor;
    private final OnboardingService service;
    private final long stopTimeoutMs;
    private final String ownDirectory;
    private ServicePublication publication;

    /**
     * Activation by DS.
     *
     * @param config the configuration
     * @param componentContext for the bundle context (default data directory) and Kura's crypto service, which
     *        decrypts Password fields and may be absent
     */
    @Activate
    public OnboardingComponent(Config config, ComponentContext componentContext) {
        this(config, componentContext.getBundleContext(), (CryptoService) componentContext.locateService(CRYPTO),
                Tuning.DEFAULT, ownDirectory(componentContext.getProperties()));
        publication = new ServicePublication(context, SERVICES, this, componentContext.getProperties());
    }

    /**
     * @param config the configuration
     * @param context the bundle context (for the default data directory); may be {@code null}
     * @param crypto Kura's crypto service to decrypt Password fields; may be {@code null}
     */
    public OnboardingComponent(Config config, BundleContext context, CryptoService crypto) {
        this(config, context, crypto, Tuning.DEFAULT);
    }

    OnboardingComponent(Config config, BundleContext context, CryptoService crypto, Tuning tuning) {
        this(config, context, crypto, tuning, null);
    }

    /**
     * @param ownDirectory the directory of this connection inside the default data directory ({@code null} for the
     *        singleton, which uses the default data directory itself)
     */
    OnboardingComponent(Config config, BundleContext context, CryptoService crypto, Tuning tuning, String ownDirectory) {
        this.context = context;
        this.ownDirectory = ownDirectory;
        this.decrypter = decrypter(crypto);
        this.stopTimeoutMs = tuning.stopTimeoutMs;
        this.executor = new ScheduledThreadPoolExecutor(2, new NamedThreadFactory("kii-onboarding"));
        // Cancelled retries must not linger in the queue, and nothing may run after deactivation.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Onboarding works in bursts (start, refresh, subscriptions): idle threads end instead of waiting for the next.
        executor.setKeepAliveTime(IDLE_THREAD_SEC, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        OnboardingSettings settings = settings(config, null);
        this.service = new OnboardingService(settings, executor, tuning, new UrlConnectionHttp(),
                new PahoApiExchange(tuning.stopTimeoutMs));
        logger.info("Kii onboarding activated: {}", settings);
    }

    @Modified
    void modified(Config config, ComponentContext componentContext) {
        reconfigure(config);
        if (publication != null) {
            publication.update(componentContext.getProperties());
        }
    }

    /** @param config the changed configuration */
    void reconfigure(Config config) {
        OnboardingSettings next = settings(config, service.settings());
        logger.info("Kii onboarding configuration updated: {}", next);
        service.update(next);
    }

    /**
     * A factory configuration (one Kii connection of several) keeps its state in a directory of its own, named after
     * its {@code kura.service.pid} (else its {@code service.pid}), so connections never share a state file.
     *
     * @param properties the component properties
     * @return the directory name, or {@code null} for a singleton configuration and for the default connection (the
     *         instance named like the PID itself, as Kura names its default cloud stack), which keep the default
     *         directory: a version 1 singleton's state stays valid when it becomes that instance
     */
    static String ownDirectory(Dictionary<String, Object> properties) {
        if (properties == null || properties.get("service.factoryPid") == null) {
            return null;
        }
        Object name = properties.get("kura.service.pid");
        if (!(name instanceof String) || ((String) name).isEmpty()) {
            name = properties.get("service.pid");
        }
        if (PID.equals(name)) {
            return null;
        }
        String dir = String.valueOf(name).replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.matches("\\.*") ? "_" + dir : dir; // never "", "." or ".."
    }

    /** @param reason why DS deactivates: a deleted connection also loses the state kept in its own directory */
    @Deactivate
    void deactivate(int reason) {
        deactivate();
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED && ownDirectory != null) {
            deleteOwnDirectory(service.commands().dataDir());
        }
    }

    // Only the directory named after this connection, and only when it is the default one (dataDir left empty).
    private void deleteOwnDirectory(Path dir) {
        Path base = defaultDataDir(System.getProperty("kura.data"), KURA_DEFAULT_DATA, context);
        if (dir == null || base == null || !dir.equals(base.resolve(ownDirectory))) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            logger.info("Kii onboarding: connection deleted, its state directory {} removed", dir);
        } catch (IOException | RuntimeException e) {
            logger.warn("Kii onboarding: could not remove the state directory {} of a deleted connection: {}", dir,
                    e.toString());
        }
    }

    /** Stops everything the component owns (also how the unit tests stop it). */
    void deactivate() {
        if (publication != null) {
            publication.withdraw();
        }
        service.close();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(stopTimeoutMs, TimeUnit.MILLISECONDS)) {
                logger.warn("Kii onboarding threads did not stop within {} ms", stopTimeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logger.info("Kii onboarding deactivated");
    }

    private OnboardingSettings settings(Config config, OnboardingSettings previous) {
        Path base = defaultDataDir(System.getProperty("kura.data"), KURA_DEFAULT_DATA, context);
        return new OnboardingSettings(config, decrypter, base == null || ownDirectory == null ? base
                : base.resolve(ownDirectory), previous, new LocalSettingsFiles());
    }

    /**
     * Where the state lives when {@code dataDir} is empty. Kura starts OSGi with a clean configuration area on every
     * boot, so the bundle data area is the last resort: state there is lost at reboot.
     *
     * @param kuraDataProperty value of the {@code kura.data} system property, may be {@code null}
     * @param kuraDefaultData Kura's usual data directory
     * @param context bundle context for the bundle data area, may be {@code null}
     * @return the directory, or {@code null} when none is available
     */
    static Path defaultDataDir(String kuraDataProperty, Path kuraDefaultData, BundleContext context) {
        if (kuraDataProperty != null && !kuraDataProperty.trim().isEmpty()) {
            return Paths.get(kuraDataProperty.trim(), "kii-push");
        }
        if (kuraDefaultData != null && Files.isDirectory(kuraDefaultData) && Files.isWritable(kuraDefaultData)) {
            return kuraDefaultData.resolve("kii-push");
        }
        File area = context == null ? null : context.getDataFile("kii-push");
        return area == null ? null : area.toPath();
    }

    /** Kura hands Password fields over encrypted; values that do not decrypt are used as they are. */
    static UnaryOperator<String> decrypter(CryptoService crypto) {
        return value -> {
            if (crypto == null || value == null || value.isEmpty()) {
                return value;
            }
            try {
                char[] clear = crypto.decryptAes(value.toCharArray());
                return clear == null ? value : new String(clear);
            } catch (Exception e) {
                // Not encrypted (e.g. set programmatically), as Kura's own MqttDataTransport tolerates.
                logger.debug("A password field is not encrypted; using it as entered");
                return value;
            }
        };
    }

    OnboardingService service() {
        return service;
    }

    @Override
    public CompletableFuture<ConnectTarget> acquire() {
        return service.endpoints().acquire();
    }

    @Override
    public CompletableFuture<ConnectTarget> refresh(ConnectTarget stale, RefreshReason reason) {
        return service.endpoints().refresh(stale, reason);
    }

    @Override
    public void addInvalidationListener(Runnable listener) {
        service.endpoints().addInvalidationListener(listener);
    }

    @Override
    public void removeInvalidationListener(Runnable listener) {
        service.endpoints().removeInvalidationListener(listener);
    }

    @Override
    public KiiRecords records() {
        return service.records();
    }

    @Override
    public List<SubscriptionStatus> list() {
        return service.subscriptions().list();
    }

    @Override
    public SubscriptionStatus subscribe(Subscription subscription) {
        return service.subscriptions().subscribe(subscription);
    }

    @Override
    public SubscriptionStatus unsubscribe(Subscription subscription) {
        return service.subscriptions().unsubscribe(subscription);
    }

    @Override
    public List<String> describe() {
        return service.diagnostics().describe();
    }

    // ThingChannel: the command results (internal.results) answer commands with this identity.

    @Override
    public String cannotAnswer() {
        return service.commands().cannotAnswer();
    }

    @Override
    public Path dataDir() {
        return service.commands().dataDir();
    }

    @Override
    public Reply putActionResults(String commandId, String body) throws OnboardingException {
        return service.commands().putActionResults(commandId, body);
    }
}
