package io.kiipush.gateway.itests.support;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ops4j.pax.exam.Option;

import io.kiipush.emulator.KiiEmulator;
import io.kiipush.emulator.TlsMaterial;

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
    private static Option currentOptions;
    private static boolean hookInstalled;

    private EmulatorDriver() {
    }

    /**
     * Starts a fresh emulator for {@code testClass} (stopping the previous class's one), or keeps the running one if
     * it already belongs to this class (Pax Exam may ask a class for its configuration more than once).
     *
     * @param testClass the test class
     * @param settings non-default settings
     * @return the system properties that {@link Kii} reads inside the framework
     */
    public static synchronized Option start(Class<?> testClass, EmulatorSetting... settings) {
        if (current == null || !testClass.getName().equals(currentOwner)) {
            stopCurrent();
            KiiEmulator.Builder builder = KiiEmulator.builder();
            for (EmulatorSetting s : settings) {
                switch (s) {
                    case HTTPS:
                        builder.https(true);
                        break;
                    case WSS:
                        builder.secureWebSocketPort(0);
                        break;
                    default:
                        builder.webSocketPort(0);
                        break;
                }
            }
            try {
                current = builder.build().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Kii emulator", e);
            }
            currentOwner = testClass.getName();
            currentOptions = options(current, testClass);
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(EmulatorDriver::stopCurrent, "itest-emulator-stop"));
                hookInstalled = true;
            }
        }
        return currentOptions;
    }

    private static Option options(KiiEmulator kii, Class<?> testClass) {
        try {
            Path dir = Files.createTempDirectory("kiipush-itest-" + testClass.getSimpleName() + "-");
            Path ca = kii.writeCaCertificatePem(dir.resolve("kii-ca.pem"));
            // A CA that signed nothing the emulator serves: what a gateway trusting the wrong CA file has.
            Path otherCa = TlsMaterial.generate().writeCaCertificatePem(dir.resolve("other-ca.pem"));
            return composite(
                    systemProperty(Kii.P_BASE_URL).value(kii.baseUrl()),
                    systemProperty(Kii.P_APP_ID).value(kii.app().id()),
                    systemProperty(Kii.P_APP_KEY).value(kii.app().key()),
                    systemProperty(Kii.P_CA_FILE).value(ca.toString()),
                    systemProperty(Kii.P_OTHER_CA_FILE).value(otherCa.toString()),
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
            currentOptions = null;
        }
    }
}
