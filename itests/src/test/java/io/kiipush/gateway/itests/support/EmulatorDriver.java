package io.kiipush.gateway.itests.support;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.ops4j.pax.exam.Option;

import io.kiipush.emulator.KiiEmulator;

/**
 * Driver side only: starts the Kii emulator for a test class from its {@code @Configuration} method (which runs on
 * the application class loader, outside the framework) and hands its coordinates to the in-container code as system
 * properties (the native container shares the JVM). Test methods never touch this class: they run inside the
 * framework, where the emulator's classes are not visible, and talk to the emulator over HTTP and MQTT like any
 * client ({@link Kii}).
 */
public final class EmulatorDriver {

    private static KiiEmulator current;
    private static String currentOwner;
    private static boolean hookInstalled;

    private EmulatorDriver() {
    }

    /**
     * Starts a fresh emulator for {@code testClass} (stopping the previous class's one), or keeps the running one if
     * it already belongs to this class (Pax Exam may ask a class for its configuration more than once).
     *
     * @param testClass the test class
     * @param customize adjusts the emulator before it starts
     * @return the system properties that {@link Kii} reads inside the framework
     */
    public static synchronized Option start(Class<?> testClass, Consumer<KiiEmulator.Builder> customize) {
        if (current == null || !testClass.getName().equals(currentOwner)) {
            stopCurrent();
            KiiEmulator.Builder builder = KiiEmulator.builder();
            customize.accept(builder);
            try {
                current = builder.build().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Kii emulator", e);
            }
            currentOwner = testClass.getName();
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(EmulatorDriver::stopCurrent, "itest-emulator-stop"));
                hookInstalled = true;
            }
        }
        return options(current, testClass);
    }

    /** @return {@link #start(Class, Consumer)} with the emulator's defaults */
    public static Option start(Class<?> testClass) {
        return start(testClass, b -> { });
    }

    private static Option options(KiiEmulator kii, Class<?> testClass) {
        try {
            Path dir = Files.createTempDirectory("kiipush-itest-" + testClass.getSimpleName() + "-");
            Path ca = kii.writeCaCertificatePem(dir.resolve("kii-ca.pem"));
            return composite(
                    systemProperty(Kii.P_BASE_URL).value(kii.baseUrl()),
                    systemProperty(Kii.P_APP_ID).value(kii.app().id()),
                    systemProperty(Kii.P_APP_KEY).value(kii.app().key()),
                    systemProperty(Kii.P_CA_FILE).value(ca.toString()),
                    systemProperty(Kii.P_MQTT_PORT).value(Integer.toString(kii.mqttPort())),
                    systemProperty(Kii.P_DEFAULT_BROKER).value(kii.defaultBrokerUri()),
                    systemProperty(Kii.P_PUBLISHER_USERNAME).value(kii.publisherUsername()),
                    systemProperty(Kii.P_PUBLISHER_PASSWORD).value(kii.publisherPassword()),
                    systemProperty(Kii.P_WORK_DIR).value(dir.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void stopCurrent() {
        if (current != null) {
            current.stop();
            current = null;
            currentOwner = null;
        }
    }
}
