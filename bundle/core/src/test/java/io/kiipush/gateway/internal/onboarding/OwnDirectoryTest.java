package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.Test;

/** Where each Kii connection keeps its state when its data directory is left empty. */
public class OwnDirectoryTest {

    @Test
    public void aSingletonAndTheDefaultConnectionKeepTheDefaultDirectory() {
        assertNull(OnboardingComponent.ownDirectory(props(Map.of("service.pid", OnboardingComponent.PID))));
        assertNull("the instance named like the PID (a version 1 singleton's successor)", OnboardingComponent.ownDirectory(
                props(Map.of("service.factoryPid", OnboardingComponent.PID, "kura.service.pid", OnboardingComponent.PID,
                        "service.pid", OnboardingComponent.PID + ".1234"))));
    }

    @Test
    public void everyOtherConnectionHasADirectoryNamedAfterIt() {
        assertEquals("io.kiipush.gateway.KiiOnboarding-plant1", OnboardingComponent.ownDirectory(props(Map.of(
                "service.factoryPid", OnboardingComponent.PID, "kura.service.pid", "io.kiipush.gateway.KiiOnboarding-plant1"))));
        assertEquals("without a kura.service.pid, the generated service.pid", "io.kiipush.gateway.Onboarding_x",
                OnboardingComponent.ownDirectory(props(Map.of("service.factoryPid", OnboardingComponent.PID,
                        "service.pid", "io.kiipush.gateway.Onboarding~x"))));
        assertEquals("nothing that leaves the data directory", ".._.._etc_x", OnboardingComponent.ownDirectory(props(
                Map.of("service.factoryPid", OnboardingComponent.PID, "kura.service.pid", "../../etc/x"))));
        assertEquals("_..", OnboardingComponent.ownDirectory(props(Map.of("service.factoryPid", OnboardingComponent.PID,
                "kura.service.pid", ".."))));
    }

    private static Dictionary<String, Object> props(Map<String, Object> values) {
        return new Hashtable<>(values);
    }
}
