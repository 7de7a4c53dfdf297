package io.kiipush.bench.driver;

/**
 * The receivers: a raw Paho 1.2.5 subscriber (the baseline) and the gateway bundle in a real OSGi framework, each
 * over plain TCP and over TLS (the gateway's default transport). Each bundle receiver is compared with the raw Paho
 * receiver of its own transport.
 */
enum Receiver {
    PAHO_TCP("raw Paho 1.2.5 TCP", null, null, false),
    EQUINOX_TCP("bundle/Equinox TCP", "equinox", "default", false),
    PAHO_TLS("raw Paho 1.2.5 TLS", null, null, true),
    EQUINOX_TLS("bundle/Equinox TLS", "equinox", "default", true),
    FELIX_T0_TCP("bundle/Felix T=0 TCP", "felix", "0", false),
    FELIX_TCP("bundle/Felix EA dflt TCP", "felix", "default", false);

    /** The default set, in run order within a round (A B C D A B C D ...). */
    static final Receiver[] DEFAULT = { PAHO_TCP, EQUINOX_TCP, PAHO_TLS, EQUINOX_TLS };

    final String title;
    final String framework;
    final String eventAdminTimeout;
    final boolean tls;

    Receiver(String title, String framework, String eventAdminTimeout, boolean tls) {
        this.title = title;
        this.framework = framework;
        this.eventAdminTimeout = eventAdminTimeout;
        this.tls = tls;
    }

    boolean osgi() {
        return framework != null;
    }

    /** @return the raw Paho receiver of the same transport */
    Receiver baseline() {
        return tls ? PAHO_TLS : PAHO_TCP;
    }

    /** @return the onboarding's mqtt.transport value */
    String transport() {
        return tls ? "TLS" : "TCP";
    }

    String[] childArgs() {
        return osgi() ? new String[] { "osgi", framework, eventAdminTimeout } : new String[] { "paho" };
    }

    String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
