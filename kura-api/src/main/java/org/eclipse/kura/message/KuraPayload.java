package org.eclipse.kura.message;

import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Declaration of Kura's {@code KuraPayload}: a timestamp, an optional position, named metrics and an optional body.
 * Same constructor and methods as Kura 5.0's class.
 */
public class KuraPayload {

    private Date timestamp;
    private KuraPosition position;
    private final Map<String, Object> metrics;
    private byte[] body;

    /** An empty payload. */
    public KuraPayload() {
        this.metrics = new HashMap<>();
        this.body = null;
    }

    /** @return the timestamp, or {@code null} */
    public Date getTimestamp() {
        return this.timestamp;
    }

    /** @param timestamp the timestamp */
    public void setTimestamp(Date timestamp) {
        this.timestamp = timestamp;
    }

    /** @return the position, or {@code null} */
    public KuraPosition getPosition() {
        return this.position;
    }

    /** @param position the position */
    public void setPosition(KuraPosition position) {
        this.position = position;
    }

    /**
     * @param name a metric name
     * @return its value, or {@code null}
     */
    public Object getMetric(String name) {
        return this.metrics.get(name);
    }

    /**
     * @param name a metric name
     * @param value its value
     */
    public void addMetric(String name, Object value) {
        this.metrics.put(name, value);
    }

    /** @param name a metric name */
    public void removeMetric(String name) {
        this.metrics.remove(name);
    }

    /** Removes every metric. */
    public void removeAllMetrics() {
        this.metrics.clear();
    }

    /** @return the metric names, unmodifiable */
    public Set<String> metricNames() {
        return Collections.unmodifiableSet(this.metrics.keySet());
    }

    /** @return an iterator over the metric names */
    public Iterator<String> metricsIterator() {
        return this.metrics.keySet().iterator();
    }

    /** @return the metrics, unmodifiable */
    public Map<String, Object> metrics() {
        return Collections.unmodifiableMap(this.metrics);
    }

    /** @return the body, or {@code null} */
    public byte[] getBody() {
        return this.body;
    }

    /** @param body the body */
    public void setBody(byte[] body) {
        this.body = body;
    }
}
