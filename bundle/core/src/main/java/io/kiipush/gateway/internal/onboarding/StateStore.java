package io.kiipush.gateway.internal.onboarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.kiipush.gateway.internal.util.AtomicFiles;

/**
 * Reads and writes the state file of one identity. Writes are atomic (temporary file in the same directory with
 * mode 0600, fsync, atomic rename) so a power cut leaves either the old or the new state, never a torn file.
 */
final class StateStore {

    private static final Logger logger = LoggerFactory.getLogger(StateStore.class);

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;

    StateStore(Path dir, String fileName) {
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
        AtomicFiles.write(file, GSON.toJson(state).getBytes(StandardCharsets.UTF_8));
    }
}
