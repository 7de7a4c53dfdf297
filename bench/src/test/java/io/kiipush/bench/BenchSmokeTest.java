package io.kiipush.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

import io.kiipush.bench.driver.BenchAccess;

/**
 * Runs the whole benchmark with tiny numbers ({@code --smoke}): the four receivers (raw Paho and the bundle on
 * Equinox, TCP and TLS) against the emulator's broker, every figure, a 20-gateway fleet storm and the target lines.
 * Checks that everything is there and the counts add up; never judges performance (machines vary).
 */
public class BenchSmokeTest {

    @Test(timeout = 240_000)
    public void smokeRunPrintsEveryFigureAndTargetWithConsistentCounts() throws Exception {
        Path work = Files.createTempDirectory("kiipush-bench-test");
        BenchAccess.Outcome o = BenchAccess.smoke(work);
        for (int i = 1; i <= 8; i++) {
            assertTrue("figure " + i + " missing:\n" + o.text(), o.text().contains("Figure " + i + " - "));
        }
        assertEquals(4, o.receivers());
        assertTrue(o.problems() + "\n" + o.text(), o.problems().isEmpty());
        // 4 per bundle receiver (throughput, p99, CPU, allocation), threads, jar, 4 fleet lines.
        assertEquals(o.text(), 14, o.targets().size());
        for (String line : o.targets()) {
            assertTrue(line, line.matches("TARGET [a-z0-9_]+ \\S+ \\S+ (MET|MISSED)"));
        }
    }
}
