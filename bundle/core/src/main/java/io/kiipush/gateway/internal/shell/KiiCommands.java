package io.kiipush.gateway.internal.shell;

import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Consumer;

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
import io.kiipush.gateway.internal.shell.ConnectionDirectory.Connection;

/**
 * Gogo shell commands in scope {@code kii}: {@code connections}, {@code status}, {@code reconnect}, {@code connect},
 * {@code disconnect}, {@code subscriptions}, {@code subscribe} and {@code unsubscribe}. Each returns the text Gogo
 * prints; none shows a secret. Each takes its words as {@code String...} so that a missing or extra word gets the
 * command's usage line, not Gogo's coercion error. With several Kii connections a command names one first (its id,
 * or a unique end of it); with one, the name may be left out.
 */
@Component(service = KiiCommands.class, property = { "osgi.command.scope=kii", "osgi.command.function=connections",
        "osgi.command.function=status", "osgi.command.function=reconnect", "osgi.command.function=connect",
        "osgi.command.function=disconnect", "osgi.command.function=subscriptions", "osgi.command.function=subscribe",
        "osgi.command.function=unsubscribe" })
public final class KiiCommands {

    private static final String NO_ONBOARDING = "The Kii push onboarding of this connection is not active (check its "
            + "configuration: io.kiipush.gateway.Onboarding)";
    private static final String CONNECTION = "[CONNECTION]";
    private static final String SPEC = "bucket|topic [scope[:id]/]name   (e.g. bucket sensors, topic:user/alerts; "
            + "with several connections, the connection first)";

    private final ConnectionDirectory connections = new ConnectionDirectory();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ResultsDiagnostics results;

    /** For DS, which injects the references. */
    public KiiCommands() {
    }

    /** For tests: the commands over one singleton connection's services (each may be {@code null}). */
    KiiCommands(PushSession session, KiiSubscriptions subscriptions, OnboardingDiagnostics onboarding) {
        Map<String, Object> singleton = Collections.singletonMap("service.pid", "io.kiipush.gateway.Onboarding");
        if (session != null) {
            connections.add(session, Collections.emptyMap());
        }
        if (subscriptions != null) {
            connections.add(subscriptions, singleton);
        }
        if (onboarding != null) {
            connections.add(onboarding, singleton);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSession(PushSession session, Map<String, Object> properties) {
        connections.add(session, properties);
    }

    void removeSession(PushSession session) {
        connections.remove(session);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSubscriptions(KiiSubscriptions subscriptions, Map<String, Object> properties) {
        connections.add(subscriptions, properties);
    }

    void removeSubscriptions(KiiSubscriptions subscriptions) {
        connections.remove(subscriptions);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOnboarding(OnboardingDiagnostics onboarding, Map<String, Object> properties) {
        connections.add(onboarding, properties);
    }

    void removeOnboarding(OnboardingDiagnostics onboarding) {
        connections.remove(onboarding);
    }

    /**
     * @param args none
     * @return one line per connection: id, state, since, identity
     */
    public String connections(String... args) {
        if (args.length != 0) {
            return usage("connections", "");
        }
        List<Connection> all = connections.all();
        if (all.isEmpty()) {
            return "No Kii connection is active";
        }
        StringBuilder out = new StringBuilder();
        for (Connection c : all) {
            SessionStatus st = c.session.getStatus();
            out.append(c.id).append("  ").append(st.getState()).append(" since ").append(time(st.getSince()));
            if (st.getIdentity() != null) {
                out.append("  ").append(st.getIdentity());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * @param args none, or a connection (with several, none shows them all)
     * @return the session state, counters and last error, then what onboarding knows, then the subscriptions
     */
    public String status(String... args) {
        if (args.length > 1) {
            return usage("status", CONNECTION);
        }
        List<Connection> chosen;
        if (args.length == 1) {
            try {
                chosen = Collections.singletonList(connections.find(args[0]));
            } catch (IllegalArgumentException e) {
                return usage("status", CONNECTION) + "\n" + e.getMessage();
            }
        } else {
            chosen = connections.all();
        }
        StringBuilder out = new StringBuilder();
        if (chosen.isEmpty()) {
            out.append("The Kii push session is not active (check its configuration: kii:status needs the components "
                    + "io.kiipush.gateway.PushSession and io.kiipush.gateway.Onboarding to be configured)\n");
        }
        for (Connection c : chosen) {
            if (chosen.size() > 1 || args.length == 1) {
                out.append("Connection    ").append(c.id).append('\n');
            }
            status(c, out);
        }
        ResultsDiagnostics commandResults = results;
        if (commandResults != null) {
            out.append("Command results\n");
            for (String line : commandResults.describe()) {
                out.append("  ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static void status(Connection c, StringBuilder out) {
        SessionStatus st = c.session.getStatus();
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
        if (c.onboarding == null) {
            out.append(NO_ONBOARDING).append('\n');
        } else {
            out.append("Onboarding\n");
            for (String line : c.onboarding.describe()) {
                out.append("  ").append(line).append('\n');
            }
        }
        if (c.subscriptions != null) {
            out.append(formatSubscriptions(c.subscriptions.list()));
        }
    }

    /**
     * @param args none, or the connection
     * @return confirmation that a reconnect was requested
     */
    public String reconnect(String... args) {
        return act("reconnect", args, "Reconnect requested", PushSession::reconnect);
    }

    /**
     * @param args none, or the connection
     * @return confirmation; the connection stays connected until disconnected
     */
    public String connect(String... args) {
        return act("connect", args, "Connect requested", PushSession::connect);
    }

    /**
     * @param args none, or the connection
     * @return confirmation; the connection stays disconnected until kii:connect or a restart
     */
    public String disconnect(String... args) {
        return act("disconnect", args, "Disconnected; it stays disconnected until kii:connect or a restart",
                PushSession::disconnect);
    }

    private String act(String command, String[] args, String done, Consumer<PushSession> action) {
        if (args.length > 1) {
            return usage(command, CONNECTION);
        }
        Connection c;
        try {
            c = connections.find(args.length == 1 ? args[0] : null);
        } catch (IllegalArgumentException e) {
            return args.length == 1 ? usage(command, CONNECTION) + "\n" + e.getMessage() : e.getMessage();
        }
        action.accept(c.session);
        return done + " (" + c.id + "); see kii:status";
    }

    /**
     * @param args none, or the connection
     * @return every configured and runtime subscription with its state
     */
    public String subscriptions(String... args) {
        if (args.length > 1) {
            return usage("subscriptions", CONNECTION);
        }
        try {
            Connection c = connections.find(args.length == 1 ? args[0] : null);
            return c.subscriptions == null ? NO_ONBOARDING : formatSubscriptions(c.subscriptions.list());
        } catch (IllegalArgumentException e) {
            return args.length == 1 ? usage("subscriptions", CONNECTION) + "\n" + e.getMessage() : e.getMessage();
        }
    }

    /**
     * @param args {@code bucket:user/inbox}, or two words: {@code bucket user/inbox}, after the connection if several
     * @return the outcome
     */
    public String subscribe(String... args) {
        return change("subscribe", args, true);
    }

    /**
     * @param args {@code topic:alerts}, or two words: {@code topic alerts}, after the connection if several
     * @return the outcome
     */
    public String unsubscribe(String... args) {
        return change("unsubscribe", args, false);
    }

    private String change(String command, String[] args, boolean subscribe) {
        String connection = null;
        String[] words = args;
        // A first word that cannot start a subscription names the connection.
        if (args.length >= 2 && !isSubscriptionStart(args[0])) {
            connection = args[0];
            words = Arrays.copyOfRange(args, 1, args.length);
        }
        String text;
        if (words.length == 1 && words[0].indexOf(':') > 0) {
            text = words[0];
        } else if (words.length == 2) {
            text = words[0] + ":" + words[1];
        } else {
            return usage(command, SPEC);
        }
        Connection c;
        try {
            c = connections.find(connection);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return c.subscriptions == null ? NO_ONBOARDING : change(c.subscriptions, text, subscribe);
    }

    private static boolean isSubscriptionStart(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.equals("bucket") || w.equals("topic") || w.startsWith("bucket:") || w.startsWith("topic:");
    }

    private static String change(KiiSubscriptions subs, String text, boolean subscribe) {
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
