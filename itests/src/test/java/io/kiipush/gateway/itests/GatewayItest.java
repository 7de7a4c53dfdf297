package io.kiipush.gateway.itests;

import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;

/**
 * An integration test of the running gateway bundle against the class's own Kii emulator: the framework of
 * {@link ItestSupport#gatewayOptions(Class)} and, for each test method, a client of the emulator ({@link #kii}) and a
 * handle on the gateway ({@link #gateway}). After each method the event listeners opened with {@link #listen} are
 * closed and the gateway's configurations deleted, so the next method starts from none. A subclass's own
 * {@code @Before} runs after this set-up and its {@code @After} before this clean-up.
 */
public abstract class GatewayItest extends FrameworkItest {

    /** The class's emulator, as any client sees it. */
    protected Kii kii;
    /** The gateway bundle under test, configured by the test method. */
    protected Gateway gateway;

    private final List<Events> listeners = new ArrayList<>();

    /** @return the gateway bundle and the class's own emulator; override to add bundles or emulator settings */
    @Override
    protected Option options() {
        return ItestSupport.gatewayOptions(getClass());
    }

    /**
     * How the test writes the configuration: straight to Config Admin here; a class that goes through Kura's
     * configuration service and web console returns a {@link Gateway} on Kura's stand-ins.
     *
     * @param context the test's bundle context
     * @param kii the class's emulator
     * @return a new handle on the gateway, closed by this class after the method
     */
    protected Gateway openGateway(BundleContext context, Kii kii) {
        return new Gateway(context);
    }

    /**
     * @param topic an EventAdmin topic (wildcard allowed)
     * @return a listener on it, closed after the test method
     */
    protected Events listen(String topic) {
        Events events = Events.listen(context, topic, null);
        listeners.add(events);
        return events;
    }

    @Before
    public final void openEmulatorAndGateway() {
        kii = Kii.get();
        gateway = openGateway(context, kii);
    }

    @After
    public final void closeListenersAndGateway() {
        try {
            listeners.forEach(Events::close);
            listeners.clear();
        } finally {
            gateway.deleteConfigurations();
            gateway.close();
        }
    }
}
