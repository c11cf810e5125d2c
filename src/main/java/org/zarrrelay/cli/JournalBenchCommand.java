package org.zarrrelay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.job.ArrayOpener;
import org.zarrrelay.job.ExportService;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.Progress;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.job.WriteBack;
import org.zarrrelay.job.WritebackOptions;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.volume.Casts;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the write-back journal costs: the same file written back into the same region three ways,
 * interleaved in one process — the engine alone (chunks replaced one by one, as before the
 * journal), the transaction (snapshots, conflict check, journal, write, after-snapshots, commit)
 * and the transaction with relay.fsync=true — reported as medians and as ratios to the engine.
 * {@code bench/journal.sh} runs it.
 */
@Command(name = "journal-bench", mixinStandardHelpOptions = true,
        description = {"Times write-backs of the bench array's cases (r256 = 256^3, slab = 128x512x512) without the"
                + " journal, with it, and with it and relay.fsync=true, interleaved; prints medians and ratios.",
                "Each timed write-back follows a fresh export (untimed), so the transaction checks clean chunks, as a"
                + " result returned into an unchanged region does."})
public final class JournalBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "The bench array's directory; created with generated content when absent or empty.")
    Path store;

    @Option(names = "--repeat", defaultValue = "5", paramLabel = "N", description = "Timed write-backs per variant (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed rounds first (default ${DEFAULT-VALUE}).")
    int warmup;

    private enum Variant { ENGINE, JOURNAL, JOURNAL_FSYNC }

    public static void main(String[] args) {
        System.exit(new CommandLine(new JournalBenchCommand()).setExecutionExceptionHandler(new ErrorReporter()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (repeat < 1 || warmup < 0) {
            throw new RelayException("--repeat must be at least 1 and --warmup at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        int created = new CommandLine(new BenchCommand()).setOut(out).setErr(spec.commandLine().getErr())
                .setExecutionExceptionHandler(new ErrorReporter()).execute("--store", store.toString(), "--create-only");
        if (created != 0) {
            return created;
        }
        Path work = Files.createDirectories(store.toAbsolutePath().getParent().resolve("journal-bench"));
        out.printf("%-5s %-30s %12s %12s %12s %10s %10s%n", "case", "region", "engine s", "journal s", "+fsync s",
                "journal", "+fsync");
        for (RoundTripBenchCommand.Case c : RoundTripBenchCommand.CASES) {
            for (int w = 0; w < warmup; w++) {
                for (Variant v : Variant.values()) {
                    time(c, v, work);
                }
            }
            double[][] samples = new double[Variant.values().length][repeat];
            for (int r = 0; r < repeat; r++) {
                // alternate the order so no variant always runs after the same one
                List<Variant> order = new ArrayList<>(List.of(Variant.values()));
                if (r % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Variant v : order) {
                    samples[v.ordinal()][r] = time(c, v, work);
                }
            }
            double engine = median(samples[0]);
            double journal = median(samples[1]);
            double fsync = median(samples[2]);
            out.printf("%-5s %-30s %12.3f %12.3f %12.3f %9.2fx %9.2fx%n", c.name(), c.note(), engine, journal, fsync,
                    journal / engine, fsync / engine);
            out.flush();
        }
        out.println("(the ratios are the time of a write-back over the engine's alone: 1.10x means 10% slower)");
        out.println();
        out.printf("%-5s %-30s %12s %12s %10s%n", "case", "export", "engine s", "job s", "job");
        for (RoundTripBenchCommand.Case c : RoundTripBenchCommand.CASES) {
            double[] engine = new double[repeat];
            double[] job = new double[repeat];
            for (int r = 0; r < warmup + repeat; r++) {
                double e = timeExport(c, work, false);
                double j = timeExport(c, work, true);
                if (r >= warmup) {
                    engine[r - warmup] = e;
                    job[r - warmup] = j;
                }
            }
            out.printf("%-5s %-30s %12.3f %12.3f %9.2fx%n", c.name(), "to npy, and the merge base", median(engine),
                    median(job), median(job) / median(engine));
            out.flush();
        }
        out.println("(an export as a job also snapshots the chunks it reads, with their fingerprints, as the merge base)");
        return 0;
    }

    /** One export of the case to npy, timed: the engine's alone, or as a job with its merge base. */
    private double timeExport(RoundTripBenchCommand.Case c, Path work, boolean asJob) throws IOException {
        String location = store.toAbsolutePath().toString();
        ArrayOpener opener = new ArrayOpener(false, ChunkExecutor.shared());
        ExportService exporter = new ExportService(ExportService.DEFAULT_SLAB_BYTES, opener);
        String id = "export-" + c.name() + "-" + System.nanoTime();
        Path file = work.resolve(id + ".npy");
        long t0 = System.nanoTime();
        if (asJob) {
            exporter.exportJob(new RegionRequest(id, "bench.zarr", "", c.region().toString(), Formats.byName("npy"), null,
                    null, WritebackOptions.NONE), "bench.zarr", location, file, Progress.NONE);
        } else {
            // unsynced, as the job's export is with relay.fsync=false
            exporter.export(opener.open(location, ""), c.region(), Formats.byName("npy"), file, id, false, Progress.NONE);
        }
        long t1 = System.nanoTime();
        Files.deleteIfExists(file);
        new FileSystemStore(store).deleteFolder(StoreArea.ROOT);
        return (t1 - t0) / 1e9;
    }

    /** One untimed export as a job, then its write-back timed. */
    private double time(RoundTripBenchCommand.Case c, Variant v, Path work) throws IOException {
        String location = store.toAbsolutePath().toString();
        ArrayOpener opener = new ArrayOpener(v == Variant.JOURNAL_FSYNC, ChunkExecutor.shared());
        ExportService exporter = new ExportService(ExportService.DEFAULT_SLAB_BYTES, opener);
        WritebackService engine = new WritebackService();
        String id = "bench-" + c.name() + "-" + System.nanoTime();
        Path file = work.resolve(id + ".npy");
        Job job = exporter.exportJob(new RegionRequest(id, "bench.zarr", "", c.region().toString(), Formats.byName("npy"),
                null, null, WritebackOptions.NONE), "bench.zarr", location, file, Progress.NONE);
        long t0;
        long t1;
        if (v == Variant.ENGINE) {
            ZarrArray array = opener.open(location, "");
            t0 = System.nanoTime();
            try (VolumeReader reader = Formats.forFile(file.getFileName().toString()).open(file)) {
                engine.write(array, c.region(), reader, file.getFileName().toString(), Casts.Mode.LOSSLESS, null, Progress.NONE);
            }
            t1 = System.nanoTime();
        } else {
            WriteBack writeBack = new WriteBack(engine, v == Variant.JOURNAL_FSYNC, "bench");
            t0 = System.nanoTime();
            writeBack.run(job, opener.store(location), opener.executor(location), file, WritebackOptions.NONE, null,
                    Progress.NONE);
            t1 = System.nanoTime();
        }
        Files.deleteIfExists(file);
        // untimed: the journal's undo data and the base would otherwise pile up round after round
        new FileSystemStore(store).deleteFolder(StoreArea.ROOT);
        return (t1 - t0) / 1e9;
    }

    private static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
