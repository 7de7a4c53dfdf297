package io.kiipush.gateway.internal.onboarding;

/** Lets tests in other packages drive the onboarding component's package-private lifecycle. */
public final class Onboardings {

    private Onboardings() {
    }

    /** @param component the component to deactivate, as DS would */
    public static void deactivate(OnboardingComponent component) {
        component.deactivate();
    }

    /**
     * @param component the component
     * @param config its new configuration, as DS would pass it to {@code @Modified}
     */
    public static void modify(OnboardingComponent component, OnboardingComponent.Config config) {
        component.reconfigure(config);
    }
}
