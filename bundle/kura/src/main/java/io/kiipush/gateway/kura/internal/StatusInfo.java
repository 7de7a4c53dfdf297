package io.kiipush.gateway.kura.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kiipush.gateway.SessionStatus;

/**
 * What Kura's Status page shows for a Kii connection ({@code CloudEndpoint.getInfo()}): Kura's own keys for the MQTT
 * link, the Kii account, the state and the counters. Built only from the session status, which holds no secret.
 */
public final class StatusInfo {

    private StatusInfo() {
    }

    /**
     * @param status the session's status
     * @return the keys in display order; absent values are left out
     */
    public static Map<String, String> of(SessionStatus status) {
        Map<String, String> info = new LinkedHashMap<>();
        put(info, "Broker URL", status.getBroker());
        put(info, "Username", status.getUsername());
        put(info, "Client ID", status.getClientId());
        put(info, "Kii App ID", status.getAppId());
        put(info, "Kii Site", status.getSite());
        put(info, "Identity", status.getIdentity());
        put(info, "Installation ID", status.getInstallationId());
        info.put("State", status.getState().name());
        if (status.getSince() > 0) {
            info.put("Since", Instant.ofEpochMilli(status.getSince()).toString());
        }
        if (status.isLastErrorCurrent() && status.getLastError() != null) {
            info.put("Last error", (status.getLastErrorKind() == null ? "" : status.getLastErrorKind() + ": ")
                    + status.getLastError());
        }
        info.put("Received", Long.toString(status.getReceived()));
        info.put("Dispatched", Long.toString(status.getDispatched()));
        info.put("Dropped", Long.toString(status.getDropped()));
        info.put("Malformed", Long.toString(status.getMalformed()));
        info.put("Reconnects", Long.toString(status.getReconnects()));
        info.put("Gaps", Long.toString(status.getGaps()));
        info.put("Recovered", Long.toString(status.getRecoveredObjects() + status.getRecoveredCommands()));
        return info;
    }

    private static void put(Map<String, String> info, String key, String value) {
        if (value != null && !value.isEmpty()) {
            info.put(key, value);
        }
    }
}
