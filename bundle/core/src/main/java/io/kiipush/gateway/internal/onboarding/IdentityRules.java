package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.IDENTITY_MODE;
import static io.kiipush.gateway.internal.config.ConfigField.THING_ID;
import static io.kiipush.gateway.internal.config.ConfigField.THING_LAYOUT_POSITION;
import static io.kiipush.gateway.internal.config.ConfigField.THING_OWNER;
import static io.kiipush.gateway.internal.config.ConfigField.THING_OWNER_TOKEN;
import static io.kiipush.gateway.internal.config.ConfigField.THING_PASSWORD;
import static io.kiipush.gateway.internal.config.ConfigField.THING_VENDOR_THING_ID;
import static io.kiipush.gateway.internal.config.ConfigField.TOKEN_OWNER;
import static io.kiipush.gateway.internal.config.ConfigField.TOKEN_VALUE;
import static io.kiipush.gateway.internal.config.ConfigField.USER_PASSWORD;
import static io.kiipush.gateway.internal.config.ConfigField.USER_USERNAME;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.kiipush.gateway.Subscription;

/** What the identity fields must satisfy, per identity mode, and which subscription scopes the identity can address. */
final class IdentityRules {

    private static final Pattern VENDOR_THING_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final List<String> LAYOUTS = Arrays.asList("STANDALONE", "GATEWAY", "END_NODE");

    private IdentityRules() {
    }

    /** Adds a problem, naming the field and the fix, for every identity value that cannot work. */
    static void check(IdentityConfig id, List<String> problems) {
        if (id.mode == null) {
            problems.add(IDENTITY_MODE.key() + " '" + id.modeText + "' is not one of THING, USER, TOKEN, MQTT_API");
            return;
        }
        String modeName = IDENTITY_MODE.key() + "=" + id.mode;
        switch (id.mode) {
            case USER:
                if (id.username.isEmpty()) {
                    problems.add(USER_USERNAME.key() + " is required when " + modeName);
                }
                if (isBlank(id.userPassword)) {
                    problems.add(USER_PASSWORD.key() + " is required when " + modeName);
                }
                break;
            case TOKEN:
                checkToken(id, modeName, problems);
                break;
            default:
                checkThing(id, modeName, problems);
                break;
        }
    }

    private static void checkThing(IdentityConfig id, String modeName, List<String> problems) {
        if (!id.vendorThingId.isEmpty() && !id.thingId.isEmpty()) {
            problems.add(THING_VENDOR_THING_ID.key() + " and " + THING_ID.key() + " are both set: set exactly one of "
                    + "them");
        } else if (id.vendorThingId.isEmpty() && id.thingId.isEmpty()) {
            problems.add(THING_VENDOR_THING_ID.key() + " or " + THING_ID.key() + " is required when " + modeName);
        }
        if (!id.vendorThingId.isEmpty() && !VENDOR_THING_ID.matcher(id.vendorThingId).matches()) {
            problems.add(THING_VENDOR_THING_ID.key() + " '" + id.vendorThingId
                    + "' must be 1-200 letters, digits, '-', '_' or '.'");
        }
        if (!id.thingId.isEmpty() && !Principal.ID.matcher(id.thingId).matches()) {
            problems.add(THING_ID.key() + " '" + id.thingId + "' is not a valid thing ID (e.g. th.1234abcd-...)");
        }
        if (isBlank(id.thingPassword)) {
            problems.add(THING_PASSWORD.key() + " is required when " + modeName);
        }
        if (!LAYOUTS.contains(id.layoutPosition)) {
            problems.add(THING_LAYOUT_POSITION.key() + " '" + id.layoutPosition
                    + "' is not one of STANDALONE, GATEWAY, END_NODE");
        }
        if (id.thingOwnerText.isEmpty()) {
            return;
        }
        if (id.mode == IdentityMode.MQTT_API) {
            problems.add(THING_OWNER.key() + " is not supported with " + modeName + " (onboarding by owner needs "
                    + "HTTPS): clear " + THING_OWNER.key() + " or use " + IDENTITY_MODE.key() + "=THING");
            return;
        }
        if (id.thingOwner == null) {
            problems.add(THING_OWNER.key() + " '" + id.thingOwnerText + "' must be user:USER_ID or group:GROUP_ID");
        }
        if (isBlank(id.ownerToken)) {
            problems.add(THING_OWNER_TOKEN.key() + " is required when " + THING_OWNER.key() + " is set: enter the "
                    + "owner's access token");
        }
    }

    private static void checkToken(IdentityConfig id, String modeName, List<String> problems) {
        if (isBlank(id.tokenValue)) {
            problems.add(TOKEN_VALUE.key() + " is required when " + modeName + ": enter a Kii access token");
        }
        if (id.tokenOwnerText.isEmpty()) {
            problems.add(TOKEN_OWNER.key() + " is required when " + modeName
                    + ": enter user:USER_ID or thing:THING_ID of the token's owner");
        } else if (id.tokenOwner == null) {
            problems.add(TOKEN_OWNER.key() + " '" + id.tokenOwnerText + "' must be user:USER_ID or thing:THING_ID");
        }
    }

    /**
     * @param id the identity
     * @param sub a subscription
     * @return why the identity cannot address {@code sub} (its own user or thing scope), or {@code null} when it can
     */
    static String ownScopeProblem(IdentityConfig id, Subscription sub) {
        String own = id.ownKind();
        if (sub.getScopeId() != null || own == null) {
            return null;
        }
        if (sub.getScope() == Subscription.Scope.USER && !own.equals("user")) {
            return "'user/" + sub.getName() + "' means the gateway user's own scope, but the gateway is a thing in "
                    + IDENTITY_MODE.key() + "=" + id.mode + ": write user:USER_ID/" + sub.getName();
        }
        if (sub.getScope() == Subscription.Scope.THING && !own.equals("thing")) {
            return "'thing/" + sub.getName() + "' means the gateway thing's own scope, but the gateway is a user in "
                    + IDENTITY_MODE.key() + "=" + id.mode + ": write thing:THING_ID/" + sub.getName();
        }
        return null;
    }

    static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }
}
