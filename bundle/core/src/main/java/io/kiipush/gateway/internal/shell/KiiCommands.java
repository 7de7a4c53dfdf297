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
import io.kiipush.gateway.internal.results.ResultsDiagnostics;

/**
 * Gogo shell commands in scope {@code kii}: {@code status}, {@code reconnect}, {@code subscriptions},
 * {@code subscribe} and {@code unsubscribe}. Each returns the text Gogo prints; none shows a secret. Each takes its
 * words as {@code String...} so that a missing or extra word gets the command's usage line, not Gogo's coercion error.
 */
@Component(service = KiiCommands.class, property = { "osgi.command.scope=kii", "osgi.command.function=status",
        "osgi.command.function=reconnect", "osgi.command.function=subscriptions", "osgi.command.function=subscribe",
        "osgi.command.function=unsubscribe" })
public final class KiiCommands {

    private static final String NO_SESSION = "The Kii push session is not active (check its configuration: kii:status needs "
            + "the components io.kiipush.gateway.PushSession and io.kiipush.gateway.Onboarding to be configured)";
    private static final String NO_ONBOARDING = "The Kii push onboarding service is not active (configure io.kiipush.gateway.Onboarding)";
    private static final String SPEC = "bucket|topic [scope[:id]/]name   (e.g. bucket sensors, topic:user/alerts)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PushSession session;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile KiiSubscriptions subscriptions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OnboardingDiagnostics onboarding;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ResultsDiagnostics results;

    /** For DS, which injects the references. */
    public KiiCommands() {
    }

    /** For tests: the commands over the given services (each may be {@code null}). */
    KiiCommands(PushSession session, KiiSubscriptions subscriptions, OnboardingDiagnostics onboarding) {
        this.session = session;
        this.subscriptions = subscriptions;
        this.onboarding = onboarding;
    }

    /**
     * @param args none
     * @return the session state, counters and last error, then what onboarding knows, then the subscriptions
     */
    public String status(String... args) {
        if (args.length != 0) {
            return usage("status", "");
        }
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
                        .append("] ").append(st.getLastError()).append(st.isLastErrorCurrent() ? "" : " (resolved)")
                        .append('\n');
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
        ResultsDiagnostics commandResults = results;
        if (commandResults != null) {
            out.append("Command results\n");
            for (String line : commandResults.describe()) {
                out.append("  ").append(line).append('\n');
            }
        }
        KiiSubscriptions subs = subscriptions;
        if (subs != null) {
            out.append(formatSubscriptions(subs.list()));
        }
        return out.toString();
    }

    /**
     * @param args none
     * @return confirmation that a reconnect was requested
     */
    public String reconnect(String... args) {
        if (args.length != 0) {
            return usage("reconnect", "");
        }
        PushSession s = session;
        if (s == null) {
            return NO_SESSION;
        }
        s.reconnect();
        return "Reconnect requested; see kii:status";
    }

    /**
     * @param args none
     * @return every configured and runtime subscription with its state
     */
    public String subscriptions(String... args) {
        if (args.length != 0) {
            return usage("subscriptions", "");
        }
        KiiSubscriptions subs = subscriptions;
        return subs == null ? NO_ONBOARDING : formatSubscriptions(subs.list());
    }

    /**
     * @param args {@code bucket:user/inbox}, or two words: {@code bucket user/inbox}
     * @return the outcome
     */
    public String subscribe(String... args) {
        return change("subscribe", args, true);
    }

    /**
     * @param args {@code topic:alerts}, or two words: {@code topic alerts}
     * @return the outcome
     */
    public String unsubscribe(String... args) {
        return change("unsubscribe", args, false);
    }

    private String change(String command, String[] args, boolean subscribe) {
        if (args.length == 1 && args[0].indexOf(':') > 0) {
            return change(args[0], subscribe);
        }
        if (args.length == 2) {
            return change(args[0] + ":" + args[1], subscribe);
        }
        return usage(command, SPEC);
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
            return "Invalid subscription: " + e.getMessage() + "\n" + usage(subscribe ? "subscribe" : "unsubscribe", SPEC);
        }
        if (!subscribe && subs.list().stream().noneMatch(st -> st.getSubscription().equals(parsed))) {
            return parsed + " is not subscribed by this gateway: nothing to remove (kii:subscriptions lists them)";
        }
        SubscriptionStatus result = subscribe ? subs.subscribe(parsed) : subs.unsubscribe(parsed);
        return result.toString();
    }

    private static String usage(String command, String arguments) {
        return "Usage: kii:" + command + (arguments.isEmpty() ? "" : " " + arguments);
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
