package org.zarrrelay.camel;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x that the HTTP API's server runs on, bound where Camel's platform-http looks for one.
 * The servers it makes answer a client's offer to switch a plain-HTTP connection to HTTP/2
 * ({@code Upgrade: h2c}) in HTTP/1.1 instead. Java 17's HttpClient makes that offer on every
 * request by default, and after the switch about one GET of the dashboard page in 30 never completed.
 * Camel's server configuration has no option for it, so the option is set on the server options
 * Camel passes to {@link Vertx#createHttpServer(HttpServerOptions)}.
 */
final class Http1Vertx {
    private static final Logger LOG = LoggerFactory.getLogger(Http1Vertx.class);

    private Http1Vertx() {
    }

    static Vertx create() {
        Vertx vertx = Vertx.vertx();
        // VertxInternal too: Vert.x's own code casts the instance it is given to it
        return (Vertx) Proxy.newProxyInstance(Http1Vertx.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && args != null && args.length == 1
                            && args[0] instanceof HttpServerOptions options) {
                        args = new Object[] {new HttpServerOptions(options).setHttp2ClearTextEnabled(false)};
                    }
                    try {
                        return method.invoke(vertx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Closes its threads (they would keep the JVM running), waiting at most 10 s. */
    static void close(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("the HTTP server's Vert.x did not close in 10 s ({}); its threads end with the process", e.toString());
        }
    }
}
