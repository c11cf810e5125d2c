package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zarrrelay.zarr.Json;

/** A small client for the relay's HTTP API, as a lab script would use it. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    ApiClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        // the request's timeout ends at the answer's headers: this bounds the body too, so an answer
        // that never ends fails the test instead of holding the build
        HttpRequest request = b.build();
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get(90, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(method + " " + path + " got no complete answer in 90 s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    HttpResponse<byte[]> post(String path, String json) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    HttpResponse<byte[]> put(String path, Path file) {
        try {
            return send("PUT", path, HttpRequest.BodyPublishers.ofFile(file), "application/octet-stream");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        return Json.parse(r.body(), "the answer to " + r.request().uri() + " (" + new String(r.body(), StandardCharsets.UTF_8) + ")");
    }

    /** Polls a job until it reaches {@code state}. */
    JsonNode awaitState(String id, String state) {
        long end = System.currentTimeMillis() + 20_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < end) {
            HttpResponse<byte[]> r = get("/api/jobs/" + id);
            if (r.statusCode() == 200) {
                last = json(r);
                if (state.equals(last.path("state").asText())) {
                    return last;
                }
            }
            RelayHarness.sleep(50);
        }
        throw new AssertionError("job " + id + " did not reach " + state + " in 20 s; last: " + last);
    }

    /** A JSON refusal: this status, as JSON, whose error says {@code says}. */
    static void assertRefused(HttpResponse<byte[]> r, int code, String says) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(code, r.statusCode(), body);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode e = ApiClient.json(r);
        assertEquals(code, e.get("status").asInt());
        assertTrue(e.get("error").asText().contains(says), body);
    }
}
