package io.kiipush.gateway.console;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Refuses a button's POST sent from another site's page: browsers resend the console's Basic login with a cross-site
 * form POST, so without this check any page the operator opens could disconnect a connection. Scripts (curl) send no
 * {@code Origin} or {@code Referer} and are let through.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    /**
     * @param origin the request's {@code Origin} header, or {@code null}
     * @param referer the request's {@code Referer} header, or {@code null} (used when there is no Origin)
     * @param host the request's {@code Host} header (host and port the client addressed)
     * @return whether the POST comes from a page of this console (or from no page at all)
     */
    static boolean allowed(String origin, String referer, String host) {
        String from = origin != null && !origin.isEmpty() ? origin : referer;
        if (from == null || from.isEmpty()) {
            return true;
        }
        if (host == null || host.isEmpty() || "null".equals(from)) {
            return false;
        }
        try {
            URI uri = new URI(from);
            String authority = uri.getRawAuthority();
            if (authority == null) {
                return false;
            }
            int at = authority.lastIndexOf('@');
            String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
            return hostPort.equalsIgnoreCase(host) || withDefaultPort(hostPort, uri.getScheme()).equalsIgnoreCase(withDefaultPort(host, uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    // "example:80" and "example" are the same for http (443 for https).
    private static String withDefaultPort(String hostPort, String scheme) {
        boolean hasPort = hostPort.lastIndexOf(':') > hostPort.lastIndexOf(']');
        if (hasPort) {
            return hostPort;
        }
        return hostPort + ("https".equalsIgnoreCase(scheme) ? ":443" : ":80");
    }
}
