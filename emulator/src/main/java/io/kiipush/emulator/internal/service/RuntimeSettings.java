package io.kiipush.emulator.internal.service;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Settings that faults and the admin API may change while the emulator runs. */
public final class RuntimeSettings {

    /** Page size when a query or command list asks for none or for more (Kii's server limit is not published). */
    public static final int DEFAULT_MAX_PAGE_SIZE = 200;

    /** Where the broker listens, as advertised in endpoint answers (suppliers: ports are known only after start). */
    public record Advertised(String host, IntSupplier tcp, IntSupplier ssl, IntSupplier ws, IntSupplier wss) {
    }

    private final Advertised advertised;
    private volatile long endpointTtlSeconds;
    private volatile int endpointNotReadyPerInstallation;
    private volatile boolean requireClientIdEqualsTopic;
    private volatile boolean queryDescendingByDefault;
    private volatile int maxPageSize = DEFAULT_MAX_PAGE_SIZE;
    private volatile boolean thingMayListCommands = true;
    private final AtomicInteger endpointNotReadyGlobal = new AtomicInteger();
    private final String publisherUsername;
    private final String publisherPassword;

    public RuntimeSettings(Advertised advertised, long endpointTtlSeconds, int endpointNotReadyPerInstallation,
            boolean requireClientIdEqualsTopic, String publisherUsername, String publisherPassword) {
        this.advertised = advertised;
        this.endpointTtlSeconds = endpointTtlSeconds;
        this.endpointNotReadyPerInstallation = endpointNotReadyPerInstallation;
        this.requireClientIdEqualsTopic = requireClientIdEqualsTopic;
        this.publisherUsername = publisherUsername;
        this.publisherPassword = publisherPassword;
    }

    public Advertised advertised() {
        return advertised;
    }

    public long endpointTtlSeconds() {
        return endpointTtlSeconds;
    }

    public void endpointTtlSeconds(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("TTL must be positive: " + seconds);
        }
        this.endpointTtlSeconds = seconds;
    }

    public int endpointNotReadyPerInstallation() {
        return endpointNotReadyPerInstallation;
    }

    public void endpointNotReadyPerInstallation(int count) {
        this.endpointNotReadyPerInstallation = Math.max(0, count);
    }

    public boolean requireClientIdEqualsTopic() {
        return requireClientIdEqualsTopic;
    }

    public void requireClientIdEqualsTopic(boolean require) {
        this.requireClientIdEqualsTopic = require;
    }

    /** @return the counter of mqtt-endpoint calls (any installation) still to answer 503 */
    public AtomicInteger endpointNotReadyGlobal() {
        return endpointNotReadyGlobal;
    }

    public String publisherUsername() {
        return publisherUsername;
    }

    public String publisherPassword() {
        return publisherPassword;
    }

    /**
     * The order of a query with {@code orderBy} but no {@code descending}. Kii's REST reference says ascending, its
     * REST guide says descending: clients must send {@code descending}; flip this to catch one that does not.
     */
    public boolean queryDescendingByDefault() {
        return queryDescendingByDefault;
    }

    public void queryDescendingByDefault(boolean descending) {
        this.queryDescendingByDefault = descending;
    }

    /** @return the largest page a query or command list returns, also when {@code bestEffortLimit} asks for more */
    public int maxPageSize() {
        return maxPageSize;
    }

    public void maxPageSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("the page size must be positive: " + size);
        }
        this.maxPageSize = size;
    }

    /** Whether a thing's own token may list its Thing-IF commands (UNCONFIRMED on Kii; allowed by default). */
    public boolean thingMayListCommands() {
        return thingMayListCommands;
    }

    public void thingMayListCommands(boolean allowed) {
        this.thingMayListCommands = allowed;
    }
}
