package io.kiipush.gateway.internal.recovery;

import static io.kiipush.gateway.internal.config.ConfigField.CATCHUP_MAX_WINDOW_SECONDS;
import static io.kiipush.gateway.internal.config.ConfigField.CATCHUP_PAGE_SIZE;

import java.util.List;

/** The catch-up settings of the session form: immutable, checked against their documented ranges. */
public final class CatchUpSettings {

    /** Largest {@code catchup.maxWindowSeconds}: 30 days. */
    public static final long MAX_WINDOW_LIMIT_SEC = 30L * 24 * 3600;
    /** Largest {@code catchup.pageSize}. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** The defaults: on, 24 h, 100 per page. */
    public static final CatchUpSettings DEFAULT = new CatchUpSettings(true, 86_400, 100);

    private final boolean enabled;
    private final long maxWindowSec;
    private final int pageSize;

    /**
     * @param enabled whether catch-up runs after a gap
     * @param maxWindowSec the longest window caught up, in seconds
     * @param pageSize the {@code bestEffortLimit} of each page
     */
    public CatchUpSettings(boolean enabled, long maxWindowSec, int pageSize) {
        this.enabled = enabled;
        this.maxWindowSec = maxWindowSec;
        this.pageSize = pageSize;
    }

    /** @param problems gets one message per value out of range, naming the field */
    public void check(List<String> problems) {
        if (maxWindowSec < 1 || maxWindowSec > MAX_WINDOW_LIMIT_SEC) {
            problems.add(CATCHUP_MAX_WINDOW_SECONDS.key() + " is " + maxWindowSec + " but must be 1-"
                    + MAX_WINDOW_LIMIT_SEC);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            problems.add(CATCHUP_PAGE_SIZE.key() + " is " + pageSize + " but must be 1-" + MAX_PAGE_SIZE);
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public long getMaxWindowMs() {
        return maxWindowSec * 1000;
    }

    public int getPageSize() {
        return pageSize;
    }

    @Override
    public String toString() {
        return "catchup " + (enabled ? "on" : "off") + " maxWindow=" + maxWindowSec + "s pageSize=" + pageSize;
    }
}
