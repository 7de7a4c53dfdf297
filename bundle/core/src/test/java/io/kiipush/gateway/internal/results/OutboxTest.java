package io.kiipush.gateway.internal.results;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

public class OutboxTest {

    private static final String BODY = "{\"actionResults\":[{\"a\":{\"succeeded\":true}}]}";

    @Rule
    public final Timeout timeout = Timeout.seconds(20);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path file() {
        return tmp.getRoot().toPath().resolve("data").resolve("command-results.json");
    }

    @Test
    public void persistsAndReloadsInOrder() throws Exception {
        Outbox out = new Outbox(file(), 10, 10_000);
        assertNull("no file yet is no problem", out.load());
        out.add(new Outbox.Entry("c1", BODY, 1));
        out.add(new Outbox.Entry("c2", BODY, 2));
        out.save();

        Outbox again = new Outbox(file(), 10, 10_000);
        assertNull(again.load());
        assertEquals(2, again.size());
        assertEquals("c1", again.entries().get(0).commandId);
        assertEquals("c2", again.entries().get(1).commandId);
        assertEquals(BODY, again.entries().get(1).body);
        assertEquals(2, again.entries().get(1).queuedAt);

        again.remove("c1");
        again.save();
        Outbox third = new Outbox(file(), 10, 10_000);
        assertNull(third.load());
        assertEquals(1, third.size());
        assertEquals("c2", third.entries().get(0).commandId);
    }

    @Test
    public void theFileIsReadableByTheOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
        Outbox out = new Outbox(file(), 10, 10_000);
        out.add(new Outbox.Entry("c1", BODY, 1));
        out.save();
        out.save();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        }
        assertEquals(1, listing().size());
    }

    @Test
    public void attemptsAndRetryTimesAreNotPersisted() throws Exception {
        Outbox out = new Outbox(file(), 10, 10_000);
        Outbox.Entry e = new Outbox.Entry("c1", BODY, 1);
        e.attempts = 7;
        e.notBefore = Long.MAX_VALUE;
        out.add(e);
        out.save();
        String text = new String(Files.readAllBytes(file()), StandardCharsets.UTF_8);
        assertTrue(text, !text.contains("attempts") && !text.contains("notBefore"));
        Outbox again = new Outbox(file(), 10, 10_000);
        again.load();
        assertEquals("a restart tries at once", 0, again.entries().get(0).notBefore);
    }

    @Test
    public void isBoundedInEntriesAndCharactersAndRefusesRatherThanDrops() throws Exception {
        Outbox out = new Outbox(file(), 2, 10_000);
        out.add(new Outbox.Entry("c1", BODY, 1));
        out.add(new Outbox.Entry("c2", BODY, 2));
        try {
            out.add(new Outbox.Entry("c3", BODY, 3));
            fail("full");
        } catch (Outbox.FullException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("full") && e.getMessage().contains("at most 2"));
        }
        assertEquals(2, out.size());
        assertEquals("c1", out.entries().get(0).commandId);
        Outbox.Entry replaced = out.add(new Outbox.Entry("c2", BODY.replace("true", "false"), 4));
        assertNotNull("the same command replaces its results, also when full", replaced);
        assertEquals(2, out.size());

        Outbox small = new Outbox(file(), 100, BODY.length() * 2L);
        small.add(new Outbox.Entry("c1", BODY, 1));
        small.add(new Outbox.Entry("c2", BODY, 2));
        try {
            small.add(new Outbox.Entry("c3", BODY, 3));
            fail("full by size");
        } catch (Outbox.FullException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("characters"));
        }
        small.remove("c1");
        small.add(new Outbox.Entry("c3", BODY, 3));
        assertEquals(2, small.size());
    }

    @Test
    public void aCorruptFileIsMovedAsideWithAClearProblemAndTheOutboxStartsEmpty() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), "{\"version\":1,\"entries\":[{\"commandId\":".getBytes(StandardCharsets.UTF_8));
        Outbox out = new Outbox(file(), 10, 10_000);
        String problem = out.load();
        assertNotNull(problem);
        assertTrue(problem, problem.contains("corrupt") && problem.contains(file().toString())
                && problem.contains(".corrupt-"));
        assertEquals(0, out.size());
        List<Path> files = listing();
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().startsWith("command-results.json.corrupt-"));

        out.add(new Outbox.Entry("c1", BODY, 1));
        out.save();
        Outbox again = new Outbox(file(), 10, 10_000);
        assertNull("a good file is written afterwards", again.load());
        assertEquals(1, again.size());
    }

    @Test
    public void anotherVersionOrShapeIsCorruptToo() throws Exception {
        Files.createDirectories(file().getParent());
        for (String text : new String[] { "{\"version\":2,\"entries\":[]}", "[]", "\u0000\u0001garbage", "" }) {
            Files.write(file(), text.getBytes(StandardCharsets.UTF_8));
            Outbox out = new Outbox(file(), 10, 10_000);
            assertNotNull(text, out.load());
            assertEquals(0, out.size());
        }
    }

    @Test
    public void unreadableEntriesAreLeftOutAndNamed() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), ("{\"version\":1,\"entries\":[{\"commandId\":\"c1\",\"body\":" + quoted(BODY)
                + ",\"queuedAt\":1},{\"commandId\":\"\",\"body\":\"{}\"},null,{\"commandId\":\"c3\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
        Outbox out = new Outbox(file(), 10, 10_000);
        String problem = out.load();
        assertNotNull(problem);
        assertTrue(problem, problem.contains("3 unreadable"));
        assertEquals(1, out.size());
        assertEquals("c1", out.entries().get(0).commandId);
    }

    @Test
    public void withoutAFileItLivesInMemory() throws Exception {
        Outbox out = new Outbox(null, 10, 10_000);
        assertNull(out.load());
        out.add(new Outbox.Entry("c1", BODY, 1));
        out.save();
        assertEquals(1, out.size());
        assertTrue(listing().isEmpty());
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }

    private List<Path> listing() throws Exception {
        List<Path> out = new ArrayList<>();
        Path dir = file().getParent();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        }
        return out;
    }
}
