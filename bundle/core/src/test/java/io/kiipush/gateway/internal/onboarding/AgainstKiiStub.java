package io.kiipush.gateway.internal.onboarding;

import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.Timeout;

/**
 * The set-up of the onboarding component tests over real sockets: the {@link OnboardingRig} with its Kii stub and data
 * directory, and the component under test.
 */
public abstract class AgainstKiiStub {

    @Rule
    public final Timeout timeout = Timeout.seconds(40);

    @Rule
    public final OnboardingRig rig = new OnboardingRig();

    KiiStub stub;
    Path dir;
    OnboardingComponent component;

    @Before
    public void startStub() throws Exception {
        stub = rig.stub();
        dir = rig.dir();
    }
}
