package io.kiipush.gateway.internal.shell;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.onboarding.OnboardingDiagnostics;

/**
 * Gogo shell commands in scope {@code kii}: {@code status}, {@code reconnect}, {@code subscriptions},
 * {@code subscribe} and {@code unsubscribe}. Each returns the text Gogo prints; none shows a secret.
 */
@Component(service = KiiCommands.class, property = { "osgi.command.scope=kii", "osgi.command.function=status",
        "osgi.command.function=reconnect", "osgi.command.function=subscriptions", "osgi.command.function=subscribe",
        "osgi.command.function=unsubscribe" })
public final class KiiCommands {

    private static final String NO_SESSION = "The Kii push session is not active (check its configuration: kii:status needs "
            + "the components io.kiipush.gateway.PushSession and io.kiipush.gateway.Onboarding to be configured)";
    private static final String NO_ONBOARDING = "The Kii push onboarding service is not active (configure io.kiipush.gateway.Onboarding)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PushSession session;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile KiiSubscriptions subscriptions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OnboardingDiagnostics onboarding;

    /** @return the session state, counters and last error, then what onboarding knows, then the subscriptions */
    public String status() {
        StringBuilder out = new StringBuilder();
        PushSession s = session;
        if (s == null) {
            out.append(NO_SESSION).append('\n');
        } else {
            SessionStatus st = s.getStatus();
            out.append("Session       ").append(st.getState()).append(" since ").append(time(st.getSince())).append('\n');
            if (st.getBroker() != null) {
                out.append("Broker        ").append(st.getBroker()).append("  client id ").append(st.getClientId()).append('\n');
            }
            if (st.getConnectedSince() > 0) {
                out.append("Connected     since ").append(time(st.getConnectedSince())).append('\n');
            }
            if (st.getNextAttemptAt() > 0) {
                out.append("Next attempt  ").append(time(st.getNextAttemptAt())).append(" (attempt ").append(st.getAttempt() + 1)
                        .append(")\n");
            }
            out.append("Messages      received ").append(st.getReceived()).append(", dispatched ").append(st.getDispatched())
                    .append(", dropped ").append(st.getDropped()).append(", malformed ").append(st.getMalformed())
                    .append(", queued ").append(st.getQueued()).append('\n');
            out.append("Reconnects    ").append(st.getReconnects()).append('\n');
            out.append("Gaps          ").append(st.getGaps()).append(", recovered objects ").append(st.getRecoveredObjects())
                    .append(", recovered commands ").append(st.getRecoveredCommands()).append(", duplicates suppressed ")
                    .append(st.getDuplicatesSuppressed()).append(", catch-up failures ").append(st.getCatchUpFailures())
                    .append('\n');
            if (st.getLastCatchUpFailure() != null) {
                out.append("Catch-up      last failure ").append(st.getLastCatchUpFailure()).append('\n');
            }
            if (st.getLastError() != null) {
                out.append("Last error    ").append(time(st.getLastErrorAt())).append(" [").append(st.getLastErrorKind())
                        .append("] ").append(st.getLastError()).append('\n');
            }
        }
        OnboardingDiagnostics diagnostics = onboarding;
        if (diagnostics == null) {
            out.append(NO_ONBOARDING).append('\n');
        } else {
            out.append("Onboarding\n");
            for (String line : diagnostics.describe()) {
                out.append("  ").append(line).append('\n');
            }
        }
        KiiSubscriptions subs = subscriptions;
        if (subs != null) {
            out.append(formatSubscriptions(subs.list()));
        }
        return out.toString();
    }

    /** @return confirmation that a reconnect was requested */
    public String reconnect() {
        PushSession s = session;
        if (s == null) {
            return NO_SESSION;
        }
        s.reconnect();
        return "Reconnect requested; see kii:status";
    }

    /** @return every configured and runtime subscription with its state */
    public String subscriptions() {
        KiiSubscriptions subs = subscriptions;
        return subs == null ? NO_ONBOARDING : formatSubscriptions(subs.list());
    }

    /**
     * @param subscription e.g. {@code bucket:user/inbox} or {@code topic:alerts}
     * @return the outcome
     */
    public String subscribe(String subscription) {
        return change(subscription, true);
    }

    /**
     * @param target {@code bucket} or {@code topic}
     * @param spec e.g. {@code user/inbox}, {@code group:GROUP_ID/alerts}
     * @return the outcome
     */
    public String subscribe(String target, String spec) {
        return change(target + ":" + spec, true);
    }

    /**
     * @param subscription e.g. {@code bucket:user/inbox} or {@code topic:alerts}
     * @return the outcome
     */
    public String unsubscribe(String subscription) {
        return change(subscription, false);
    }

    /**
     * @param target {@code bucket} or {@code topic}
     * @param spec e.g. {@code user/inbox}
     * @return the outcome
     */
    public String unsubscribe(String target, String spec) {
        return change(target + ":" + spec, false);
    }

    private String change(String text, boolean subscribe) {
        KiiSubscriptions subs = subscriptions;
        if (subs == null) {
            return NO_ONBOARDING;
        }
        Subscription parsed;
        try {
            parsed = Subscription.parse(text);
        } catch (IllegalArgumentException e) {
            return "Invalid subscription: " + e.getMessage()
                    + "\nUsage: kii:" + (subscribe ? "subscribe" : "unsubscribe") + " bucket|topic [scope[:id]/]name";
        }
        SubscriptionStatus result = subscribe ? subs.subscribe(parsed) : subs.unsubscribe(parsed);
        return result.toString();
    }

    private static String formatSubscriptions(List<SubscriptionStatus> list) {
        if (list.isEmpty()) {
            return "Subscriptions none\n";
        }
        StringBuilder out = new StringBuilder("Subscriptions\n");
        for (SubscriptionStatus s : list) {
            out.append("  ").append(s).append('\n');
        }
        return out.toString();
    }

    private static String time(long epochMs) {
        if (epochMs <= 0) {
            return "-";
        }
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(new Date(epochMs));
    }
}
