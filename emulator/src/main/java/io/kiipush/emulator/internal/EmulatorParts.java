package io.kiipush.emulator.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import io.kiipush.emulator.AppCredentials;
import io.kiipush.emulator.ExternalBroker;
import io.kiipush.emulator.RecordedPublish;
import io.kiipush.emulator.RecordedRequest;
import io.kiipush.emulator.internal.load.LoadEngine;
import io.kiipush.emulator.internal.mqtt.ApiViaMqtt;
import io.kiipush.emulator.internal.mqtt.MqttFront;
import io.kiipush.emulator.internal.rest.BoundedLog;
import io.kiipush.emulator.internal.rest.HttpFrontend;
import io.kiipush.emulator.internal.rest.RestApi;
import io.kiipush.emulator.internal.rest.RestFaults;
import io.kiipush.emulator.internal.rest.RestRequest;
import io.kiipush.emulator.internal.rest.RestResponse;
import io.kiipush.emulator.internal.rest.Services;
import io.kiipush.emulator.internal.service.AccountService;
import io.kiipush.emulator.internal.service.BucketService;
import io.kiipush.emulator.internal.service.CommandService;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.service.MqttAccess;
import io.kiipush.emulator.internal.service.ObjectService;
import io.kiipush.emulator.internal.service.RuntimeSettings;
import io.kiipush.emulator.internal.service.Store;
import io.kiipush.emulator.internal.service.SubscriptionService;
import io.kiipush.emulator.internal.service.ThingIfService;
import io.kiipush.emulator.internal.service.ThingService;
import io.kiipush.emulator.internal.service.TokenService;
import io.kiipush.emulator.internal.service.TopicService;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.util.NamedThreadFactory;

/**
 * The running parts of one emulator start, wired together: state and services, the MQTT front, the HTTP front and
 * the load engine. {@link #stop()} ends them in reverse order; a new start builds everything afresh.
 */
public final class EmulatorParts {

    private final ScheduledExecutorService scheduler;
    private final Store store = new Store();
    private final RuntimeSettings settings;
    private final Services services;
    private final RestFaults restFaults = new RestFaults();
    private final BoundedLog<RecordedRequest> requests;
    private final BoundedLog<RecordedPublish> publishes;
    private MqttFront mqtt;
    private HttpFrontend http;
    private LoadEngine load;

    private EmulatorParts(EmulatorConfig c) {
        scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("scheduler"));
        for (AppCredentials a : c.apps()) {
            store.state().apps.put(a.appId(), new AppData(a));
        }
        ExternalBroker external = c.externalBroker();
        // the broker's ports are known only once it listens
        RuntimeSettings.Advertised advertised = external != null
                ? new RuntimeSettings.Advertised(external.host(), external::tcpPort, external::tlsPort, () -> 0, () -> 0)
                : new RuntimeSettings.Advertised(c.advertisedHost(), () -> mqtt.tcpPort(), () -> mqtt.tlsPort(),
                        () -> mqtt.wsPort(), () -> mqtt.wssPort());
        settings = new RuntimeSettings(advertised, c.endpointTtlSeconds(),
                c.endpointNotReadyCount(), c.requireClientIdEqualsTopic(), c.publisherUsername(),
                c.publisherPassword());
        settings.queryDescendingByDefault(c.queryDescendingByDefault());
        settings.maxPageSize(c.maxPageSize());
        settings.thingMayListCommands(c.thingMayListCommands());
        InstallationService installations = new InstallationService(store, settings, scheduler);
        services = new Services(new TokenService(store), new AccountService(store), new ThingService(store),
                installations, new SubscriptionService(store), new TopicService(store), new BucketService(store, settings),
                new ObjectService(store), new ThingIfService(store, installations), new CommandService(store, settings));
        requests = new BoundedLog<>(c.requestLogCapacity());
        publishes = new BoundedLog<>(c.publishLogCapacity());
    }

    /**
     * Starts the MQTT side, then REST; on failure everything started so far is stopped again.
     *
     * @param serverTls the server's TLS context (MQTT over TLS, and REST when {@code https})
     * @param admin the {@code /_emulator} endpoint
     */
    public static EmulatorParts start(EmulatorConfig c, SSLContext serverTls,
            Function<RestRequest, RestResponse> admin) throws IOException {
        quietThirdPartyLogging();
        EmulatorParts p = new EmulatorParts(c);
        try {
            RestApi api = new RestApi(p.services, p.requests);
            InetAddress bind = InetAddress.getByName(c.bindAddress());
            p.mqtt = new MqttFront(new MqttFront.Config(bind, c.faultInjection(), c.mqttPort(), c.mqttTlsPort(),
                    c.webSocketPort(), c.secureWebSocketPort(), c.defaultBrokerPort(), c.defaultBrokerTlsPort()),
                    new MqttAccess(p.store, p.settings), new ApiViaMqtt(api), p.publishes, p.scheduler, serverTls);
            p.store.wire(p.mqtt, p.mqtt);
            p.mqtt.start(appId -> p.store.tx(tx -> p.store.state().apps.containsKey(appId)));
            p.http = new HttpFrontend(new InetSocketAddress(bind, c.httpPort()), c.https() ? serverTls : null, api,
                    admin, p.restFaults);
            p.http.start();
            p.load = new LoadEngine(p.mqtt);
            return p;
        } catch (IOException | RuntimeException e) {
            p.stop();
            throw e;
        }
    }

    /** Stops the load engine, REST, MQTT and the scheduler; ports are free and threads ended when it returns. */
    public void stop() {
        if (load != null) {
            load.stop();
        }
        if (http != null) {
            http.stop();
        }
        if (mqtt != null) {
            mqtt.stop();
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Moquette logs every internal publish at INFO; quiet it unless the user configured slf4j-simple for it. */
    private static void quietThirdPartyLogging() {
        Map<String, String> levels = Map.of("io.moquette", "warn", "io.moquette.broker.Authorizator", "error",
                "io.netty", "warn");
        levels.forEach((name, level) -> {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, level);
            }
        });
    }

    public Services services() {
        return services;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    public RestFaults restFaults() {
        return restFaults;
    }

    public BoundedLog<RecordedRequest> requests() {
        return requests;
    }

    public BoundedLog<RecordedPublish> publishes() {
        return publishes;
    }

    public MqttFront mqtt() {
        return mqtt;
    }

    public HttpFrontend http() {
        return http;
    }

    public LoadEngine load() {
        return load;
    }
}
