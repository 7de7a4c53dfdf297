package io.kiipush.gateway.internal.onboarding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Reads and writes the state file of one identity. Writes are atomic (temporary file in the same directory with
 * mode 0600, fsync, atomic rename) so a power cut leaves either the old or the new state, never a torn file.
 */
final class StateStore {

    private static final Logger logger = LoggerFactory.getLogger(StateStore.class);

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path dir;
    private final Path file;

    StateStore(Path dir, String fileName) {
        this.dir = dir;
        this.file = dir.resolve(fileName);
    }

    Path file() {
        return file;
    }

    /**
     * @return the stored state, or {@code null} if there is none or it cannot be used (a corrupt file is moved aside)
     */
    IdentityState load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            logger.warn("Cannot read the Kii onboarding state file {} ({}); onboarding from scratch", file,
                    e.toString());
            return null;
        }
        IdentityState state;
        try {
            state = GSON.fromJson(new String(bytes, StandardCharsets.UTF_8), IdentityState.class);
        } catch (RuntimeException e) {
            state = null;
        }
        if (state == null || state.version != IdentityState.VERSION || state.identity == null
                || state.subscriptions == null || !subscriptionsReadable(state)) {
            moveAside();
            return null;
        }
        return state;
    }

    private static boolean subscriptionsReadable(IdentityState state) {
        for (IdentityState.Sub sub : state.subscriptions) {
            try {
                if (sub == null || sub.parsed() == null) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private void moveAside() {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            // Content is not logged: it may hold a token.
            logger.warn("The Kii onboarding state file {} is corrupt; moved it to {} and onboarding from scratch",
                    file, aside.getFileName());
        } catch (IOException e) {
            logger.warn("The Kii onboarding state file {} is corrupt and cannot be moved aside ({}); ignoring it",
                    file, e.toString());
        }
    }

    /**
     * @param state the state to write
     * @throws IOException if the directory or the file cannot be written
     */
    void save(IdentityState state) throws IOException {
        if (!Files.isDirectory(dir)) {
            // Only directories we create are restricted: an operator-chosen existing one is left as it is.
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        byte[] bytes = GSON.toJson(state).getBytes(StandardCharsets.UTF_8);
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE) }
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".state-", ".tmp", attrs);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory();
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Makes the rename itself durable; not possible on every platform, so failures are ignored. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            logger.trace("Directory fsync not supported for {}", dir);
        }
    }
}
