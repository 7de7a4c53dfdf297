package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.SITE;
import static io.kiipush.gateway.internal.config.ConfigField.SITE_URL;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Kii Cloud server locations and their hosts (docs/kii-protocol.md §1.1, §1.2). */
enum Site {
    US("api.kii.com", "mqtt-us.kii.com"),
    JP("api-jp.kii.com", "mqtt-jp.kii.com"),
    CN3("api-cn3.kii.com", "mqtt-cn3.kii.com"),
    SG("api-sg.kii.com", "mqtt-sg.kii.com"),
    // The EU default broker name is unconfirmed (docs/kii-protocol.md §1.2); mqttApi.broker overrides it.
    EU("api-eu.kii.com", "mqtt-eu.kii.com"),
    CUSTOM(null, null);

    final String restHost;
    final String defaultBroker;

    Site(String restHost, String defaultBroker) {
        this.restHost = restHost;
        this.defaultBroker = defaultBroker;
    }

    /**
     * @param site the site, {@code null} when the configured one is invalid
     * @param url the custom site URL (only used for {@link #CUSTOM})
     * @param problems where a bad URL is reported
     * @return e.g. {@code https://api.kii.com}, or the normalised custom URL without trailing '/'; {@code null} if
     *         there is none
     */
    static String restBase(Site site, String url, List<String> problems) {
        if (site == null) {
            return null;
        }
        if (site != CUSTOM) {
            return "https://" + site.restHost;
        }
        if (url.isEmpty()) {
            problems.add(SITE_URL.key() + " is required when " + SITE.key() + "=CUSTOM: enter the REST base URL, e.g. "
                    + "http://localhost:8080");
            return null;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getRawUserInfo() != null) {
                // Never echo it: the user-info part may hold a password.
                problems.add(SITE_URL.key() + " must not contain user:password@: enter only scheme, host, port and "
                        + "path");
                return null;
            }
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawQuery() != null
                    || u.getRawFragment() != null) {
                problems.add(SITE_URL.key() + " '" + url + "' is not a valid http(s) base URL: use e.g. "
                        + "https://kii.example.com or http://localhost:8080 (no query, no fragment)");
                return null;
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return scheme + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + path;
        } catch (URISyntaxException e) {
            problems.add(SITE_URL.key() + " '" + url + "' is not a valid URL (" + e.getReason() + ")");
            return null;
        }
    }
}
