package org.zarrrelay.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve} in a JVM of its own, started the way a user starts it ({@code org.zarrrelay.cli.Main
 * serve}), with a heap of our choosing: an input that exhausts the heap or the stack shows there
 * as it would in production, and cannot take the test's own JVM down with it. Its stdout and
 * stderr go to files beside the data folder.
 */
final class ChildRelay implements AutoCloseable {
    final int port;
    final ApiClient api;
    final Path stderr;
    private final Process process;

    private ChildRelay(Process process, int port, Path stderr) {
        this.process = process;
        this.port = port;
        this.api = new ApiClient(port, null);
        this.stderr = stderr;
    }

    /** Starts serve on {@code data} with fast polling and the HTTP API, and waits until /health answers. */
    static ChildRelay start(Path data, String maxHeap) throws IOException {
        return start(data, maxHeap, Map.of());
    }

    /**
     * As {@link #start(Path, String)}, with {@code settings} given as {@code --set key=value} after the
     * test defaults (a later --set of a key wins).
     */
    static ChildRelay start(Path data, String maxHeap, Map<String, String> settings) throws IOException {
        int port = ApiClient.freePort();
        Path logs = Files.createDirectories(data.resolveSibling(data.getFileName() + "-logs"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                "-cp", System.getProperty("java.class.path"),
                "org.zarrrelay.cli.Main", "serve", "--data", data.toString(),
                "--set", "relay.sample=false",
                "--set", "relay.poll-delay-ms=50",
                "--set", "relay.read-lock-min-age-ms=200",
                "--set", "relay.http.port=" + port));
        settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        // its own working folder, so a config/application.properties of the project is not read
        Process p = new ProcessBuilder(command).directory(logs.toFile())
                .redirectOutput(logs.resolve("stdout.txt").toFile())
                .redirectError(logs.resolve("stderr.txt").toFile())
                .start();
        ChildRelay child = new ChildRelay(p, port, logs.resolve("stderr.txt"));
        try {
            child.awaitHealthy(60_000);
        } catch (RuntimeException | AssertionError e) {
            child.close();
            throw e;
        }
        return child;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Kills the relay with SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no clean stop. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU seconds (user + system) the relay's JVM has used so far, from /proc (Linux); -1 when it has exited. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;  // utime, stime in clock ticks (USER_HZ 100)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** GET /health, or null when nothing answers (yet). */
    HttpResponse<byte[]> health() {
        try {
            return api.get("/health");
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private void awaitHealthy(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("serve exited with code " + process.exitValue() + " at start: " + stderrText());
            }
            HttpResponse<byte[]> r = health();
            if (r != null && r.statusCode() == 200) {
                return;
            }
            RelayHarness.sleep(200);
        }
        throw new AssertionError("serve did not answer GET /health in " + millis + " ms: " + stderrText());
    }

    String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the relay as Ctrl-C would, then kills it if it has not stopped in 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
