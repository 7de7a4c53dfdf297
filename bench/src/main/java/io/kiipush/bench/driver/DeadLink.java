package io.kiipush.bench.driver;

import java.util.List;

import io.kiipush.emulator.KiiEmulator;

/**
 * Figure 5 on the bundle: a hung broker (the emulator's gate stops reading and writing, TCP stays up) and a killed
 * broker (listeners closed, connections reset), against the configured keep-alive.
 */
final class DeadLink {

    private final KiiEmulator emu;
    private final Settings s;

    DeadLink(KiiEmulator emu, Settings s) {
        this.emu = emu;
        this.s = s;
    }

    List<TrialResult.Fault> measure(Child c) throws InterruptedException {
        int ka = s.deadLinkKeepAliveSec();
        c.call("keepalive " + ka); // the session reconnects with the short keep-alive
        c.call("clearstates");
        long t0 = System.nanoTime();
        emu.faults().hangBroker();
        long detected = awaitTransition(c, t0, "CONNECTED>", 4L * ka);
        long resumed = System.nanoTime();
        emu.faults().resumeBroker();
        long connected = awaitTransition(c, resumed, ">CONNECTED", 60);
        TrialResult.Fault hung = new TrialResult.Fault("hung broker", Bench.ms(detected - t0), Bench.ms(connected - resumed),
                c.call("states").get("events"));

        c.call("clearstates");
        t0 = System.nanoTime();
        emu.faults().killBroker();
        detected = awaitTransition(c, t0, "CONNECTED>", 4L * ka);
        Thread.sleep(s.downtimeSec() * 1000L);
        resumed = System.nanoTime();
        emu.faults().restartBroker();
        connected = awaitTransition(c, resumed, ">CONNECTED", 60);
        TrialResult.Fault killed = new TrialResult.Fault("killed broker", Bench.ms(detected - t0), Bench.ms(connected - resumed),
                c.call("states").get("events"));
        return List.of(hung, killed);
    }

    // Waits for a STATE_CHANGED event after 'since' whose "PREV>STATE" contains 'match'; returns its time.
    private static long awaitTransition(Child c, long since, String match, long timeoutSec) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSec * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String events = c.call("states").get("events");
            if (events != null) {
                for (String e : events.split(",")) {
                    int colon = e.indexOf(':');
                    if (colon > 0 && e.substring(colon + 1).contains(match)) {
                        long t = Long.parseLong(e.substring(0, colon));
                        if (t >= since) {
                            return t;
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no transition " + match + " within " + timeoutSec + " s");
    }
}
