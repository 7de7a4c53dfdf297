package io.kiipush.gateway.kura.internal;

import java.util.regex.Pattern;

/**
 * The pids of a Kii cloud connection. A connection pid is what the user types in Kura's New connection dialog; the
 * connection's session configuration carries it, and its onboarding configuration carries the same pid with the
 * {@link #ONBOARDING_PREFIX} instead of the {@link #CONNECTION_PREFIX}.
 */
public final class KiiPids {

    /** The suggested name of a new connection (also the prefix every connection pid starts with). */
    public static final String CONNECTION_PREFIX = "io.kiipush.gateway.KiiConnection";
    /** What the New connection dialog accepts: the prefix, optionally a dash and letters or digits. */
    public static final String CONNECTION_REGEX = "^io\\.kiipush\\.gateway\\.KiiConnection(\\-[a-zA-Z0-9]+)?$";
    /** The prefix of the connection's onboarding pid. */
    public static final String ONBOARDING_PREFIX = "io.kiipush.gateway.KiiOnboarding";
    /** The core's session component: the factory pid of every connection's session configuration. */
    public static final String SESSION_FACTORY_PID = "io.kiipush.gateway.PushSession";
    /** The core's onboarding component: the factory pid of every connection's onboarding configuration. */
    public static final String ONBOARDING_FACTORY_PID = "io.kiipush.gateway.Onboarding";
    /** Our factory component's name: the value of {@code kura.cloud.connection.factory.pid} on our connections. */
    public static final String FACTORY_COMPONENT_PID = "io.kiipush.gateway.kura.KiiCloudConnectionFactory";
    /** The Kii subscriber's factory pid (its component name). */
    public static final String SUBSCRIBER_FACTORY_PID = "io.kiipush.gateway.kura.KiiSubscriber";

    /** Kura's web UI leaves services with this property out of the Services list. */
    public static final String UI_SERVICE_HIDE = "kura.ui.service.hide";

    private static final Pattern CONNECTION = Pattern.compile(CONNECTION_REGEX);

    private KiiPids() {
    }

    /**
     * @param pid a pid, may be {@code null}
     * @return whether it is a Kii connection pid
     */
    public static boolean isConnectionPid(String pid) {
        return pid != null && CONNECTION.matcher(pid).matches();
    }

    /**
     * @param connectionPid a Kii connection pid
     * @return its onboarding pid (same suffix)
     * @throws IllegalArgumentException if it is not a Kii connection pid
     */
    public static String onboardingPid(String connectionPid) {
        if (!isConnectionPid(connectionPid)) {
            throw new IllegalArgumentException(notAConnection(connectionPid));
        }
        return ONBOARDING_PREFIX + connectionPid.substring(CONNECTION_PREFIX.length());
    }

    /**
     * @param pid the rejected pid
     * @return the message saying what a connection pid looks like
     */
    public static String notAConnection(String pid) {
        return "'" + pid + "' is not a Kii connection name: use " + CONNECTION_PREFIX + " or " + CONNECTION_PREFIX
                + "-<letters and digits>, for example " + CONNECTION_PREFIX + "-plant1";
    }
}
