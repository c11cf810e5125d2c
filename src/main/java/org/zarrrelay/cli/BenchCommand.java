package org.zarrrelay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.metadata.ArrayMetadata;
import org.zarrrelay.zarr.store.FileSystemStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Region read and write throughput of the engine on a 512³ uint16 Zarr v2 array (chunks 64³,
 * blosc lz4 + shuffle). {@code bench/run.sh} runs it next to zarr-python on the same store; a
 * number only means something as a ratio to that baseline, measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures region read and write throughput, in MB/s of uncompressed data (1 MB = 10^6 bytes),"
                + " on a 512^3 uint16 Zarr v2 array with 64^3 chunks and blosc lz4 + shuffle, created with realistic,"
                + " partly compressible content when the store is absent.",
                "Cases: a64 = 64^3 at a chunk origin (one whole chunk); u100 = 100^3 at 37,101,203 (unaligned,"
                + " 18 partial chunks); a256 = 256^3 at 128,128,128 (chunk-aligned, 64 whole chunks).",
                "A number means something only next to zarr-python on the same store in the same run:"
                + " bench/run.sh does both."})
public final class BenchCommand implements Callable<Integer> {
    static final long[] SHAPE = {512, 512, 512};
    static final int[] CHUNKS = {64, 64, 64};
    static final String COMPRESSOR = "blosc:lz4:5:shuffle";
    private static final int SLAB = 64;

    /** One region to read and write back. */
    record Case(String name, long[] offset, int[] shape, String note) {
        long bytes() {
            return Volume.elementCount(shape) * DataType.UINT16.size();
        }
    }

    static final List<Case> CASES = List.of(
            new Case("a64", new long[] {128, 192, 256}, new int[] {64, 64, 64}, "64^3, one whole chunk"),
            new Case("u100", new long[] {37, 101, 203}, new int[] {100, 100, 100}, "100^3 unaligned, 18 partial chunks"),
            new Case("a256", new long[] {128, 128, 128}, new int[] {256, 256, 256}, "256^3 chunk-aligned, 64 whole chunks"));

    /**
     * Median throughput of one operation plus what it cost the process, per operation. CPU time
     * (all threads: chunk pool, GC, JIT) is less disturbed than wall time by other work on the machine.
     */
    record Result(double mbps, double[] samples, int opsPerSample, double cpuMsPerOp, double minorFaultsPerOp,
                  double allocatedMbPerOp, double gcMsPerOp) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "The bench array's directory; created with generated content when absent or empty.")
    Path store;

    @Option(names = "--repeat", defaultValue = "5", paramLabel = "N", description = "Timed samples per measurement; the median is reported (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "Untimed samples first, for the JIT and the page cache (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "S",
            description = "Reads and writes every case for this long before any timing, so the JIT has compiled the hot paths and the heap has grown to its working size (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--sample-mb", defaultValue = "32", paramLabel = "MB",
            description = "A sample repeats the operation until it has moved this much uncompressed data, so small regions are not timed one by one (default ${DEFAULT-VALUE}).")
    int sampleMb;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--create-only", description = "Create the store if needed and stop, so that a run can flush it to disk before timing.")
    boolean createOnly;

    private int writeCount;

    /** Runs the bench on its own, as {@code bench/run.sh} does, whatever {@link Main} registers. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).setExecutionExceptionHandler(new ErrorReporter()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (repeat < 1 || sampleMb < 1 || warmup < 0 || warmupSeconds < 0) {
            throw new RelayException("--repeat and --sample-mb must be at least 1, --warmup and --warmup-seconds at least 0;"
                    + " got " + repeat + ", " + sampleMb + ", " + warmup + " and " + warmupSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        ZarrArray array = openOrCreate(out);
        if (createOnly) {
            return 0;
        }
        ZarrArray fsynced = ZarrArray.open(new FileSystemStore(store, true), "");
        double ratio = compressionRatio();
        warmUp(array);
        out.printf("store %s: %s, content compresses %.2fx; %d chunk threads; median of %d samples"
                + " (after %.0f s of warm-up and %d untimed samples)%n%n",
                store, COMPRESSOR, ratio, ChunkExecutor.shared().threads(), repeat, warmupSeconds, warmup);
        out.printf("%-5s %-38s %10s %10s %12s %7s%n", "case", "region", "read MB/s", "write MB/s", "write+fsync", "slower");
        out.flush();

        List<Map<String, Object>> cases = new ArrayList<>();
        for (Case c : CASES) {
            Volume buffer = Volume.allocate(DataType.UINT16, c.shape());
            Volume original = array.read(c.offset(), c.shape());
            Volume modified = flippedLowBit(original);
            int ops = (int) Math.max(1, Math.ceil(sampleMb * 1e6 / c.bytes()));
            Result read = measure(c.bytes(), ops, () -> array.readInto(c.offset(), buffer));
            Result write = measure(c.bytes(), ops, () -> array.write(c.offset(), writeCount++ % 2 == 0 ? modified : original));
            Result fsync = measure(c.bytes(), ops, () -> fsynced.write(c.offset(), writeCount++ % 2 == 0 ? modified : original));
            array.write(c.offset(), original);  // leave the store as it was for the next tool
            out.printf("%-5s %-38s %10.0f %10.0f %12.0f %6.2fx%n", c.name(), c.note(), read.mbps(), write.mbps(),
                    fsync.mbps(), write.mbps() / fsync.mbps());
            out.flush();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("note", c.note());
            row.put("offset", c.offset());
            row.put("shape", c.shape());
            row.put("bytes", c.bytes());
            row.put("ops_per_sample", ops);
            row.put("read", read);
            row.put("write", write);
            row.put("write_fsync", fsync);
            cases.add(row);
        }
        if (json != null) {
            writeJson(cases, ratio);
            out.println();
            out.println("results: " + json);
        }
        return 0;
    }

    /** Reads each case and writes the same data back, round after round, for --warmup-seconds. */
    private void warmUp(ZarrArray array) {
        List<Volume> buffers = CASES.stream().map(c -> Volume.allocate(DataType.UINT16, c.shape())).toList();
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < CASES.size(); i++) {
                array.readInto(CASES.get(i).offset(), buffers.get(i));
                array.write(CASES.get(i).offset(), buffers.get(i));
            }
        }
    }

    /** Runs {@code op} in samples of {@code ops} calls; warm-up samples are untimed. */
    private Result measure(long bytes, int ops, Runnable op) {
        for (int w = 0; w < warmup; w++) {
            for (int i = 0; i < ops; i++) {
                op.run();
            }
        }
        double[] samples = new double[repeat];
        long faults = ProcessCounters.minorFaults();
        long allocated = ProcessCounters.allocatedBytes();
        long gcMs = ProcessCounters.gcMillis();
        long cpu = ProcessCounters.cpuNanos();
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                op.run();
            }
            samples[r] = bytes * (double) ops / 1e6 / ((System.nanoTime() - t0) / 1e9);
        }
        double total = (double) repeat * ops;
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double median = repeat % 2 == 1 ? sorted[repeat / 2] : (sorted[repeat / 2 - 1] + sorted[repeat / 2]) / 2;
        return new Result(median, samples, ops, (ProcessCounters.cpuNanos() - cpu) / 1e6 / total, (ProcessCounters.minorFaults() - faults) / total,
                (ProcessCounters.allocatedBytes() - allocated) / 1e6 / total, (ProcessCounters.gcMillis() - gcMs) / total);
    }

    private ZarrArray openOrCreate(PrintWriter out) throws IOException {
        FileSystemStore fs = new FileSystemStore(store, false);
        ArrayMetadata expected = NewArray.of(2, SHAPE, CHUNKS, DataType.UINT16, COMPRESSOR).toMetadata();
        if (Files.isDirectory(store) && !isEmpty(store)) {
            String notBench = "--store " + store + " is not empty and not the bench array (512^3 uint16, chunks 64^3, "
                    + COMPRESSOR + "): give an empty or absent directory";
            ZarrArray existing;
            try {
                existing = ZarrArray.open(fs, "");
            } catch (ZarrException e) {
                throw new RelayException(notBench, e);
            }
            ArrayMetadata m = existing.metadata();
            if (!Arrays.equals(m.shape(), SHAPE) || !Arrays.equals(m.chunkShape(), CHUNKS) || m.dtype() != DataType.UINT16
                    || !m.codecs().bytesToBytes().equals(expected.codecs().bytesToBytes())) {
                throw new RelayException(notBench);
            }
            return existing;
        }
        out.printf("creating %s (512^3 uint16, %d-plane slabs) ...%n", store, SLAB);
        out.flush();
        long t0 = System.nanoTime();
        ZarrArray array = ZarrArray.create(fs, "", expected);
        Content content = new Content(42);
        Volume slab = Volume.allocate(DataType.UINT16, SLAB, (int) SHAPE[1], (int) SHAPE[2]);
        for (int z0 = 0; z0 < SHAPE[0]; z0 += SLAB) {
            content.fill(slab, z0);
            array.write(new long[] {z0, 0, 0}, slab);
        }
        out.printf("created in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return array;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private double compressionRatio() throws IOException {
        long stored;
        try (Stream<Path> files = Files.list(store)) {
            stored = files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
        return Volume.elementCount(new int[] {(int) SHAPE[0], (int) SHAPE[1], (int) SHAPE[2]}) * 2.0 / stored;
    }

    /** The same data with bit 0 of every element flipped: as compressible, but never equal. */
    private static Volume flippedLowBit(Volume v) {
        byte[] d = v.data().clone();
        for (int i = 0; i < d.length; i += 2) {
            d[i] ^= 1;
        }
        return new Volume(v.dtype(), v.shape(), d);
    }

    private void writeJson(List<Map<String, Object>> cases, double ratio) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "zarr-relay");
        root.put("store", store.toAbsolutePath().toString());
        root.put("shape", SHAPE);
        root.put("chunks", CHUNKS);
        root.put("dtype", "uint16");
        root.put("compressor", COMPRESSOR);
        root.put("compression_ratio", ratio);
        root.put("repeat", repeat);
        root.put("warmup", warmup);
        root.put("threads", ChunkExecutor.shared().threads());
        root.put("jvm", Map.of("version", System.getProperty("java.vm.version"),
                "flags", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                "max_heap_mb", Runtime.getRuntime().maxMemory() >> 20));
        root.put("cases", cases);
        Path parent = json.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
    }





    /**
     * Microscopy-like content: a smooth tissue mask holding a slowly varying background and
     * Gaussian blobs, with intensity-dependent noise; outside the mask, dark noise clipped at 0.
     * Every term is separable or per-row, so a 64-plane slab takes well under a second.
     */
    static final class Content {
        private static final int BLOBS = 24;
        private final long seed;
        private final double[][] centre = new double[BLOBS][3];
        private final double[] sigma = new double[BLOBS];
        private final double[] amplitude = new double[BLOBS];

        Content(long seed) {
            this.seed = seed;
            Random r = new Random(seed);
            for (int b = 0; b < BLOBS; b++) {
                for (int d = 0; d < 3; d++) {
                    centre[b][d] = r.nextDouble() * SHAPE[d];
                }
                sigma[b] = 12 + r.nextDouble() * 48;
                amplitude[b] = 300 + r.nextDouble() * 3700;
            }
        }

        void fill(Volume slab, int z0) {
            int ny = slab.shape(1);
            int nx = slab.shape(2);
            double[][] gx = new double[BLOBS][nx];
            for (int b = 0; b < BLOBS; b++) {
                for (int x = 0; x < nx; x++) {
                    gx[b][x] = gauss(x - centre[b][2], sigma[b]);
                }
            }
            byte[] data = slab.data();
            IntStream.range(0, slab.shape(0)).parallel().forEach(k -> {
                int z = z0 + k;
                double[] coeff = new double[BLOBS];
                int[] active = new int[BLOBS];
                for (int y = 0; y < ny; y++) {
                    SplittableRandom noise = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + (long) z * ny + y);
                    int n = 0;
                    for (int b = 0; b < BLOBS; b++) {
                        double c = amplitude[b] * gauss(z - centre[b][0], sigma[b]) * gauss(y - centre[b][1], sigma[b]);
                        if (c > 0.5) {
                            coeff[n] = c;
                            active[n++] = b;
                        }
                    }
                    double dz = (z - 256) / 250.0;
                    double dy = (y - 256) / 235.0;
                    double background = 110 + 40 * Math.sin(z / 70.0) * Math.cos(y / 90.0);
                    int at = (k * ny + y) * nx * 2;
                    for (int x = 0; x < nx; x++) {
                        double dx = (x - 256) / 250.0;
                        int r = noise.nextInt();
                        double tri = ((r & 0xffff) + (r >>> 16)) / 65536.0 - 1;  // triangular on (-1, 1)
                        double v;
                        if (dz * dz + dy * dy + dx * dx > 1) {
                            v = 6 * tri - 3;
                        } else {
                            v = background;
                            for (int i = 0; i < n; i++) {
                                v += coeff[i] * gx[active[i]][x];
                            }
                            v += tri * 1.2 * Math.sqrt(v);
                        }
                        int u = (int) Math.max(0, Math.min(65535, Math.round(v)));
                        data[at + 2 * x] = (byte) u;
                        data[at + 2 * x + 1] = (byte) (u >>> 8);
                    }
                }
            });
        }

        private static double gauss(double d, double s) {
            return Math.exp(-d * d / (2 * s * s));
        }
    }
}
