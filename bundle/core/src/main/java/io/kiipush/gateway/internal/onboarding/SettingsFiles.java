package io.kiipush.gateway.internal.onboarding;

import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

/**
 * The file system checks of the onboarding configuration, kept out of {@link OnboardingSettings} so reading a
 * configuration does no hidden I/O: the CA file to trust and the data directory. {@link LocalSettingsFiles} is the real
 * one.
 */
interface SettingsFiles {

    /** The trust a CA file gives: the socket factory and a fingerprint of the file's path and content. */
    final class Trust {
        final SSLSocketFactory socketFactory;
        final String fingerprint;

        Trust(SSLSocketFactory socketFactory, String fingerprint) {
            this.socketFactory = socketFactory;
            this.fingerprint = fingerprint;
        }
    }

    /**
     * @param caFile the configured CA file, not empty
     * @param previous the trust of the settings this replaces, reused when the file did not change (so targets stay
     *        "the same connection"); may be {@code null}
     * @param problems where an unusable file is reported
     * @return the trust, {@code null} when the file cannot be used
     */
    Trust trust(String caFile, Trust previous, List<String> problems);

    /**
     * @param configured the configured data directory, empty for the default
     * @param defaultDir the default directory, {@code null} when none exists
     * @param problems where an unusable directory is reported
     * @return the directory, {@code null} when there is none
     */
    Path dataDir(String configured, Path defaultDir, List<String> problems);
}
