package io.kiipush.bench.spi;

/**
 * The only classes shared between the child JVM's launcher (application class path) and the probe bundle inside the
 * framework: the system bundle exports this package ({@code org.osgi.framework.system.packages.extra}). Deliberately
 * free of OSGi types, so the launcher never touches the framework's class spaces.
 */
public final class Hub {

    /** Set by the launcher before the framework starts; called by the probe's EventHandler. */
    public static volatile Sink sink;

    /** Set by the probe bundle's activator; used by the launcher to configure and read the gateway. */
    public static volatile Probe probe;

    private Hub() {
    }
}
