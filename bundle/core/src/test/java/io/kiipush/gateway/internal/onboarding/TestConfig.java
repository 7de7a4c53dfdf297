package io.kiipush.gateway.internal.onboarding;

import java.lang.reflect.Method;
import java.util.Map;

import io.kiipush.gateway.testing.ConfigProxy;

/** {@link OnboardingComponent.Config} instances built the way DS builds them (see {@link ConfigProxy}). */
final class TestConfig {

    private TestConfig() {
    }

    static OnboardingComponent.Config of(Map<String, ?> values) {
        return ConfigProxy.of(OnboardingComponent.Config.class, values);
    }

    static String key(Method m) {
        return ConfigProxy.key(m);
    }
}
