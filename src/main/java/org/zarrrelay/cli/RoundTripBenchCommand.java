package org.zarrrelay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.job.ArrayOpener;
import org.zarrrelay.job.ExportService;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.Progress;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.job.WriteBack;
import org.zarrrelay.job.WritebackOptions;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.volume.ChannelIO;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.codec.CodecPipeline;
import org.zarrrelay.zarr.store.FileSystemStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The seed tutorial's round trip, timed: export a region of the bench array to a file
 * ({@link ExportService#export}) and write that file back ({@link WritebackService#write}), on the
 * store {@code zarr-relay bench} creates. {@code bench/roundtrip.sh} runs it next to zarr-python +
 * tifffile doing the same by hand; a number only means something as a ratio to that baseline.
 */
@Command(name = "roundtrip-bench", mixinStandardHelpOptions = true,
        description = {"Times export to a file and write-back from it, in seconds and MB/s of uncompressed voxels"
                + " (1 MB = 10^6 bytes), on the bench array (created when the store is absent, as `bench` does).",
                "Cases: r256 = 128:384,128:384,128:384 (256^3, 64 whole chunks); slab = 192:320,0:512,0:512"
                + " (128x512x512, 128 whole chunks). Each write-back writes the file its export just wrote: the"
                + " same values, but every chunk is decoded from the file, re-encoded and replaced.",
                "Both run as serve runs them, with its defaults (relay.fsync=false): the export as a job (merge base"
                        + " snapshot with fingerprints, then the file read from it, manifest record), the write-back as"
                        + " its transaction (checks, conflict check against the base, journal, write, commit record). The"
                        + " store's .zarr-relay folder is removed, untimed, after each round trip.",
                "A number means something only next to zarr-python + tifffile on the same store in the same run:"
                + " bench/roundtrip.sh does both."})
public final class RoundTripBenchCommand implements Callable<Integer> {

    /** One region to export and write back. */
    record Case(String name, long[] offset, int[] shape, String note) {
        long bytes() {
            return Volume.elementCount(shape) * DataType.UINT16.size();
        }

        Region region() {
            return Region.of(offset, shape);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("r256", new long[] {128, 128, 128}, new int[] {256, 256, 256}, "256^3, 64 whole chunks"),
            new Case("slab", new long[] {192, 0, 0}, new int[] {128, 512, 512}, "128x512x512, 128 whole chunks"));

    /**
     * Median wall time of an operation and its samples; the process's CPU time (all threads) per
     * operation, the mean, and each sample's in ms ({@code cpuMs}: the report's floor takes a step's
     * least, which leaves out samples that a GC or the JIT happened to land in).
     */
    record Timing(double seconds, double[] samples, double cpuMsPerOp, double[] cpuMs) {
        static Timing of(double[] samples, long[] cpuNanos) {
            double[] cpuMs = Arrays.stream(cpuNanos).mapToDouble(c -> c / 1e6).toArray();
            return new Timing(median(samples), samples, Arrays.stream(cpuMs).average().orElse(0), cpuMs);
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    /** A timed step; {@link IOException} because the breakdown's raw file steps throw it. */
    private interface Step {
        void run() throws IOException;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "The bench array's directory; created with generated content when absent or empty.")
    Path store;

    @Option(names = "--format", defaultValue = "tiff", paramLabel = "F",
            description = "The file format to export to and write back from (default ${DEFAULT-VALUE}).")
    String formatName;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Where the exported files go (default: the store's parent folder, so the same disk).")
    Path work;

    @Option(names = "--repeat", defaultValue = "5", paramLabel = "N",
            description = "Timed round trips per case; the median is reported (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N",
            description = "Untimed round trips per case first, for the JIT and the heap (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-breakdown",
            description = "Skip timing each step on its own (Zarr read, CRC-32 checksum, allocation, format write, raw file write"
                    + " with and without fsync, format read, raw file read, Zarr write, and the chunk files' and the"
                    + " compressor's shares of the Zarr steps).")
    boolean noBreakdown;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--fsync", description = "As serve with relay.fsync=true: write-backs durable at commit (default off,"
            + " serve's default).")
    boolean fsync;

    private ArrayOpener opener;
    private ExportService exporter;
    private WriteBack writeBack;
    private int jobs;

    /** Runs the bench on its own, as {@code bench/roundtrip.sh} does, whatever {@link Main} registers. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RoundTripBenchCommand()).setExecutionExceptionHandler(new ErrorReporter()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (repeat < 1 || warmup < 0) {
            throw new RelayException("--repeat must be at least 1 and --warmup at least 0; got " + repeat + " and " + warmup);
        }
        PrintWriter out = spec.commandLine().getOut();
        // The engine bench creates the store, or refuses one that is not its array.
        int created = new CommandLine(new BenchCommand()).setOut(out).setErr(spec.commandLine().getErr())
                .setExecutionExceptionHandler(new ErrorReporter()).execute("--store", store.toString(), "--create-only");
        if (created != 0) {
            return created;
        }
        VolumeFormat format = Formats.byName(formatName);
        opener = new ArrayOpener(fsync, ChunkExecutor.shared());
        exporter = new ExportService(ExportService.DEFAULT_SLAB_BYTES, opener);
        writeBack = new WriteBack(new WritebackService(), fsync, "roundtrip-bench");
        ZarrArray array = ZarrArray.open(new FileSystemStore(store, false), "");
        Path dir = work != null ? work : store.toAbsolutePath().getParent();
        Files.createDirectories(dir);

        for (Case c : CASES) {
            for (int w = 0; w < warmup; w++) {
                roundTrip(c, format, file(dir, c, format));
            }
        }
        out.printf("store %s, files in %s as %s; %d chunk threads; relay.fsync=%s; median of %d round trips after %d"
                + " untimed%n%n", store, dir, format.name(), ChunkExecutor.shared().threads(), fsync, repeat, warmup);
        out.printf("%-5s %-32s %-10s %9s %8s %10s%n", "case", "region", "phase", "seconds", "MB/s", "CPU ms/op");
        out.flush();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Case c : CASES) {
            Map<String, Object> row = measureCase(c, format, file(dir, c, format), out);
            TempFiles.deleteTree(file(dir, c, format));
            if (!noBreakdown) {
                row.put("breakdown", breakdown(array, c, format, dir));
            }
            cases.add(row);
        }
        if (!noBreakdown) {
            printBreakdown(cases, out);
        }
        if (json != null) {
            writeJson(cases, format, dir);
            out.println();
            out.println("results: " + json);
        }
        return 0;
    }

    private static Path file(Path dir, Case c, VolumeFormat format) {
        return dir.resolve("roundtrip-" + c.name() + "." + format.extension());
    }

    /** Export then write-back, each timed by wall clock and process CPU; the old file is removed untimed first. */
    private Map<String, Object> measureCase(Case c, VolumeFormat format, Path file, PrintWriter out)
            throws IOException {
        double[] export = new double[repeat];
        double[] back = new double[repeat];
        long[] exportCpu = new long[repeat];
        long[] backCpu = new long[repeat];
        for (int r = 0; r < repeat; r++) {
            TempFiles.deleteTree(file);
            long cpu0 = ProcessCounters.cpuNanos();
            long t0 = System.nanoTime();
            Job job = export(c, format, file);
            long t1 = System.nanoTime();
            long cpu1 = ProcessCounters.cpuNanos();
            writeBack(job, file);
            long t2 = System.nanoTime();
            exportCpu[r] = cpu1 - cpu0;
            backCpu[r] = ProcessCounters.cpuNanos() - cpu1;
            export[r] = (t1 - t0) / 1e9;
            back[r] = (t2 - t1) / 1e9;
            forgetJobs();
        }
        Timing e = Timing.of(export, exportCpu);
        Timing b = Timing.of(back, backCpu);
        for (var phase : List.of(Map.entry("export", e), Map.entry("writeback", b))) {
            Timing t = phase.getValue();
            out.printf("%-5s %-32s %-10s %9.3f %8.0f %10.0f%n", c.name(), c.note(), phase.getKey(), t.seconds(),
                    c.bytes() / 1e6 / t.seconds(), t.cpuMsPerOp());
        }
        out.flush();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", c.name());
        row.put("note", c.note());
        row.put("offset", c.offset());
        row.put("shape", c.shape());
        row.put("bytes", c.bytes());
        row.put("export", e);
        row.put("writeback", b);
        return row;
    }

    private void roundTrip(Case c, VolumeFormat format, Path file) throws IOException {
        TempFiles.deleteTree(file);
        writeBack(export(c, format, file), file);
        forgetJobs();
    }

    /** An export as serve makes one: a job with its merge base, the file read from that base. */
    private Job export(Case c, VolumeFormat format, Path file) {
        String id = "roundtrip-" + c.name() + "-" + ++jobs;
        return exporter.exportJob(new RegionRequest(id, "bench.zarr", "", c.region().toString(), format, null, null,
                WritebackOptions.NONE), "bench.zarr", location(), file, Progress.NONE);
    }

    /** As serve writes a returned file back: the transaction, with serve's defaults (same type, finest level). */
    private void writeBack(Job job, Path file) {
        writeBack.run(job, opener.store(location()), opener.executor(location()), file, WritebackOptions.NONE, null,
                Progress.NONE);
    }

    /** The journal's undo data and the merge bases would otherwise pile up, round after round. */
    private void forgetJobs() {
        new FileSystemStore(store).deleteFolder(StoreArea.ROOT);
    }

    private String location() {
        return store.toAbsolutePath().toString();
    }

    /**
     * Each step of the round trip on its own, median seconds, to show where the time goes. The
     * services read and write a region this size as one slab (their budget is 128 MB), so the steps
     * are what they do, minus the overlap there is none of. The raw file steps show what the file
     * system costs whoever writes: the same bytes with and without the fsync our writers do on commit.
     */
    private Map<String, Timing> breakdown(ZarrArray array, Case c, VolumeFormat format, Path dir) throws IOException {
        Path formatFile = dir.resolve("roundtrip-step-" + c.name() + "." + format.extension());
        Path rawFile = dir.resolve("roundtrip-step-" + c.name() + ".raw");
        Volume data = array.read(c.offset(), c.shape());
        long[] fileShape = Arrays.stream(c.shape()).asLongStream().toArray();
        byte[] sink = new byte[1];
        Map<String, Timing> steps = new LinkedHashMap<>();
        steps.put("zarr_read", time(() -> { }, () -> sink[0] ^= array.read(c.offset(), c.shape()).data()[0]));
        steps.put("crc32", time(() -> { }, () -> {
            CRC32 crc = new CRC32();
            crc.update(data.data());
            sink[0] ^= (byte) crc.getValue();
        }));
        steps.put("allocate", time(() -> { }, () -> sink[0] ^= Volume.allocate(DataType.UINT16, c.shape()).data()[0]));
        steps.put("format_write", time(() -> TempFiles.deleteTree(formatFile), () -> {
            try (VolumeWriter w = format.create(formatFile, DataType.UINT16, fileShape, new FileInfo("roundtrip-" + c.name(),
                    null, null, null))) {
                w.writeSlab(data);
                w.commit(fsync);  // as an export commits: synced only with relay.fsync
            }
        }));
        steps.put("raw_write", time(() -> Files.deleteIfExists(rawFile), () -> rawWrite(rawFile, data.data(), false)));
        steps.put("raw_write_fsync", time(() -> Files.deleteIfExists(rawFile), () -> rawWrite(rawFile, data.data(), true)));
        steps.put("format_read", time(() -> { }, () -> {
            try (VolumeReader r = format.open(formatFile)) {
                sink[0] ^= r.readSlab(0, c.shape()[0]).data()[0];
            }
        }));
        steps.put("raw_read", time(() -> { }, () -> sink[0] ^= rawRead(rawFile)[0]));
        steps.put("zarr_write", time(() -> { }, () -> array.write(c.offset(), data)));
        // The file system's share of the Zarr steps: the region's chunk files as stored, read, and
        // written back unchanged (temporary file + rename over the old one), on the chunk pool.
        List<String> keys = chunkKeys(array, c);
        Map<String, byte[]> stored = new ConcurrentHashMap<>();
        steps.put("store_get", time(() -> { }, () -> ChunkExecutor.shared().runAll(keys.stream()
                .<Runnable>map(k -> () -> stored.put(k, array.store().get(k))).toList())));
        steps.put("store_put", time(() -> { }, () -> ChunkExecutor.shared().runAll(keys.stream()
                .<Runnable>map(k -> () -> array.store().put(k, stored.get(k))).toList())));
        // The compressor's share: the same chunks decoded and encoded by the array's byte codecs
        // (blosc), on the chunk pool, with no file and no copy into the region.
        CodecPipeline codecs = array.metadata().codecs();
        Map<String, byte[]> decoded = new ConcurrentHashMap<>();
        Map<String, byte[]> encoded = new ConcurrentHashMap<>();
        steps.put("codec_decode", time(() -> { }, () -> ChunkExecutor.shared().runAll(keys.stream()
                .<Runnable>map(k -> () -> decoded.put(k, codecs.decodeBytes(stored.get(k)))).toList())));
        steps.put("codec_encode", time(() -> { }, () -> ChunkExecutor.shared().runAll(keys.stream()
                .<Runnable>map(k -> () -> encoded.put(k, codecs.encodeBytes(decoded.get(k)))).toList())));
        TempFiles.deleteTree(formatFile);
        Files.deleteIfExists(rawFile);
        return steps;
    }

    /** The keys of the chunks a case's region covers (the cases are chunk-aligned). */
    private static List<String> chunkKeys(ZarrArray array, Case c) {
        int[] chunk = array.metadata().chunkShape();
        long[] first = new long[3];
        long[] count = new long[3];
        for (int d = 0; d < 3; d++) {
            first[d] = c.offset()[d] / chunk[d];
            count[d] = (c.offset()[d] + c.shape()[d] + chunk[d] - 1) / chunk[d] - first[d];
        }
        List<String> keys = new ArrayList<>();
        for (long z = 0; z < count[0]; z++) {
            for (long y = 0; y < count[1]; y++) {
                for (long x = 0; x < count[2]; x++) {
                    keys.add(array.chunkKey(new long[] {first[0] + z, first[1] + y, first[2] + x}));
                }
            }
        }
        return keys;
    }

    /** Median of --repeat timed runs of {@code op} after one untimed; {@code setup} runs untimed before each. */
    private Timing time(Step setup, Step op) throws IOException {
        setup.run();
        op.run();
        double[] samples = new double[repeat];
        long[] cpu = new long[repeat];
        for (int r = 0; r < repeat; r++) {
            setup.run();
            long c0 = ProcessCounters.cpuNanos();
            long t0 = System.nanoTime();
            op.run();
            samples[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = ProcessCounters.cpuNanos() - c0;
        }
        return Timing.of(samples, cpu);
    }

    private static void rawWrite(Path file, byte[] bytes, boolean fsync) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ChannelIO.write(ch, bytes, 0);
            if (fsync) {
                ch.force(true);
            }
        }
    }

    private static byte[] rawRead(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] bytes = new byte[Math.toIntExact(ch.size())];
            if (ChannelIO.read(ch, bytes, 0, bytes.length, 0) < bytes.length) {
                throw new IOException(file + " shrank while being read");
            }
            return bytes;
        }
    }

    private void printBreakdown(List<Map<String, Object>> cases, PrintWriter out) {
        out.println();
        out.println("each step alone, median ms (CPU ms of the process in brackets)");
        @SuppressWarnings("unchecked")
        Map<String, Timing> first = (Map<String, Timing>) cases.get(0).get("breakdown");
        out.printf("%-16s", "step");
        cases.forEach(c -> out.printf(" %18s", c.get("name")));
        out.println();
        for (String step : first.keySet()) {
            out.printf("%-16s", step);
            for (Map<String, Object> c : cases) {
                @SuppressWarnings("unchecked")
                Timing t = ((Map<String, Timing>) c.get("breakdown")).get(step);
                out.printf(" %10.1f (%5.0f)", t.seconds() * 1e3, t.cpuMsPerOp());
            }
            out.println();
        }
        out.flush();
    }

    private void writeJson(List<Map<String, Object>> cases, VolumeFormat format, Path dir) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "zarr-relay");
        root.put("format", format.name());
        root.put("store", store.toAbsolutePath().toString());
        root.put("work", dir.toAbsolutePath().toString());
        root.put("repeat", repeat);
        root.put("warmup", warmup);
        root.put("relay_fsync", fsync);
        root.put("slab_bytes", ExportService.DEFAULT_SLAB_BYTES);
        root.put("threads", ChunkExecutor.shared().threads());
        root.put("jvm", Map.of("version", System.getProperty("java.vm.version"),
                "flags", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                "max_heap_mb", Runtime.getRuntime().maxMemory() >> 20));
        root.put("cases", cases);
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
    }
}
