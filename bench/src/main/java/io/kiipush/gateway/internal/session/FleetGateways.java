package io.kiipush.gateway.internal.session;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

import io.kiipush.bench.fleet.ConfigProxy;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.internal.onboarding.OnboardingComponent;
import io.kiipush.gateway.internal.util.NamedThreadFactory;

/**
 * The bench's fleet of gateways in one JVM. Bench code in the product's package on the plain class path, so that it
 * can build the package-private session classes; it uses {@link SessionEngine} only through its constructor and
 * {@code start/stop/status}. Per gateway: the real onboarding component (its own threads, REST over HTTP, its own
 * state file), the real {@link SessionEngine} and the real link code ({@link PahoConnector}, Paho, buffered sockets,
 * keep-alive pings) over real sockets. Simplified against separate gateways: the engines share a few session threads
 * (each engine still runs on exactly one), and received messages are only counted (no dispatcher, no EventAdmin).
 */
public final class FleetGateways {

    private final List<OnboardingComponent> onboardings = new ArrayList<>();
    private final List<SessionEngine> engines = new ArrayList<>();
    private final ScheduledThreadPoolExecutor[] sessionThreads;
    private final PahoConnector[] connectors;
    private final SessionSettings settings;
    private final AtomicLong received = new AtomicLong();

    /**
     * @param size gateways
     * @param sessionThreadCount session threads shared by the engines
     * @param onboarding the onboarding configuration of gateway i
     * @param session the session configuration (the same for all)
     * @param connecting called with {@link System#nanoTime()} whenever a gateway starts a connection attempt
     */
    public FleetGateways(int size, int sessionThreadCount, IntFunction<Map<String, Object>> onboarding, Map<String, Object> session,
            LongConsumer connecting) {
        settings = PushSessionComponent.settings(ConfigProxy.of(PushSessionComponent.Config.class, session));
        if (!settings.isValid()) {
            throw new IllegalArgumentException("session configuration: " + settings.problems());
        }
        sessionThreads = new ScheduledThreadPoolExecutor[sessionThreadCount];
        connectors = new PahoConnector[sessionThreadCount];
        for (int t = 0; t < sessionThreadCount; t++) {
            sessionThreads[t] = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("kii-session-" + t));
            sessionThreads[t].setRemoveOnCancelPolicy(true);
            connectors[t] = new PahoConnector(sessionThreads[t], (payload, onPushTopic) -> received.incrementAndGet());
        }
        for (int i = 0; i < size; i++) {
            OnboardingComponent o = new OnboardingComponent(ConfigProxy.of(OnboardingComponent.Config.class, onboarding.apply(i)),
                    null, null);
            onboardings.add(o);
            int t = i % sessionThreadCount;
            engines.add(new SessionEngine(sessionThreads[t], o, connectors[t], Ticker.SYSTEM, new SecureRandom(), (status, previous) -> {
                if (status.getState() == SessionState.CONNECTING) {
                    connecting.accept(System.nanoTime());
                }
            }));
        }
    }

    /** Starts every session (each waits its random start delay first, as on a real gateway). */
    public void start() {
        for (SessionEngine e : engines) {
            e.start(settings);
        }
    }

    /** @return how many gateways are in each state */
    public Map<SessionState, Integer> states() {
        Map<SessionState, Integer> counts = new EnumMap<>(SessionState.class);
        for (SessionEngine e : engines) {
            counts.merge(e.status().getState(), 1, Integer::sum);
        }
        return counts;
    }

    /** @return messages the fleet received */
    public long received() {
        return received.get();
    }

    /** Stops every session and its connection; the onboarding components stay (the JVM ends next). */
    public void stop() throws Exception {
        for (SessionEngine e : engines) {
            e.stop().get(10, TimeUnit.SECONDS);
        }
        for (int t = 0; t < sessionThreads.length; t++) {
            sessionThreads[t].shutdownNow();
            connectors[t].shutdown(10_000);
        }
    }
}
