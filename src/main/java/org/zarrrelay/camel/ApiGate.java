package org.zarrrelay.camel;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The HTTP server's own answers around the API's Camel routes, in the API's JSON. Before them: a
 * body of the wrong type is refused (415) before the server reads it; a form body would otherwise
 * be decoded as a form and fail there with a bare "Bad Request" and a stack trace. After them: a
 * call no route takes gets 404 listing the calls that exist, or 405 listing the allowed methods,
 * instead of the server's HTML page or empty answer.
 */
final class ApiGate {
    private static final String HEALTH = "/health";

    private final ApiRoutes routes;
    private final BearerToken token;

    private ApiGate(ApiRoutes routes, BearerToken token) {
        this.routes = routes;
        this.token = token;
    }

    /** What installs the gate on the server of this port once Camel, so every route of the API, has started. */
    static StartupListener installer(int port, BearerToken token) {
        return new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
                // too early: the routes register on the server's router as they start
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
                install(VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port)),
                        ApiRoutes.of(camel), token);
            }
        };
    }

    private static void install(Router router, ApiRoutes routes, BearerToken token) {
        ApiGate gate = new ApiGate(routes, token);
        router.route().order(-1).handler(gate::checkBodyType);
        router.route().last().handler(gate::noSuchCall);
    }

    private void checkBodyType(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String wanted = routes.at(ctx.normalizedPath()).stream()
                .filter(r -> r.method().equals(method) && r.consumes() != null)
                .map(ApiRoute::consumes).findFirst().orElse(null);
        String sent = ctx.request().getHeader("Content-Type");
        String sentType = sent == null ? null : sent.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (wanted == null || wanted.equals(sentType)) {
            ctx.next();
            return;
        }
        if (refusedToken(ctx)) {
            return;
        }
        String how = sentType == null ? "without a Content-Type"
                : "as " + sentType + (sentType.equals("application/x-www-form-urlencoded")
                        ? " (what curl sends for -d and --data-binary unless told otherwise)" : "");
        answer(ctx, 415, method + " " + ctx.normalizedPath() + " takes a body of type " + wanted + ", but it was sent "
                + how + ": send it with the header 'Content-Type: " + wanted + "' (with curl: -H 'Content-Type: "
                + wanted + "')");
    }

    private void noSuchCall(RoutingContext ctx) {
        if (refusedToken(ctx)) {
            return;
        }
        String method = ctx.request().method().name();
        String path = ctx.normalizedPath();
        List<ApiRoute> here = routes.at(path);
        if (here.isEmpty()) {
            answer(ctx, 404, "there is no call " + method + " " + path + ": the API answers " + routes.describe()
                    + " (described by GET /api/openapi.json)");
            return;
        }
        String allowed = here.stream().map(ApiRoute::method).distinct().collect(Collectors.joining(", "));
        ctx.response().putHeader("Allow", allowed);
        answer(ctx, 405, path + " does not take " + method + ": use " + allowed);
    }

    /** True after answering 401; the calls that exist are for those with the token to know. */
    private boolean refusedToken(RoutingContext ctx) {
        String refusal = ctx.normalizedPath().equals(HEALTH) ? null
                : token.refusal(ctx.request().getHeader("Authorization"));
        if (refusal == null) {
            return false;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        answer(ctx, 401, refusal);
        return true;
    }

    private static void answer(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new ApiError(status, message).json());
    }
}
