package io.kiipush.emulator.internal;

import java.util.List;

import io.kiipush.emulator.AppCredentials;
import io.kiipush.emulator.ExternalBroker;
import io.kiipush.emulator.TlsMaterial;

/**
 * What a {@code KiiEmulator.Builder} collected; immutable. Ports: 0 = ephemeral, -1 = disabled where optional.
 *
 * @param tls reused TLS material, or {@code null} to generate it at the first start
 * @param publisherPassword the privileged publisher's password (already chosen)
 * @param externalBroker a broker the emulator does not run that endpoint answers name instead of its own, or {@code null}
 */
public record EmulatorConfig(List<AppCredentials> apps, int httpPort, boolean https, String bindAddress,
        String advertisedHost, int mqttPort, int mqttTlsPort, int webSocketPort, int secureWebSocketPort,
        int defaultBrokerPort, int defaultBrokerTlsPort, long endpointTtlSeconds, boolean requireClientIdEqualsTopic,
        int endpointNotReadyCount, TlsMaterial tls, boolean faultInjection, String publisherUsername,
        String publisherPassword, int requestLogCapacity, int publishLogCapacity, boolean queryDescendingByDefault,
        int maxPageSize, boolean thingMayListCommands, ExternalBroker externalBroker) {
}
