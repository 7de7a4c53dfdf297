package io.kiipush.gateway.internal.onboarding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * What the onboarding component tests share, as a rule: a temporary data directory, the Kii stub (started when first
 * asked for) and the components a test starts; after the test every component still running is deactivated and the
 * stub closed.
 */
final class OnboardingRig extends ExternalResource {

    private final TemporaryFolder tmp = new TemporaryFolder();
    private final List<OnboardingComponent> running = new ArrayList<>();
    private KiiStub stub;
    private Path dir;

    /** @return the Kii stub over plain HTTP */
    KiiStub stub() throws IOException {
        return stub != null ? stub : stub(null);
    }

    /**
     * @param tls the server side of HTTPS, {@code null} for plain HTTP
     * @return a new Kii stub, closed after the test
     */
    KiiStub stub(SSLContext tls) throws IOException {
        if (stub != null) {
            stub.close();
        }
        stub = new KiiStub(tls);
        return stub;
    }

    /** @return a data directory of the test, empty at first */
    Path dir() {
        return dir;
    }

    /** @return a new empty file in the test's temporary folder */
    Path newFile(String name) throws IOException {
        return tmp.newFile(name).toPath();
    }

    /** @return the test's temporary folder */
    Path root() {
        return tmp.getRoot().toPath();
    }

    /** Activates a component with the tests' fast retry timing. */
    OnboardingComponent start(Map<String, Object> config) {
        return start(config, Fixtures.FAST);
    }

    /** Activates a component as DS would, with {@code tuning}. */
    OnboardingComponent start(Map<String, Object> config, Tuning tuning) {
        OnboardingComponent c = new OnboardingComponent(TestConfig.of(config), null, null, tuning);
        running.add(c);
        return c;
    }

    /** Deactivates a component as DS would. */
    void stop(OnboardingComponent c) {
        running.remove(c);
        c.deactivate();
    }

    @Override
    protected void before() throws Throwable {
        tmp.create();
        dir = tmp.newFolder("data").toPath();
    }

    @Override
    protected void after() {
        for (OnboardingComponent c : new ArrayList<>(running)) {
            stop(c);
        }
        if (stub != null) {
            stub.close();
        }
        tmp.delete();
    }
}
