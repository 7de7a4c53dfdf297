package io.kiipush.bench.spi;

import java.util.Map;

/** What the launcher needs of the framework: Config Admin and the gateway's status, through the probe bundle. */
public interface Probe {

    /**
     * Creates or replaces a configuration (unbound location, as Kura's console writes it).
     *
     * @param pid the PID
     * @param properties String, Integer, Long, Boolean values
     * @throws Exception if Config Admin fails or is missing
     */
    void configure(String pid, Map<String, Object> properties) throws Exception;

    /**
     * @param pid a configuration to delete (no-op when missing)
     * @throws Exception if Config Admin fails or is missing
     */
    void delete(String pid) throws Exception;

    /**
     * @return the session's status as {@code state, clientId, received, dispatched, dropped, malformed, queued,
     *         reconnects}, or {@code null} while no PushSession service is registered
     */
    String[] status();
}
