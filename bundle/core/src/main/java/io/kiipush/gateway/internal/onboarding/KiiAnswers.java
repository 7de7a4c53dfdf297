package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.APP_ID;
import static io.kiipush.gateway.internal.config.ConfigField.SITE;
import static io.kiipush.gateway.internal.config.ConfigField.SITE_URL;
import static io.kiipush.gateway.internal.config.ConfigField.THING_ID;
import static io.kiipush.gateway.internal.config.ConfigField.THING_OWNER_TOKEN;
import static io.kiipush.gateway.internal.config.ConfigField.THING_PASSWORD;
import static io.kiipush.gateway.internal.config.ConfigField.THING_VENDOR_THING_ID;
import static io.kiipush.gateway.internal.config.ConfigField.TOKEN_VALUE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.failure.Classification;
import io.kiipush.gateway.internal.failure.FailureClassifier;
import io.kiipush.gateway.internal.failure.Peer;

/**
 * Kii's error answers as operator messages (docs/kii-protocol.md §9): the status and Kii's error code decide the kind,
 * the call decides what to check. Server text is cleaned of secrets and bounded before it goes into a message.
 */
final class KiiAnswers {

    private KiiAnswers() {
    }

    /**
     * @param s the settings
     * @param r the refused or failed answer
     * @param action what the call did
     * @param credentials what a 401/403 refuses, e.g. {@code the access token of user:u1}
     * @param fix what to do about such a refusal
     * @param credentialCall true when a 400 means refused credentials (token requests)
     * @param token the bearer token of the call, kept out of the text; may be {@code null}
     * @return the classified failure
     */
    static OnboardingException failure(OnboardingSettings s, KiiHttp.Response r, String action, String credentials,
            String fix, boolean credentialCall, String token) {
        List<String> secrets = new ArrayList<>(s.secrets());
        if (token != null && token.length() >= 3) {
            secrets.add(token);
        }
        String detail = detail(r.status, r.errorCode(), r.kiiMessage(), secrets);
        if (r.status == 404 && "APP_NOT_FOUND".equalsIgnoreCase(r.errorCode())) {
            return appNotFound(s, s.restHost(), detail, r.errorCode());
        }
        if (r.status == 401 || r.status == 403 || (r.status == 400 && credentialCall)) {
            return refused(s, credentials, fix, detail, r.errorCode(), r.status);
        }
        return generic(s, r.status, r.errorCode(), detail, action, s.restHost());
    }

    /** Classifies a refused onboarding, over HTTPS or through the default broker. */
    static OnboardingException onboardingFailure(OnboardingSettings s, int status, String code, String message,
            String host) {
        String detail = detail(status, code, message, s.secrets());
        String thing = s.identity.thingDescription();
        if (status == 404 && "APP_NOT_FOUND".equalsIgnoreCase(code)) {
            return appNotFound(s, host, detail, code);
        }
        if (status == 404 && code != null && code.toUpperCase(Locale.ROOT).startsWith("THING_NOT_FOUND")) {
            return new OnboardingException(ErrorKind.CONFIGURATION, "Kii knows no thing with " + thing + " " + detail
                    + ": check " + THING_ID + ", or use " + THING_VENDOR_THING_ID + " to register a new thing", code,
                    status, null);
        }
        if (status == 400 || status == 401 || status == 403 || status == 409) {
            return s.identity.thingOwner == null
                    ? refused(s, "the thing credentials for " + thing, "check " + THING_PASSWORD
                            + (status == 409 ? ": the vendorThingID may be registered with another password" : ""),
                            detail, code, status)
                    : refused(s, "the onboarding of " + thing + " by owner " + s.identity.thingOwner, "check "
                            + THING_OWNER_TOKEN + " and " + THING_PASSWORD, detail, code, status);
        }
        return generic(s, status, code, detail, "the onboarding of " + thing, host);
    }

    /** @return what to do when Kii refuses the stored token */
    static String tokenFix(OnboardingSettings s) {
        return s.identity.mode == IdentityMode.TOKEN
                ? "enter a valid token in " + TOKEN_VALUE + "; a pre-issued token cannot be renewed automatically"
                : "the gateway onboards again";
    }

    static OnboardingException unparsable(String action, String why) {
        return new OnboardingException(ErrorKind.TRANSIENT, "Kii's answer to " + action + " cannot be used (" + why
                + ")");
    }

    /** @return e.g. {@code (403 WRONG_TOKEN: The provided token is not valid)}, secrets removed, bounded length */
    static String detail(int status, String code, String message, List<String> secrets) {
        StringBuilder sb = new StringBuilder("(").append(status);
        if (code != null) {
            sb.append(' ').append(clean(code, secrets, 60));
        }
        if (message != null) {
            sb.append(": ").append(clean(message, secrets, 160));
        }
        return sb.append(')').toString();
    }

    /** Server text goes into messages: strip line breaks, drop anything that equals a secret, bound its size. */
    static String clean(String text, List<String> secrets, int max) {
        String s = text.replace('\r', ' ').replace('\n', ' ');
        for (String secret : secrets) {
            s = s.replace(secret, "***");
        }
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }

    private static OnboardingException refused(OnboardingSettings s, String credentials, String fix, String detail,
            String code, int status) {
        Peer kii = OnboardingPeers.rest(s, s.restHost(), "Kii").presenting(credentials, fix);
        Classification c = FailureClassifier.refused(kii, detail);
        return new OnboardingException(c.kind(), c.message(), code, status, null);
    }

    private static OnboardingException generic(OnboardingSettings s, int status, String code, String detail,
            String action, String host) {
        if (status == 400) {
            return new OnboardingException(ErrorKind.CONFIGURATION, "Kii rejected " + action + " as invalid " + detail
                    + ": check the thing/user fields of the configuration", code, status, null);
        }
        if (status == 404) {
            return new OnboardingException(ErrorKind.CONFIGURATION, host + " answered " + action + " with " + detail
                    + ": check " + SITE + (s.site == Site.CUSTOM ? ", " + SITE_URL : "") + " and " + APP_ID, code,
                    status, null);
        }
        if (status == 429) {
            return new OnboardingException(ErrorKind.TRANSIENT, "Kii is rate-limiting application '" + s.appId
                    + "' (429) during " + action + "; retrying later", code, status, null);
        }
        if (status >= 500) {
            return new OnboardingException(ErrorKind.TRANSIENT, "Kii answered " + action + " with a server error "
                    + detail, code, status, null);
        }
        return new OnboardingException(ErrorKind.TRANSIENT, "unexpected answer to " + action + " " + detail, code,
                status, null);
    }

    private static OnboardingException appNotFound(OnboardingSettings s, String host, String detail, String code) {
        return new OnboardingException(ErrorKind.CONFIGURATION, "Kii has no application '" + s.appId + "' at " + host
                + " " + detail + ": check " + APP_ID + " and " + SITE, code, 404, null);
    }
}
