package io.kiipush.bench.driver;

import io.kiipush.emulator.KiiEmulator;

/** The broker of one bench run: where the publisher writes, and the Kii emulator whose REST hands out its address. */
interface Broker extends AutoCloseable {

    /** @return e.g. {@code mosquitto 2.0.11} */
    String name();

    /** @return the Kii emulator (REST, onboarding, credentials) whose endpoint answers name this broker */
    KiiEmulator emulator();

    /** @return plain MQTT port on 127.0.0.1 (the publisher always uses plain TCP) */
    int tcpPort();

    /** @return PUBLISH packets the broker received so far, or -1 if it cannot tell */
    long publishCount();

    /** @return true if hung and killed broker faults can be injected (figure 5) */
    boolean injectsFaults();

    @Override
    void close();
}
