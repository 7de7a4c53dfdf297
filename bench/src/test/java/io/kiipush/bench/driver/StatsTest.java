package io.kiipush.bench.driver;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Medians and ranges of a few trials, as the report prints them. */
public class StatsTest {

    @Test
    public void medianAndRangeOfOddAndEvenCounts() {
        Stats odd = Stats.of(1.10, 0.90, 1.00);
        assertEquals(1.00, odd.median(), 1e-9);
        assertEquals("1.00 [0.90..1.10]", odd.show("%.2f"));
        assertEquals(1.05, Stats.of(1.2, 1.0, 1.1, 0.9).median(), 1e-9);
        assertEquals("0.97", Stats.of(0.97).show("%.2f"));
        assertEquals(0, Stats.of(Double.NaN).n());
    }
}
