package io.kiipush.gateway.kura.internal;

import java.util.Map;

/** Posts an EventAdmin event (asynchronously): EventAdmin as the endpoint needs it. */
@FunctionalInterface
public interface EventSink {

    /**
     * @param topic the event topic
     * @param properties the event properties
     */
    void post(String topic, Map<String, Object> properties);
}
