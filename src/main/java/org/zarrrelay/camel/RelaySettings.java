package org.zarrrelay.camel;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.zarrrelay.RelayException;
import org.zarrrelay.job.Cast;
import org.zarrrelay.job.DataFolders;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Settings;
import org.zarrrelay.zarr.store.StoreException;

/**
 * The relay's settings, merged from (lowest first) the defaults in the jar, a properties file,
 * environment variables ({@code RELAY_SLAB_MB} for {@code relay.slab-mb}) and {@code --set}
 * overrides. Every {@code relay.*} key must be one the defaults know, so a typo fails at start
 * instead of being silently ignored.
 */
public final class RelaySettings {
    static final String DEFAULTS = "/config/application.properties";

    private final Map<String, String> values;

    private RelaySettings(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param file      a properties file, or null for none
     * @param env       the environment (System.getenv() in production)
     * @param overrides key=value pairs given with --set
     */
    public static RelaySettings load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        try (InputStream in = RelaySettings.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + DEFAULTS);
            }
            putAll(merged, in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in defaults", e);
        }
        java.util.Set<String> known = new java.util.LinkedHashSet<>(merged.keySet());
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new RelayException("settings file " + file + " does not exist: check --config");
            }
            try (Reader r = Files.newBufferedReader(file)) {
                Properties p = new Properties();
                p.load(r);
                for (String k : p.stringPropertyNames()) {
                    if (k.startsWith("relay.") && !known.contains(k)) {
                        throw new RelayException("unknown setting '" + k + "' in " + file + "; known settings: "
                                + String.join(", ", known.stream().filter(x -> x.startsWith("relay.")).toList()));
                    }
                    merged.put(k, p.getProperty(k).trim());
                }
            } catch (IOException e) {
                throw new RelayException("cannot read settings file " + file + ": " + e.getMessage(), e);
            }
        }
        for (String key : new ArrayList<>(merged.keySet())) {
            String envName = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (env.containsKey(envName)) {
                merged.put(key, env.get(envName).trim());
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().startsWith("relay.") && !known.contains(e.getKey())) {
                throw new RelayException("unknown setting '" + e.getKey() + "'; known settings: "
                        + String.join(", ", known.stream().filter(k -> k.startsWith("relay.")).toList()));
            }
            merged.put(e.getKey(), e.getValue().trim());
        }
        return new RelaySettings(merged);
    }

    private static void putAll(Map<String, String> into, InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        p.stringPropertyNames().forEach(k -> into.put(k, p.getProperty(k).trim()));
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("setting " + key + " has no default");
        }
        return v;
    }

    public Path data() {
        return Path.of(get("relay.data")).toAbsolutePath().normalize();
    }

    /** A local folder; a folder that is on S3 is staged locally in the default place under the data folder. */
    private Path folder(String key, String name) {
        String v = get(key);
        return (v.isEmpty() || v.startsWith("s3://") ? data().resolve(name) : Path.of(v)).toAbsolutePath().normalize();
    }

    public DataFolders folders() {
        for (String key : new String[] {"relay.status", "relay.failed", "relay.archive"}) {
            if (get(key).startsWith("s3://")) {
                throw new RelayException(key + " is " + get(key) + ", but it must be a local folder; inputs taken from"
                        + " S3 are archived and parked in the archive/ and failed/ prefixes beside their own prefix");
            }
        }
        return new DataFolders(folder("relay.inbox", "inbox"), folder("relay.exports", "exports"),
                folder("relay.returns", "returns"), folder("relay.status", "status"), folder("relay.failed", "failed"),
                folder("relay.archive", "archive"), data().resolve("spool"));
    }

    /** The s3:// URI of an inbox, exports or returns folder that lives on S3, or null when it is local. */
    public String remoteFolder(String key) {
        String v = get(key);
        return v.startsWith("s3://") ? v : null;
    }

    /** The directories of relay.stores (the data folder when it is empty). */
    public List<Path> storeRoots() {
        String v = get("relay.stores");
        if (v.isEmpty()) {
            return List.of(data());
        }
        List<Path> roots = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank() && !S3Location.isS3(part.trim())) {
                roots.add(Path.of(part.trim()).toAbsolutePath().normalize());
            }
        }
        return roots;
    }

    /** The s3:// prefixes of relay.stores. */
    public List<S3Location> s3StoreRoots() {
        List<S3Location> roots = new ArrayList<>();
        for (String part : get("relay.stores").split(",")) {
            if (S3Location.isS3(part.trim())) {
                try {
                    roots.add(S3Location.parse(part.trim()));
                } catch (StoreException e) {
                    throw new RelayException("relay.stores: " + e.getMessage(), e);
                }
            }
        }
        return roots;
    }

    /** How to reach S3, from relay.s3.*. */
    public S3Settings s3() {
        try {
            return new S3Settings(get("relay.s3.endpoint"), get("relay.s3.region"), bool("relay.s3.path-style"),
                    get("relay.s3.access-key"), get("relay.s3.secret-key"), (int) positiveLong("relay.s3.max-connections"));
        } catch (StoreException e) {
            throw new RelayException(e.getMessage(), e);
        }
    }

    /** The S3 location of relay.inbox, relay.exports or relay.returns, or null when that folder is local. */
    public S3Location s3Folder(String key) {
        String v = remoteFolder(key);
        if (v == null) {
            return null;
        }
        S3Location loc;
        try {
            loc = S3Location.parse(v);
        } catch (StoreException e) {
            throw new RelayException(key + ": " + e.getMessage(), e);
        }
        if (loc.prefix().isEmpty()) {
            throw new RelayException(key + " is " + v + ", a whole bucket; give it a prefix of its own, e.g. "
                    + v.replaceAll("/+$", "") + "/" + key.substring("relay.".length())
                    + " (archive/ and failed/ prefixes are made beside it)");
        }
        return loc;
    }

    /** True when some store root, inbox, exports or returns folder is on S3. */
    public boolean usesS3() {
        return !s3StoreRoots().isEmpty() || remoteFolder("relay.inbox") != null || remoteFolder("relay.exports") != null
                || remoteFolder("relay.returns") != null;
    }

    /** relay.slab-mb, capped at an eighth of the heap: a tile is held about twice, beside chunk buffers. */
    public long slabBytes() {
        return Math.min(positiveLong("relay.slab-mb") << 20, Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 8));
    }

    /** What a returned file may do about its type when neither its request nor its return says. */
    public Cast cast() {
        String c = get("relay.cast");
        if (c.isEmpty()) {
            return Cast.SAME;
        }
        try {
            return Cast.parse(c, "relay.cast");
        } catch (RelayException e) {
            throw new RelayException(e.getMessage() + " (or leave relay.cast empty: a result must keep the exported type)");
        }
    }

    /** How long undo data and merge bases are kept in each store's journal. */
    /** How long local copies of exports published to an S3 exports prefix are kept (relay.exports.keep-days). */
    public java.time.Duration exportsKeep() {
        return java.time.Duration.ofDays(atLeast("relay.exports.keep-days", 0, "a whole number of days"));
    }

    /**
     * How long a relay's claim on an object of an S3 inbox or returns prefix keeps the other relays
     * off it (relay.s3.claim-lease-seconds); past that its relay is taken to have died.
     */
    public java.time.Duration claimLease() {
        return java.time.Duration.ofSeconds(atLeast("relay.s3.claim-lease-seconds", 1, "a whole number of seconds"));
    }

    public java.time.Duration journalKeep() {
        return java.time.Duration.ofDays(positiveLong("relay.journal.keep-days"));
    }

    public Downsampling downsampling() {
        return switch (get("relay.downsampling")) {
            case "mean" -> Downsampling.MEAN;
            case "nearest" -> Downsampling.NEAREST;
            case "mode" -> Downsampling.MODE;
            default -> throw new RelayException("relay.downsampling is '" + get("relay.downsampling")
                    + "': use mean, nearest or mode");
        };
    }

    /** How long a dropped file or folder must stay unchanged before it is taken. */
    public long readLockMinAgeMillis() {
        return atLeast("relay.read-lock-min-age-ms", 0, "a whole number of milliseconds");
    }

    /** How often the watched folders (and S3 prefixes) are scanned. */
    public long pollDelayMillis() {
        return atLeast("relay.poll-delay-ms", 1, "a whole number of milliseconds");
    }

    /** The endings of the processed files the returns folder takes. */
    FileEndings returnsExtensions() {
        return FileEndings.parse("relay.returns-extensions", get("relay.returns-extensions"));
    }

    public boolean sample() {
        return bool("relay.sample");
    }

    public boolean fsync() {
        return bool("relay.fsync");
    }

    public int chunkThreads() {
        long n = longValue("relay.chunk-threads");
        if (n < 0) {
            throw new RelayException("relay.chunk-threads is " + n + ": use 0 (one per core) or a positive number");
        }
        return n == 0 ? Runtime.getRuntime().availableProcessors() : (int) n;
    }

    public int jobThreads() {
        return (int) positiveLong("relay.job-threads");
    }

    /** The job ledger's JDBC URL; empty means the embedded H2 database under the data folder. */
    public String ledgerUrl() {
        return get("relay.ledger.url");
    }

    public int httpPort() {
        long port = longValue("relay.http.port");
        if (port < 0 || port > 65535) {
            throw new RelayException("relay.http.port is " + port + ": use 0 (no HTTP API) or a port from 1 to 65535");
        }
        return (int) port;
    }

    /** The bearer token, or null when calls need none (the server then listens on 127.0.0.1 only). */
    public String httpToken() {
        String t = get("relay.http.token");
        return t.isEmpty() ? null : t;
    }

    /** Where the HTTP API listens: loopback without a token, else relay.http.host or every address. */
    public String httpHost() {
        if (httpToken() == null) {
            return "127.0.0.1";
        }
        String h = get("relay.http.host");
        return h.isEmpty() ? "0.0.0.0" : h;
    }

    public long httpMaxRequestBytes() {
        return positiveLong("relay.http.max-request-kb") << 10;
    }

    public long httpMaxUploadBytes() {
        return positiveLong("relay.http.max-upload-mb") << 20;
    }

    /** The broker URL, or null when requests are not taken from a queue. */
    public String jmsUrl() {
        String u = get("relay.jms.url");
        return u.isEmpty() ? null : u;
    }

    public int jmsConsumers() {
        return (int) positiveLong("relay.jms.consumers");
    }

    private boolean bool(String key) {
        String v = get(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new RelayException(key + " is '" + v + "': use true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private long positiveLong(String key) {
        return atLeast(key, 1, "a whole number");
    }

    /** @param what what the value is, for the message: "a whole number of milliseconds" */
    private long atLeast(String key, long min, String what) {
        long n;
        try {
            n = Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min) {
            throw new RelayException(key + " is '" + get(key) + "': use " + what + ", at least " + min);
        }
        return n;
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new RelayException(key + " is '" + get(key) + "', not a whole number");
        }
    }

    /**
     * The properties the routes see: every setting, with the folders resolved to absolute paths and
     * the settings routes use checked here, at start (Camel would take a bad one as its default),
     * plus the name patterns of the watched folders.
     */
    public Properties camelProperties() {
        Properties p = new Properties();
        values.forEach(p::setProperty);
        p.setProperty("relay.poll-delay-ms", String.valueOf(pollDelayMillis()));
        p.setProperty("relay.read-lock-min-age-ms", String.valueOf(readLockMinAgeMillis()));
        p.setProperty("relay.jms.consumers", String.valueOf(jmsConsumers()));
        p.setProperty("relay.inbox.include", FileEndings.REQUESTS.regex());
        p.setProperty("relay.returns.include", returnsExtensions().regex());
        DataFolders f = folders();
        p.setProperty("relay.inbox", f.inbox().toString());
        p.setProperty("relay.exports", f.exports().toString());
        p.setProperty("relay.returns", f.returns().toString());
        p.setProperty("relay.status", f.status().toString());
        p.setProperty("relay.failed", f.failed().toString());
        p.setProperty("relay.archive", f.archive().toString());
        p.setProperty("relay.data", data().toString());
        for (String key : new String[] {"relay.inbox", "relay.returns"}) {
            S3Location loc = s3Folder(key);
            if (loc != null) {
                p.setProperty(key + ".bucket", loc.bucket());
                p.setProperty(key + ".prefix", loc.prefix() + "/");
            }
        }
        return p;
    }
}
