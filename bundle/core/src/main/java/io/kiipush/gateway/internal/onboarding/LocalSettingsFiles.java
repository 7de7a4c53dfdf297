package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.DATA_DIR;
import static io.kiipush.gateway.internal.config.ConfigField.TLS_CA_FILE;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.List;

/** {@link SettingsFiles} on the local file system. */
final class LocalSettingsFiles implements SettingsFiles {

    @Override
    public Trust trust(String caFile, Trust previous, List<String> problems) {
        String field = TLS_CA_FILE.key() + " '" + caFile + "'";
        Path p;
        try {
            p = Paths.get(caFile);
        } catch (InvalidPathException e) {
            problems.add(field + " is not a valid path");
            return null;
        }
        if (!Files.exists(p)) {
            problems.add(field + " does not exist: enter the path of a PEM file with the CA certificates to trust, or "
                    + "leave it empty for the JVM default trust store");
            return null;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problems.add(field + " is not a readable file");
            return null;
        }
        try {
            byte[] pem = Files.readAllBytes(p);
            String fingerprint = IdentityHash.sha256Hex(p.toAbsolutePath() + "\n"
                    + new String(pem, StandardCharsets.ISO_8859_1));
            if (previous != null && fingerprint.equals(previous.fingerprint)) {
                return previous;
            }
            return new Trust(TlsTrust.socketFactory(pem), fingerprint);
        } catch (IOException e) {
            problems.add(field + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            problems.add(field + " holds no usable PEM certificate (" + e.getMessage() + "): it must contain one or "
                    + "more '-----BEGIN CERTIFICATE-----' blocks");
        }
        return null;
    }

    @Override
    public Path dataDir(String configured, Path defaultDir, List<String> problems) {
        Path dir;
        if (configured.isEmpty()) {
            if (defaultDir == null) {
                problems.add(DATA_DIR.key() + " is empty and no default location exists (no kura.data, no "
                        + "/opt/eclipse/kura/data, no bundle data area): enter a writable directory");
                return null;
            }
            dir = defaultDir;
        } else {
            try {
                dir = Paths.get(configured);
            } catch (InvalidPathException e) {
                problems.add(DATA_DIR.key() + " '" + configured + "' is not a valid path");
                return null;
            }
            if (!dir.isAbsolute()) {
                problems.add(DATA_DIR.key() + " '" + configured + "' must be an absolute path, e.g. "
                        + "/opt/eclipse/kura/data/kii-push");
                return null;
            }
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            problems.add(DATA_DIR.key() + " '" + dir + "' is not a writable directory" + (existing == dir ? ""
                    : " and cannot be created") + ": enter a directory the Kura process may write, or leave it empty");
        }
        return dir;
    }
}
