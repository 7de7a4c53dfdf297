package io.kiipush.gateway.internal.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.kiipush.gateway.internal.util.AtomicFiles;

/**
 * The results not yet accepted by Kii, in order, kept in one small JSON file ({@link AtomicFiles}: atomic, 0600) so a
 * restart loses none. Bounded in entries and bytes: when full, new results are refused (the caller is told), never
 * an older one dropped. A file that cannot be read is moved aside and reported, never fatal. Without a file (no data
 * directory) the outbox lives in memory only. Not thread-safe: used by the results thread alone.
 */
final class Outbox {

    static final int VERSION = 1;

    /** One command's results waiting for Kii. */
    static final class Entry {
        String commandId;
        String body;
        long queuedAt;
        /** Failed attempts since the last start; not persisted. */
        transient int attempts;
        /** Not tried before this time (ms since the epoch); not persisted: a restart tries at once. */
        transient long notBefore;

        Entry(String commandId, String body, long queuedAt) {
            this.commandId = commandId;
            this.body = body;
            this.queuedAt = queuedAt;
        }

        boolean readable() {
            return commandId != null && !commandId.isEmpty() && body != null && body.startsWith("{");
        }
    }

    /** The outbox has no room for another entry. */
    static final class FullException extends Exception {
        private static final long serialVersionUID = 1L;

        FullException(String message) {
            super(message);
        }
    }

    /** The file's form. */
    private static final class Stored {
        int version = VERSION;
        List<Entry> entries = new ArrayList<>();
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Path file;
    private final int maxEntries;
    private final long maxBytes;
    private final List<Entry> entries = new ArrayList<>();
    private long bytes;

    /**
     * @param file the outbox file, {@code null} for an outbox in memory only
     * @param maxEntries the most entries kept
     * @param maxBytes the most request body characters kept, all entries together
     */
    Outbox(Path file, int maxEntries, long maxBytes) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    Path file() {
        return file;
    }

    /**
     * Reads the file, replacing what is in memory.
     *
     * @return {@code null} when the file was read or does not exist; otherwise what was wrong with it (the file is
     *         then moved aside to {@code <name>.corrupt-<time>} and the outbox starts empty)
     */
    String load() {
        entries.clear();
        bytes = 0;
        if (file == null) {
            return null;
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "cannot read the results outbox " + file + " (" + e + ")";
        }
        Stored stored;
        try {
            stored = GSON.fromJson(new String(raw, StandardCharsets.UTF_8), Stored.class);
        } catch (RuntimeException e) {
            stored = null;
        }
        if (stored == null || stored.version != VERSION || stored.entries == null) {
            return "the results outbox " + file + " is corrupt; " + moveAside() + " and starting with an empty outbox";
        }
        int unreadable = 0;
        for (Entry e : stored.entries) {
            if (e == null || !e.readable() || entries.size() >= maxEntries) {
                unreadable++;
            } else {
                entries.add(e);
                bytes += e.body.length();
            }
        }
        return unreadable == 0 ? null : "the results outbox " + file + " had " + unreadable + " unreadable or excess "
                + "entr" + (unreadable == 1 ? "y" : "ies") + ", left out";
    }

    /** @return the entries in the order they were queued (a copy) */
    List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    int size() {
        return entries.size();
    }

    /**
     * Queues an entry; results reported again for the same command replace the previous ones (Kii keeps the last).
     *
     * @param e the entry
     * @return the entry it replaced, or {@code null}
     * @throws FullException when the bound would be exceeded
     */
    Entry add(Entry e) throws FullException {
        Entry previous = find(e.commandId);
        long without = bytes - (previous == null ? 0 : previous.body.length());
        int count = entries.size() - (previous == null ? 0 : 1);
        if (count + 1 > maxEntries || without + e.body.length() > maxBytes) {
            throw new FullException("the results outbox is full (" + entries.size() + " commands, " + bytes
                    + " characters; at most " + maxEntries + " commands and " + maxBytes + " characters): Kii has not accepted "
                    + "results for a while, see kii:status");
        }
        if (previous != null) {
            entries.remove(previous);
        }
        entries.add(e);
        bytes = without + e.body.length();
        return previous;
    }

    /** @return the entry removed, or {@code null} if there was none for that command */
    Entry remove(String commandId) {
        Entry e = find(commandId);
        if (e != null) {
            entries.remove(e);
            bytes -= e.body.length();
        }
        return e;
    }

    Entry find(String commandId) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext();) {
            Entry e = it.next();
            if (e.commandId.equals(commandId)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Writes the entries to the file (nothing without a file).
     *
     * @throws IOException if the file cannot be written; the entries stay in memory
     */
    void save() throws IOException {
        if (file == null) {
            return;
        }
        Stored stored = new Stored();
        stored.entries = entries;
        AtomicFiles.write(file, GSON.toJson(stored).getBytes(StandardCharsets.UTF_8));
    }

    private String moveAside() {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return "moved it to " + aside.getFileName();
        } catch (IOException e) {
            return "cannot move it aside (" + e + "), ignoring it";
        }
    }
}
