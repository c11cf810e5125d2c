package org.zarrrelay.camel;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One call the HTTP API answers, as a route of routes/http.camel.yaml declares it: the method, the
 * path template ({@code /api/jobs/{id}}) and the body type it takes (null for none).
 */
record ApiRoute(String method, String path, String consumes) {
    ApiRoute {
        method = method.toUpperCase(Locale.ROOT);
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
    }

    /** True when a request for this path (without its query) is one this route's template describes. */
    boolean matches(String requestPath) {
        return template().matcher(requestPath).matches();
    }

    private Pattern template() {
        StringBuilder regex = new StringBuilder();
        for (String part : path.split("(?=\\{)|(?<=\\})")) {
            // a {name} stands for one path segment, as the HTTP server binds it
            regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
