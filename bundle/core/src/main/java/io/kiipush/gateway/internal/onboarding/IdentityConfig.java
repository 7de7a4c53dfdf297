package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.IDENTITY_MODE;
import static io.kiipush.gateway.internal.config.ConfigField.THING_FIRMWARE_VERSION;
import static io.kiipush.gateway.internal.config.ConfigField.THING_ID;
import static io.kiipush.gateway.internal.config.ConfigField.THING_LAYOUT_POSITION;
import static io.kiipush.gateway.internal.config.ConfigField.THING_OWNER;
import static io.kiipush.gateway.internal.config.ConfigField.THING_OWNER_TOKEN;
import static io.kiipush.gateway.internal.config.ConfigField.THING_PASSWORD;
import static io.kiipush.gateway.internal.config.ConfigField.THING_TYPE;
import static io.kiipush.gateway.internal.config.ConfigField.THING_VENDOR_THING_ID;
import static io.kiipush.gateway.internal.config.ConfigField.TOKEN_OWNER;
import static io.kiipush.gateway.internal.config.ConfigField.TOKEN_VALUE;
import static io.kiipush.gateway.internal.config.ConfigField.USER_PASSWORD;
import static io.kiipush.gateway.internal.config.ConfigField.USER_USERNAME;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.kiipush.gateway.internal.config.ConfigReader;

/**
 * Who the gateway is in Kii Cloud and with which credentials: the identity mode and its fields, as configured
 * (checked by {@link IdentityRules}). Immutable; {@link #toString()} and {@link #identityId()} hold no secret.
 */
final class IdentityConfig {

    private static final Set<String> OWNER_KINDS = new LinkedHashSet<>(Arrays.asList("user", "group"));
    private static final Set<String> TOKEN_OWNER_KINDS = new LinkedHashSet<>(Arrays.asList("user", "thing"));

    final String modeText;
    final IdentityMode mode;
    final String vendorThingId;
    final String thingId;
    final String thingPassword;
    final String thingType;
    final String firmwareVersion;
    final String layoutPosition;
    final String thingOwnerText;
    final Principal thingOwner;
    final String ownerToken;
    final String username;
    final String userPassword;
    final String tokenValue;
    final String tokenOwnerText;
    final Principal tokenOwner;

    IdentityConfig(OnboardingComponent.Config c, ConfigReader in, UnaryOperator<String> decrypter) {
        this.modeText = in.text(IDENTITY_MODE, c::identity_mode);
        this.mode = parseMode(modeText.isEmpty() ? "THING" : modeText);
        this.vendorThingId = in.text(THING_VENDOR_THING_ID, c::thing_vendorThingId);
        this.thingId = in.text(THING_ID, c::thing_id);
        this.thingPassword = in.secret(THING_PASSWORD, c::thing_password, decrypter);
        this.thingType = in.text(THING_TYPE, c::thing_type);
        this.firmwareVersion = in.text(THING_FIRMWARE_VERSION, c::thing_firmwareVersion);
        String layout = in.text(THING_LAYOUT_POSITION, c::thing_layoutPosition).toUpperCase(Locale.ROOT);
        this.layoutPosition = layout.isEmpty() ? "STANDALONE" : layout;
        this.thingOwnerText = in.text(THING_OWNER, c::thing_owner);
        this.thingOwner = thingOwnerText.isEmpty() ? null : Principal.parse(thingOwnerText, OWNER_KINDS);
        this.ownerToken = in.secret(THING_OWNER_TOKEN, c::thing_ownerToken, decrypter);
        this.username = in.text(USER_USERNAME, c::user_username);
        this.userPassword = in.secret(USER_PASSWORD, c::user_password, decrypter);
        this.tokenValue = in.secret(TOKEN_VALUE, c::token_value, decrypter);
        this.tokenOwnerText = in.text(TOKEN_OWNER, c::token_owner);
        this.tokenOwner = tokenOwnerText.isEmpty() ? null : Principal.parse(tokenOwnerText, TOKEN_OWNER_KINDS);
    }

    private static IdentityMode parseMode(String text) {
        try {
            return IdentityMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return how the identity is named in files, logs and messages, e.g. {@code vendorThingID:abc}; no secret */
    String identityId() {
        if (mode == null) {
            return "?";
        }
        switch (mode) {
            case USER:
                return "username:" + username;
            case TOKEN:
                return "token-owner:" + tokenOwner;
            default:
                return vendorThingId.isEmpty() ? "thingID:" + thingId : "vendorThingID:" + vendorThingId;
        }
    }

    /** @return the identity for an operator, e.g. {@code vendorThingID 'abc' (owner user:u1)} */
    String displayName() {
        if (mode == null) {
            return "?";
        }
        switch (mode) {
            case USER:
                return "username '" + username + "'";
            case TOKEN:
                return "access token of " + tokenOwner;
            default:
                return thingDescription() + (thingOwner == null ? "" : " (owner " + thingOwner + ")");
        }
    }

    /** @return the thing named for an operator, e.g. {@code vendorThingID 'abc'} */
    String thingDescription() {
        return vendorThingId.isEmpty() ? "thingID '" + thingId + "'" : "vendorThingID '" + vendorThingId + "'";
    }

    /** @return "user" or "thing": what kind of Kii principal the gateway is, {@code null} if unknown */
    String ownKind() {
        if (mode == null) {
            return null;
        }
        switch (mode) {
            case USER:
                return "user";
            case TOKEN:
                return tokenOwner == null ? null : tokenOwner.kind;
            default:
                return "thing";
        }
    }

    /** @return material that changes whenever a credential changes; secret, only ever hashed with a salt */
    String credentialMaterial(String appKey) {
        StringBuilder sb = new StringBuilder(appKey);
        if (mode == IdentityMode.USER) {
            sb.append('\0').append(userPassword);
        } else if (mode == IdentityMode.TOKEN) {
            sb.append('\0').append(tokenValue);
        } else if (mode != null) {
            sb.append('\0').append(thingPassword).append('\0').append(ownerToken).append('\0').append(thingOwner);
        }
        return sb.toString();
    }

    /** @return every value an onboarding result depends on; secret, only compared */
    List<Object> fingerprint() {
        List<Object> parts = new ArrayList<>();
        parts.add(mode);
        if (mode == IdentityMode.USER) {
            parts.addAll(Arrays.asList(username, userPassword));
        } else if (mode == IdentityMode.TOKEN) {
            parts.addAll(Arrays.asList(tokenValue, tokenOwner));
        } else {
            parts.addAll(Arrays.<Object>asList(vendorThingId, thingId, thingPassword, thingType, firmwareVersion,
                    layoutPosition, thingOwner, ownerToken));
        }
        return parts;
    }

    /** @return the non-empty secrets of the identity */
    List<String> secrets() {
        return Arrays.asList(thingPassword, ownerToken, userPassword, tokenValue);
    }
}
