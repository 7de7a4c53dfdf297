package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/** Configurations and helpers shared by the onboarding tests. */
final class Fixtures {

    /** 503 retries after 20 ms doubling to 100 ms instead of 1 s to 8 s; everything else as in production. */
    static final Tuning FAST = new Tuning(20, 100, System::currentTimeMillis, 5000);

    private Fixtures() {
    }

    /** @return a valid configuration without identity: the stub's app on the stub's URL, fast timeouts */
    static Map<String, Object> base(KiiStub stub, Path dataDir) {
        return base(stub == null ? "http://localhost:1" : stub.baseUrl(), dataDir);
    }

    static Map<String, Object> base(String restUrl, Path dataDir) {
        Map<String, Object> c = new HashMap<>();
        c.put("site", "CUSTOM");
        c.put("site.url", restUrl);
        c.put("app.id", KiiModel.APP);
        c.put("app.key", KiiModel.APP_KEY);
        c.put("dataDir", dataDir.toString());
        c.put("http.connectTimeoutMs", 2000);
        c.put("http.readTimeoutMs", 2000);
        c.put("endpoint.maxWaitSec", 5);
        return c;
    }

    static Map<String, Object> thing(KiiStub stub, Path dataDir) {
        return asThing(base(stub, dataDir));
    }

    /** @return {@code c} as the stub's thing */
    static Map<String, Object> asThing(Map<String, Object> c) {
        c.put("identity.mode", "THING");
        c.put("thing.vendorThingId", KiiModel.VENDOR_THING_ID);
        c.put("thing.password", KiiModel.THING_PASSWORD);
        return c;
    }

    static Map<String, Object> user(KiiStub stub, Path dataDir) {
        return asUser(base(stub, dataDir));
    }

    /** @return {@code c} as the stub's user */
    static Map<String, Object> asUser(Map<String, Object> c) {
        c.put("identity.mode", "USER");
        c.put("user.username", KiiModel.USERNAME);
        c.put("user.password", KiiModel.USER_PASSWORD);
        return c;
    }

    static Map<String, Object> token(KiiStub stub, Path dataDir, String token, String owner) {
        return asToken(base(stub, dataDir), token, owner);
    }

    /** @return {@code c} in TOKEN mode with that token of that owner */
    static Map<String, Object> asToken(Map<String, Object> c, String token, String owner) {
        c.put("identity.mode", "TOKEN");
        c.put("token.value", token);
        c.put("token.owner", owner);
        return c;
    }

    static OnboardingSettings settings(Map<String, Object> c) {
        return new OnboardingSettings(TestConfig.of(c), UnaryOperator.identity(), null, null, new LocalSettingsFiles());
    }

    static ConnectTarget get(CompletableFuture<ConnectTarget> f) throws Exception {
        try {
            ConnectTarget t = f.get(20, TimeUnit.SECONDS);
            assertNotNull(t);
            return t;
        } catch (ExecutionException e) {
            throw new AssertionError("expected success but got: " + e.getCause(), e.getCause());
        }
    }

    static OnboardingException failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof OnboardingException) {
                return (OnboardingException) c;
            }
            throw new AssertionError("expected an OnboardingException but got " + c, c);
        }
        fail("expected a failure");
        return null;
    }
}
