package io.kiipush.bench.driver;

import java.io.IOException;

import io.kiipush.emulator.KiiEmulator;

/** The emulator's own broker: Moquette 0.17 behind its fault-injection gate, in the driver JVM. */
final class EmulatorBroker implements Broker {

    private final KiiEmulator emu;

    EmulatorBroker() throws IOException {
        emu = KiiEmulator.builder().publishLogCapacity(0).build().start();
    }

    @Override
    public String name() {
        return "Moquette 0.17 (emulator, driver JVM)";
    }

    @Override
    public KiiEmulator emulator() {
        return emu;
    }

    @Override
    public int tcpPort() {
        return emu.mqttPort();
    }

    @Override
    public long publishCount() {
        return emu.observe().publishCount();
    }

    @Override
    public boolean injectsFaults() {
        return true;
    }

    @Override
    public void close() {
        emu.stop();
    }
}
