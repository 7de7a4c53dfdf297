package io.kiipush.gateway.internal.onboarding;

import java.nio.file.Path;
import java.nio.file.Paths;
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
 * {@link SecretLeakTest} in its own class loader so slf4j-simple logs at DEBUG; uses the configurations of
 * {@link Fixtures}, the stubs run outside.
 */
public final class LeakScenario {

    private LeakScenario() {
    }

    public static String run(String restUrl, String brokerUri, String dataDir) throws Exception {
        StringBuilder out = new StringBuilder();
        Path data = Paths.get(dataDir);

        // THING with subscriptions, a refresh after a refused token, a runtime subscription, a failure.
        Map<String, Object> thing = Fixtures.asThing(Fixtures.base(restUrl, data));
        thing.put("subscriptions.buckets", new String[] { "sensors" });
        OnboardingComponent c = new OnboardingComponent(TestConfig.of(thing), null, null, Fixtures.FAST);
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
        c = new OnboardingComponent(TestConfig.of(thing), null, null, Fixtures.FAST);
        get(c.acquire(), out);
        out.append(String.join("\n", c.describe())).append('\n');
        c.deactivate();

        // USER and TOKEN.
        Map<String, Object> user = Fixtures.asUser(Fixtures.base(restUrl, data));
        c = new OnboardingComponent(TestConfig.of(user), null, null, Fixtures.FAST);
        out.append(get(c.acquire(), out)).append('\n');
        c.deactivate();

        Map<String, Object> token = Fixtures.asToken(Fixtures.base(restUrl, data), "pre-S3CRET-token",
                "user:" + KiiModel.USER_ID);
        c = new OnboardingComponent(TestConfig.of(token), null, null, Fixtures.FAST);
        get(c.acquire(), out);
        c.deactivate();

        // MQTT_API, then a bad application key at the broker.
        Map<String, Object> api = Fixtures.asThing(Fixtures.base(restUrl, data));
        api.put("identity.mode", "MQTT_API");
        api.put("thing.vendorThingId", "vt-api");
        api.put("mqttApi.broker", brokerUri);
        c = new OnboardingComponent(TestConfig.of(api), null, null, Fixtures.FAST);
        out.append(get(c.acquire(), out)).append('\n');
        c.deactivate();
        api.put("app.key", "wrong-S3CRET-key");
        c = new OnboardingComponent(TestConfig.of(api), null, null, Fixtures.FAST);
        get(c.acquire(), out);
        c.deactivate();

        // An invalid configuration with secrets in it.
        Map<String, Object> invalid = Fixtures.base("http://admin:pw-S3CRET-url@localhost:1", data);
        invalid.put("identity.mode", "USER");
        invalid.put("user.password", "x-S3CRET-y");
        c = new OnboardingComponent(TestConfig.of(invalid), null, null, Fixtures.FAST);
        get(c.acquire(), out);
        out.append(String.join("\n", c.describe())).append('\n');
        c.deactivate();
        return out.toString();
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
