package io.kiipush.gateway.internal.onboarding;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

/**
 * Runs every onboarding flow, successful and failing, and returns all the text the bundle produced for it
 * (exception messages and their causes, toString of every value, statuses, diagnostics). Loaded by
 * {@link SecretLeakTest} in its own class loader so slf4j-simple logs at DEBUG; uses only compile-time constants of
 * the test stubs, which run outside.
 */
public final class LeakScenario {

    private LeakScenario() {
    }

    public static String run(String restUrl, String brokerUri, String dataDir) throws Exception {
        StringBuilder out = new StringBuilder();
        Tuning fast = new Tuning(20, 100, System::currentTimeMillis, 5000);

        // THING with subscriptions, a refresh after a refused token, a runtime subscription, a failure.
        Map<String, Object> thing = base(restUrl, dataDir);
        thing.put("identity.mode", "THING");
        thing.put("thing.vendorThingId", KiiStub.VENDOR_THING_ID);
        thing.put("thing.password", KiiStub.THING_PASSWORD);
        thing.put("subscriptions.buckets", new String[] { "sensors" });
        OnboardingComponent c = new OnboardingComponent(TestConfig.of(thing), null, null, fast);
        ConnectTarget t = get(c.acquire(), out);
        out.append(t).append('\n').append(t.getEndpoint()).append('\n');
        ConnectTarget fresh = get(c.refresh(t, RefreshReason.CREDENTIALS_REFUSED), out);
        out.append(fresh).append('\n');
        SubscriptionStatus s = c.subscribe(Subscription.parse("topic:alerts"));
        out.append(s).append('\n');
        out.append(c.unsubscribe(Subscription.parse("topic:alerts"))).append('\n');
        for (SubscriptionStatus st : c.list()) {
            out.append(st).append('\n');
        }
        out.append(String.join("\n", c.describe())).append('\n');
        c.service().inspect(st -> out.append(st).append('\n'));
        out.append(c.service().settings()).append('\n');
        c.deactivate();

        thing.put("thing.password", "wrong-S3CRET-pw");
        c = new OnboardingComponent(TestConfig.of(thing), null, null, fast);
        get(c.acquire(), out);
        out.append(String.join("\n", c.describe())).append('\n');
        c.deactivate();

        // USER and TOKEN.
        Map<String, Object> user = base(restUrl, dataDir);
        user.put("identity.mode", "USER");
        user.put("user.username", KiiStub.USERNAME);
        user.put("user.password", KiiStub.USER_PASSWORD);
        c = new OnboardingComponent(TestConfig.of(user), null, null, fast);
        out.append(get(c.acquire(), out)).append('\n');
        c.deactivate();

        Map<String, Object> token = base(restUrl, dataDir);
        token.put("identity.mode", "TOKEN");
        token.put("token.value", "pre-S3CRET-token");
        token.put("token.owner", "user:" + KiiStub.USER_ID);
        c = new OnboardingComponent(TestConfig.of(token), null, null, fast);
        get(c.acquire(), out);
        c.deactivate();

        // MQTT_API, then a bad application key at the broker.
        Map<String, Object> api = base(restUrl, dataDir);
        api.put("identity.mode", "MQTT_API");
        api.put("thing.vendorThingId", "vt-api");
        api.put("thing.password", KiiStub.THING_PASSWORD);
        api.put("mqttApi.broker", brokerUri);
        c = new OnboardingComponent(TestConfig.of(api), null, null, fast);
        out.append(get(c.acquire(), out)).append('\n');
        c.deactivate();
        api.put("app.key", "wrong-S3CRET-key");
        c = new OnboardingComponent(TestConfig.of(api), null, null, fast);
        get(c.acquire(), out);
        c.deactivate();

        // An invalid configuration with secrets in it.
        Map<String, Object> invalid = base("http://admin:pw-S3CRET-url@localhost:1", dataDir);
        invalid.put("identity.mode", "USER");
        invalid.put("user.password", "x-S3CRET-y");
        c = new OnboardingComponent(TestConfig.of(invalid), null, null, fast);
        get(c.acquire(), out);
        out.append(String.join("\n", c.describe())).append('\n');
        c.deactivate();
        return out.toString();
    }

    private static Map<String, Object> base(String restUrl, String dataDir) {
        Map<String, Object> c = new HashMap<>();
        c.put("site", "CUSTOM");
        c.put("site.url", restUrl);
        c.put("app.id", KiiStub.APP);
        c.put("app.key", KiiStub.APP_KEY);
        c.put("dataDir", dataDir);
        c.put("http.connectTimeoutMs", 2000);
        c.put("http.readTimeoutMs", 2000);
        return c;
    }

    /** @return the target, or {@code null} after appending the failure and its whole cause chain */
    private static ConnectTarget get(CompletableFuture<ConnectTarget> f, StringBuilder out) throws Exception {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                out.append(t).append('\n');
            }
            return null;
        }
    }
}
