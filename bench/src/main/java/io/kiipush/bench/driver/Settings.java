package io.kiipush.bench.driver;

/**
 * Run sizes.
 *
 * @param smoke tiny numbers (the build's test)
 * @param trials interleaved trials per receiver
 * @param warmup messages before every measurement, at {@code warmupRate}
 * @param warmupRate msg/s of the warm-up
 * @param stepSeconds length of one saturation ramp step
 * @param rampStart msg/s of the first ramp step
 * @param maxSteps most ramp steps
 * @param refineSteps +5 % steps tried above the last sustained one
 * @param lat1k messages of the 1k msg/s run
 * @param lat10k messages of the 10k msg/s run
 * @param lossSeconds length of each loss-accounting run
 * @param keepAliveSec keep-alive of both receivers in the measured runs (the product's default: a client that pings
 *        more often makes the kernel hold back its ACKs after each ping, which stalls a broker using Nagle's algorithm)
 * @param deadLinkKeepAliveSec the bundle's keep-alive for the dead-link figure
 * @param downtimeSec killed-broker downtime (figure 5)
 * @param drainMs publisher pause that lets a broker backlog drain before the next run
 * @param fleetSize gateways of the fleet storm
 * @param fleetOutageSec broker outage of the fleet storm
 */
record Settings(boolean smoke, int trials, int warmup, int warmupRate, double stepSeconds, double rampStart, int maxSteps,
        int refineSteps, int lat1k, int lat10k, double lossSeconds, int keepAliveSec, int deadLinkKeepAliveSec, int downtimeSec,
        long drainMs,
        int fleetSize, int fleetOutageSec) {

    static Settings fullRun(int trials) {
        return new Settings(false, trials, 20_000, 5_000, 2.0, 6_000, 14, 3, 10_000, 50_000, 3.0, 60, 5, 2, 2000, 1000, 30);
    }

    static Settings smokeRun() {
        return new Settings(true, 1, 300, 1_000, 0.2, 1_000, 3, 1, 200, 500, 0.25, 60, 5, 1, 200, 20, 3);
    }
}
