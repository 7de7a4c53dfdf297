package io.kiipush.bench.driver;

import java.util.Map;

/** One measured publisher run against one receiver, with the receiver's and the bundle's counts. */
record Run(String label, double targetRate, long sent, double pubRate, long brokerIn, long clientRx, long dispatched,
        long dropped, long malformed, long queued, long handled, double recvRate, long p50, long p99, long max, long cpuNs,
        long allocBytes) {

    static Run of(String label, double target, RawPublisher.Result pub, long brokerIn, Map<String, String> before,
            Map<String, String> after, boolean osgi) {
        long handled = l(after, "count");
        long first = l(after, "firstNs");
        long last = l(after, "lastNs");
        double rate = handled > 1 && last > first ? (handled - 1) * 1e9 / (last - first) : 0;
        long rx = osgi ? l(after, "rx") - l(before, "rx") : handled;
        long disp = osgi ? l(after, "dispatched") - l(before, "dispatched") : handled;
        return new Run(label, target, pub.sent(), pub.ratePerSec(), brokerIn, rx, disp,
                osgi ? l(after, "dropped") - l(before, "dropped") : 0, osgi ? l(after, "malformed") - l(before, "malformed") : 0,
                osgi ? l(after, "queued") : 0, handled, rate, l(after, "p50Ns"), l(after, "p99Ns"), l(after, "maxNs"),
                l(after, "cpuNs"), l(after, "allocBytes"));
    }

    /** @return messages the bundle cannot account for: received - (dispatched + dropped + malformed + queued) */
    long bundleGap() {
        return clientRx - (dispatched + dropped + malformed + queued);
    }

    static long l(Map<String, String> m, String k) {
        String v = m.get(k);
        return v == null ? 0 : Long.parseLong(v);
    }
}
