package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Test;
import org.osgi.framework.Bundle;

import io.kiipush.gateway.itests.support.Gateway;

/**
 * Scenario 7, last fault: 100 stop/start cycles of the bundle while it holds a live MQTT session. After every stop
 * none of its threads survives (ours are named {@code kii-*}; Paho renames its workers {@code MQTT *}), and the JVM's
 * live thread count does not grow over the cycles.
 */
public class LifecycleIT extends GatewayItest {

    private static final int CYCLES = 100;
    // Threads we do not own and that may come and go: JDK HTTP keep-alive timers, common pool, Moquette's workers.
    private static final int UNOWNED_SLACK = 8;

    @Test(timeout = 300_000)
    public void hundredStopStartCyclesLeaveNoThreadBehind() throws Exception {
        Map<String, Object> onboarding = Gateway.thing(kii, "it-lifecycle", "lifecycle-pass");
        gateway.configure(onboarding, Gateway.fastSession());
        gateway.awaitConnected();
        Bundle bundle = gateway.bundle();
        bundle.stop();
        awaitNoGatewayThreads(0);
        int baseline = Thread.activeCount();

        long startNanos = 0;
        long stopNanos = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            long t0 = System.nanoTime();
            bundle.start();
            gateway.awaitConnected();
            long t1 = System.nanoTime();
            assertTrue("gateway threads run while connected", !gatewayThreads().isEmpty());
            bundle.stop();
            awaitNoGatewayThreads(cycle);
            startNanos += t1 - t0;
            stopNanos += System.nanoTime() - t1;
        }
        System.out.println("LifecycleIT: mean start->CONNECTED " + startNanos / CYCLES / 1_000_000
                + " ms, stop->no threads " + stopNanos / CYCLES / 1_000_000 + " ms");

        int after = Thread.activeCount();
        System.out.println("LifecycleIT: " + CYCLES + " cycles, live threads " + baseline + " -> " + after);
        assertTrue("live threads grew from " + baseline + " to " + after + " over " + CYCLES + " cycles: "
                + allThreadNames(), after <= baseline + UNOWNED_SLACK);
        assertEquals("one installation for all cycles", 1, kii.installations().size());
        assertEquals("one onboarding for all cycles", 1,
                kii.requests("POST", "/thing-if/apps/[^/]+/onboardings$").size());
        bundle.start();
    }

    private void awaitNoGatewayThreads(int cycle) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> gatewayThreads().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("after stop #" + cycle + " still alive: " + gatewayThreads(), e);
        }
    }

    private static List<String> gatewayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> (n.startsWith("kii-") && !n.startsWith("kii-emu-")) || n.startsWith("MQTT "))
                .collect(Collectors.toList());
    }

    private static List<String> allThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
