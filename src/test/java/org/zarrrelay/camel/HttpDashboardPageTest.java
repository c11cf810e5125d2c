package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard page at / follows the API's token rule; since a browser cannot send a header when
 * it loads a page, the page (and only the page) also takes the token as ?token=.
 */
class HttpDashboardPageTest {
    @TempDir
    Path dir;

    @Test
    void withATokenThePageIsRefusedWithoutIt() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                "relay.http.token", "page-token"))) {
            ApiClient none = new ApiClient(port, null);
            HttpResponse<byte[]> refused = none.get("/");
            assertEquals(401, refused.statusCode());
            assertEquals("application/json", refused.headers().firstValue("Content-Type").orElse(""));
            assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(ApiClient.json(refused).get("error").asText().contains("open /?token=<relay.http.token>"));
            HttpResponse<byte[]> wrong = none.get("/?token=guess");
            assertEquals(401, wrong.statusCode());
            assertTrue(ApiClient.json(wrong).get("error").asText().contains("the token given is wrong"));
            assertEquals(401, new ApiClient(port, "guess").get("/").statusCode());

            assertPage(none.get("/?token=page-token"));
            assertPage(new ApiClient(port, "page-token").get("/"));
            // the query parameter is the page's alone: the API's calls still need the header
            assertEquals(401, none.get("/api/jobs?token=page-token").statusCode());
            assertEquals(401, none.get("/api/images?token=page-token").statusCode());
        }
    }

    @Test
    void withoutATokenThePageIsServed() throws Exception {
        int port = ApiClient.freePort();
        String log;
        try (StderrLog captured = new StderrLog();
             RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            assertPage(new ApiClient(port, null).get("/"));
            log = captured.text();
        }
        assertTrue(log.contains("; dashboard: http://127.0.0.1:" + port + "/\n"), "the ready line gives the page: " + log);
    }

    /**
     * Java 17's HttpClient offers to switch a plain connection to HTTP/2 (h2c) on every request;
     * after such a switch about one GET of this page in 30 never completed, so the offer is declined.
     */
    @Test
    void aClientOfferingHttp2IsAnsweredInHttp1() throws Exception {
        int port = ApiClient.freePort();
        try (RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port)))) {
            HttpClient offering = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<byte[]> r = offering.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).get(90, TimeUnit.SECONDS);
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertPage(r);
        }
    }

    @Test
    void theReadyLineSaysHowToOpenThePageWithTheToken() throws Exception {
        int port = ApiClient.freePort();
        String log;
        try (StderrLog captured = new StderrLog();
             RelayHarness h = new RelayHarness(dir, Map.of("relay.http.port", String.valueOf(port),
                     "relay.http.token", "page-token"))) {
            log = captured.text();
        }
        assertTrue(log.contains("; dashboard: http://localhost:" + port + "/?token=<relay.http.token>\n"), log);
        assertFalse(log.contains("page-token"), "the token itself is never logged");
    }

    /** One HTML answer holding the page's style and script, loading nothing from anywhere else. */
    private static void assertPage(HttpResponse<byte[]> r) {
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(200, r.statusCode(), html);
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""));
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("<style>") && html.contains("#drop-zone {"), "style.css is inlined");
        assertTrue(html.contains("<script>") && html.contains("headers.Authorization = 'Bearer ' + TOKEN"), "app.js is inlined");
        assertFalse(html.contains("<!-- app.js -->") || html.contains("<!-- style.css -->"), "no placeholder is left");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//").matcher(html).find(), "nothing is loaded from elsewhere");
        assertFalse(html.contains("<script src") || html.contains("<link rel=\"stylesheet\""), "nothing else is loaded");
        // the browser is told to run this script and style only, and to talk to this relay only
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        String script = html.substring(html.indexOf("<script>") + 8, html.indexOf("</script>"));
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        assertTrue(csp.startsWith("default-src 'none';") && csp.contains("script-src '" + sha256(script) + "'")
                && csp.contains("style-src '" + sha256(style) + "'") && csp.contains("connect-src 'self'"), csp);
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
