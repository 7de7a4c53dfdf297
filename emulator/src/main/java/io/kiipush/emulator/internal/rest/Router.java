package io.kiipush.emulator.internal.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches method + path templates ({@code /api/apps/{app}/...}) to handlers. */
final class Router {

    @FunctionalInterface
    interface Handler {
        RestResponse handle(Call call);
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    /** A match: the handler and the captured parameters; {@code handler == null} with {@code pathKnown} is a 405. */
    record Match(Handler handler, Map<String, String> params, boolean pathKnown) {
    }

    private final List<Route> routes = new ArrayList<>();

    void add(String method, String template, Handler handler) {
        routes.add(new Route(method, split(template), handler));
    }

    Match match(String method, String path) {
        String[] parts = split(path);
        boolean pathKnown = false;
        Match headFallback = null;
        for (Route r : routes) {
            Map<String, String> params = matches(r.segments, parts);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (r.method.equals(method)) {
                return new Match(r.handler, params, true);
            }
            if (method.equals("HEAD") && r.method.equals("GET") && headFallback == null) {
                headFallback = new Match(r.handler, params, true);
            }
        }
        return headFallback != null ? headFallback : new Match(null, Map.of(), pathKnown);
    }

    private static Map<String, String> matches(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), parts[i]);
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    /** Empty segments are dropped: the Kii JS SDK sends {@code /apps/{app}//users/...} and Kii accepts it. */
    private static String[] split(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
