package org.zarrrelay.camel;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;

/**
 * Every call the running HTTP API answers, read from the started Camel routes, so the answers
 * about calls that do not exist (404, 405, 415) list exactly what routes/http.camel.yaml declares.
 */
final class ApiRoutes {
    private final List<ApiRoute> routes;

    ApiRoutes(List<ApiRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    static ApiRoutes of(CamelContext camel) {
        return new ApiRoutes(camel.getEndpoints().stream()
                .filter(PlatformHttpEndpoint.class::isInstance).map(PlatformHttpEndpoint.class::cast)
                .filter(e -> e.getHttpMethodRestrict() != null)
                .flatMap(e -> List.of(e.getHttpMethodRestrict().split(",")).stream()
                        .map(m -> new ApiRoute(m.trim(), e.getPath(), e.getConsumes())))
                .sorted(Comparator.comparing(ApiRoute::path).thenComparing(ApiRoute::method))
                .toList());
    }

    /** The routes whose path template matches this request path, whatever their method. */
    List<ApiRoute> at(String requestPath) {
        return routes.stream().filter(r -> r.matches(requestPath)).toList();
    }

    /** One line listing every call, e.g. "GET /api/jobs, POST /api/requests, ...". */
    String describe() {
        return routes.stream().map(r -> r.method() + " " + r.path()).collect(Collectors.joining(", "));
    }
}
