package io.kiipush.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

import io.kiipush.bench.driver.BenchAccess;

/**
 * Runs the whole benchmark with tiny numbers ({@code --smoke}): four child JVMs, the emulator, all six figures. Checks
 * that the table is complete and the numbers are sane; never judges performance (CI machines vary).
 */
public class BenchSmokeTest {

    @Test(timeout = 180_000)
    public void smokeRunPrintsAllSixFiguresWithConsistentCounts() throws Exception {
        Path work = Files.createTempDirectory("kiipush-bench-test");
        BenchAccess.Outcome o = BenchAccess.smoke(work);
        for (int i = 1; i <= 6; i++) {
            assertTrue("figure " + i + " missing:\n" + o.text(), o.text().contains("Figure " + i + " - "));
        }
        assertEquals(4, o.variants());
        assertTrue(o.text(), o.problems().isEmpty());
    }
}
