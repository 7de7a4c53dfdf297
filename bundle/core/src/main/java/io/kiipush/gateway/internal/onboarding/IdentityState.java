package io.kiipush.gateway.internal.onboarding;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;

/**
 * What the gateway keeps about one Kii identity between restarts: token, owner, installation, endpoint and
 * subscriptions. Serialised as JSON by {@link StateStore}; the file is readable by the owner only because it holds
 * the access token and the MQTT credentials. Mutable and not thread-safe: guarded by the lock of {@link IdentityStore}.
 */
final class IdentityState {

    static final int VERSION = 1;

    int version = VERSION;

    // Who the state belongs to (the file name is a hash of the same fields).
    String restBase;
    String appId;
    String mode;
    String identity;

    /** {@code salt$sha256(salt, credentials)}: tells whether the configured credentials changed since. */
    String credentialCheck;

    String token;
    String ownerKind;
    String ownerId;
    String installationId;
    String installationRegistrationId;
    Endpoint endpoint;
    List<Sub> subscriptions = new ArrayList<>();
    /**
     * The last moment the push link was known alive (ms since the epoch), or the start of a gap still to catch up;
     * {@code null} until the first connection. A restart reports the gap from here (docs/session.md).
     */
    Long lastAliveAt;

    /** The persisted form of an {@link MqttEndpoint}. */
    static final class Endpoint {
        String installationId;
        String host;
        int portTcp;
        int portSsl;
        int portWs;
        int portWss;
        String username;
        String password;
        String mqttTopic;
        long ttlSeconds;
        long fetchedAt;

        static Endpoint of(MqttEndpoint e) {
            Endpoint d = new Endpoint();
            d.installationId = e.getInstallationId();
            d.host = e.getHost();
            d.portTcp = e.getPortTcp();
            d.portSsl = e.getPortSsl();
            d.portWs = e.getPortWs();
            d.portWss = e.getPortWss();
            d.username = e.getUsername();
            d.password = e.getPassword();
            d.mqttTopic = e.getMqttTopic();
            d.ttlSeconds = e.getTtlSeconds();
            d.fetchedAt = e.getFetchedAt();
            return d;
        }

        /** @return the endpoint, or {@code null} if a required field is missing */
        MqttEndpoint toEndpoint() {
            if (host == null || username == null || password == null || mqttTopic == null) {
                return null;
            }
            return new MqttEndpoint(installationId, host, portTcp, portSsl, portWs, portWss, username, password,
                    mqttTopic, ttlSeconds, fetchedAt);
        }
    }

    /** One Kii-side subscription and where it stands. */
    static final class Sub {
        String subscription;
        boolean configured;
        boolean runtime;
        String state;
        String errorCode;
        String message;
        long updatedAt;
        /** The installation the subscription was confirmed under; a restart re-sends nothing confirmed for it. */
        String confirmedInstallationId;

        Subscription parsed() {
            return Subscription.parse(subscription);
        }

        boolean wanted() {
            return configured || runtime;
        }

        SubscriptionStatus.State state() {
            try {
                return state == null ? SubscriptionStatus.State.PENDING : SubscriptionStatus.State.valueOf(state);
            } catch (IllegalArgumentException e) {
                return SubscriptionStatus.State.PENDING;
            }
        }

        void set(SubscriptionStatus.State s, String code, String msg, long now) {
            state = s.name();
            errorCode = code;
            message = msg;
            updatedAt = now;
        }

        SubscriptionStatus status() {
            return new SubscriptionStatus(parsed(), state(), configured ? SubscriptionStatus.Origin.CONFIGURATION
                    : SubscriptionStatus.Origin.RUNTIME, errorCode, message, updatedAt);
        }
    }

    /** @return a new, empty state for the identity of {@code s} */
    static IdentityState fresh(OnboardingSettings s) {
        IdentityState st = new IdentityState();
        st.restBase = s.restBase;
        st.appId = s.appId;
        st.mode = String.valueOf(s.identity.mode);
        st.identity = s.identity.identityId();
        st.credentialCheck = IdentityHash.credentialCheck(s.credentialMaterial(), null);
        return st;
    }

    /** @return true if this state was written for the identity of {@code s} */
    boolean belongsTo(OnboardingSettings s) {
        return version == VERSION && Objects.equals(restBase, s.restBase) && Objects.equals(appId, s.appId)
                && Objects.equals(mode, String.valueOf(s.identity.mode))
                && Objects.equals(identity, s.identity.identityId());
    }

    /** @return true if the configured credentials are the ones the token was obtained with */
    boolean credentialsMatch(OnboardingSettings s) {
        if (credentialCheck == null) {
            return false;
        }
        int dollar = credentialCheck.indexOf('$');
        return dollar > 0 && credentialCheck.equals(
                IdentityHash.credentialCheck(s.credentialMaterial(), credentialCheck.substring(0, dollar)));
    }

    /** The credentials changed: what was obtained with the old ones is dropped, the installation is kept. */
    void forgetCredentials(OnboardingSettings s) {
        token = null;
        endpoint = null;
        credentialCheck = IdentityHash.credentialCheck(s.credentialMaterial(), null);
    }

    /** Kii refused the token: it and the endpoint obtained with it are dropped, the installation is kept. */
    void forgetToken() {
        token = null;
        endpoint = null;
    }

    /** Kii no longer knows the installation: it and its endpoint are dropped. */
    void forgetInstallation() {
        installationId = null;
        installationRegistrationId = null;
        endpoint = null;
    }

    /** @return who the identity is in Kii once onboarded ({@code thing:th.1}), else {@code fallback} */
    String owner(String fallback) {
        return ownerId == null ? fallback : ownerKind + ":" + ownerId;
    }

    /** @return true once onboarded: a token and the owner it belongs to are known */
    boolean onboarded() {
        return token != null && ownerId != null;
    }

    MqttEndpoint mqttEndpoint() {
        return endpoint == null ? null : endpoint.toEndpoint();
    }

    Sub find(Subscription s) {
        String text = s.toString();
        for (Sub sub : subscriptions) {
            if (text.equals(sub.subscription)) {
                return sub;
            }
        }
        return null;
    }

    Sub add(Subscription s, long now) {
        Sub sub = new Sub();
        sub.subscription = s.toString();
        sub.set(SubscriptionStatus.State.PENDING, null, null, now);
        subscriptions.add(sub);
        return sub;
    }

    /**
     * Makes the configured flags match the configuration: new entries become PENDING, entries no longer configured
     * (and not runtime) are left for unsubscription, or dropped if they never reached Kii.
     *
     * @param configured the configured subscriptions
     * @param now the time
     * @return true if anything changed
     */
    boolean mergeConfigured(List<Subscription> configured, long now) {
        boolean changed = false;
        List<String> texts = new ArrayList<>();
        for (Subscription s : configured) {
            texts.add(s.toString());
            Sub sub = find(s);
            if (sub == null) {
                add(s, now).configured = true;
                changed = true;
            } else if (!sub.configured) {
                sub.configured = true;
                changed = true;
            }
        }
        for (Iterator<Sub> it = subscriptions.iterator(); it.hasNext();) {
            Sub sub = it.next();
            if (sub.configured && !texts.contains(sub.subscription)) {
                sub.configured = false;
                changed = true;
                if (!sub.runtime && sub.state() == SubscriptionStatus.State.PENDING) {
                    it.remove();
                }
            }
        }
        return changed;
    }

    @Override
    public String toString() {
        // Never the token or the MQTT credentials.
        return "IdentityState[" + identity + " owner=" + ownerKind + ":" + ownerId + " installation=" + installationId
                + " token=" + (token == null ? "no" : "yes") + " endpoint=" + (endpoint == null ? "no" : "yes")
                + " subscriptions=" + subscriptions.size() + "]";
    }
}
