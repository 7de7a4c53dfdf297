package org.eclipse.kura.cloudconnection.message;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.message.KuraPayload;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura's {@code KuraMessage}: a payload and message properties (a copy of the map given).
 */
@ProviderType
public class KuraMessage {

    private final Map<String, Object> properties;
    private final KuraPayload payload;

    /** @param payload the payload */
    public KuraMessage(KuraPayload payload) {
        this.properties = new HashMap<>();
        this.payload = payload;
    }

    /**
     * @param payload the payload
     * @param properties the message properties, copied
     */
    public KuraMessage(KuraPayload payload, Map<String, Object> properties) {
        this.properties = new HashMap<>(properties);
        this.payload = payload;
    }

    /** @return the message properties */
    public Map<String, Object> getProperties() {
        return this.properties;
    }

    /** @return the payload */
    public KuraPayload getPayload() {
        return this.payload;
    }
}
