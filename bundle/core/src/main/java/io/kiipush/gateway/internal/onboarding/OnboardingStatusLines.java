package io.kiipush.gateway.internal.onboarding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.kiipush.gateway.SubscriptionStatus.State;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;

/** The onboarding part of {@code kii:status}: one {@code label: value} line per fact, never a secret. */
final class OnboardingStatusLines implements OnboardingDiagnostics {

    private final IdentityStore store;
    private final EndpointRequests requests;

    OnboardingStatusLines(IdentityStore store, EndpointRequests requests) {
        this.store = store;
        this.requests = requests;
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        synchronized (store.lock) {
            OnboardingSettings s = store.settings();
            lines.add("mode: " + (s.identity.mode == null ? "invalid" : s.identity.mode));
            lines.add("identity: " + s.identity.displayName());
            lines.add("app ID: " + s.appId);
            lines.add("REST base URL: " + s.restBaseOrFix());
            if (s.identity.mode == IdentityMode.MQTT_API) {
                String broker = s.mqttApiBrokerUri();
                lines.add("default broker: " + (broker == null ? "none: see the configuration problems" : broker));
            }
            lines.add("MQTT transport: " + (s.transport == null ? "invalid" : s.transport)
                    + (s.caFile.isEmpty() ? "" : " (CA file " + s.caFile + ")"));
            IdentityStore.Identity id = store.current();
            if (id != null) {
                identity(id, lines);
            }
            if (s.problems.isEmpty()) {
                lines.add("configuration problems: none");
            } else {
                for (String p : s.problems) {
                    lines.add("configuration problem: " + p);
                }
            }
            lines.add("last onboarding error: " + requests.lastErrorText());
            lines.add("onboarding in progress: " + requests.inProgress());
        }
        return lines;
    }

    private void identity(IdentityStore.Identity id, List<String> lines) {
        IdentityState st = id.state;
        lines.add("owner: " + st.owner("not onboarded yet"));
        lines.add("installation ID: " + (st.installationId == null ? "none" : st.installationId));
        MqttEndpoint ep = st.mqttEndpoint();
        lines.add("endpoint: " + (ep == null ? "none" : "host=" + ep.getHost() + " tcp=" + ep.getPortTcp() + " ssl="
                + ep.getPortSsl() + " ws=" + ep.getPortWs() + " wss=" + ep.getPortWss() + " topic="
                + ep.getMqttTopic()));
        if (ep != null) {
            lines.add("endpoint expiry: " + ConnectTargets.expiry(ep) + " (fetched "
                    + Instant.ofEpochMilli(ep.getFetchedAt()) + ")");
        }
        String persistProblem = store.lastPersistProblem();
        lines.add("state file: " + id.file().file() + (persistProblem == null ? ""
                : " (last write failed: " + persistProblem + ")"));
        lines.add("token present: " + (st.token == null ? "no" : "yes"));
        int subscribed = 0;
        int failed = 0;
        for (IdentityState.Sub sub : st.subscriptions) {
            if (sub.state() == State.SUBSCRIBED) {
                subscribed++;
            } else if (sub.state() == State.FAILED) {
                failed++;
            }
        }
        lines.add("subscriptions: " + st.subscriptions.size() + " (" + subscribed + " subscribed, " + failed
                + " failed, " + (st.subscriptions.size() - subscribed - failed) + " pending)");
    }
}
