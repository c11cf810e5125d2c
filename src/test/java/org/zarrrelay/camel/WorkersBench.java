package org.zarrrelay.camel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * bench/workers.sh: jobs per minute and MB/s of queued round trips with 1, 2, 3, ... worker
 * processes against S3Proxy (WorkerCluster: PostgreSQL ledger, Artemis broker, S3Proxy in this
 * JVM), with the CPU seconds each part used and the S3 requests each job cost. Every request goes
 * to the queue at once; each result goes back through the S3 returns prefix as soon as the ledger
 * shows its job exported.
 *
 * <p>Arguments: ledger-url work-folder postgres-data-folder arrays jobs-per-array z y x workers...
 */
public final class WorkersBench {
    private WorkersBench() {
    }

    public static void main(String[] args) throws Exception {
        String ledgerUrl = args[0];
        Path work = Path.of(args[1]).toAbsolutePath();
        Path pgData = Path.of(args[2]);
        int arrays = Integer.parseInt(args[3]);
        int jobsPerArray = Integer.parseInt(args[4]);
        int[] shape = {Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7])};
        int[] chunks = {Math.min(32, shape[0]), Math.min(64, shape[1]), Math.min(64, shape[2])};
        System.out.printf(Locale.ROOT, "%d arrays of %s uint16 (chunks %s, blosc lz4), %d jobs each; a job's region is"
                        + " %d x %d x %d (%.1f MB); %d cores%n", arrays, dims(shape), dims(chunks), jobsPerArray, shape[0],
                shape[1] / 2, shape[2], 2.0 * shape[0] * (shape[1] / 2) * shape[2] / 1e6,
                Runtime.getRuntime().availableProcessors());
        for (int a = 8; a < args.length; a++) {
            run(Integer.parseInt(args[a]), ledgerUrl, work.resolve("w" + args[a]), pgData, arrays, jobsPerArray, shape, chunks);
        }
    }

    private static void run(int workers, String ledgerUrl, Path dir, Path pgData, int arrays, int jobsPerArray, int[] shape,
                            int[] chunks) throws Exception {
        Files.createDirectories(dir);
        try (WorkerCluster c = new WorkerCluster(dir, ledgerUrl, arrays, shape, chunks, true)) {
            c.startWorkers(workers, "1g", 3600);
            // idle: what polling the inbox and returns prefixes costs without any job
            Map<String, Long> idle0 = c.blobs.snapshot();
            Thread.sleep(5000);
            double listsPerSecond = (c.blobs.snapshot().get("LIST") - idle0.get("LIST")) / 5.0;

            List<WorkerCluster.PlannedJob> jobs = c.plan(jobsPerArray);
            double[] cpu0 = workerCpu(c);
            double self0 = selfCpu();
            double pg0 = postgresCpu(pgData);
            long[] machine0 = machineCpu();
            Map<String, Long> s3before = c.blobs.snapshot();
            long t0 = System.nanoTime();
            for (WorkerCluster.PlannedJob j : jobs) {
                c.send(j);
            }
            c.deliver(jobs, dir.resolve("lab"), 0, n -> { }, 1_800_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> s3 = c.blobs.snapshot();
            double[] cpu1 = workerCpu(c);
            double self = selfCpu() - self0;
            double pg = postgresCpu(pgData) - pg0;
            long[] machine1 = machineCpu();

            int n = jobs.size();
            WorkerCluster.PlannedJob j0 = jobs.get(0);
            double regionMb = 2.0 * j0.size()[0] * j0.size()[1] * j0.size()[2] / 1e6;
            double workerCpu = 0;
            for (int i = 0; i < workers; i++) {
                workerCpu += cpu1[i] - cpu0[i];
            }
            double busy = (double) (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]);
            StringBuilder perJob = new StringBuilder();
            for (String k : List.of("GET", "PUT", "HEAD", "LIST", "COPY", "DELETE")) {
                perJob.append(String.format(Locale.ROOT, " %s %.1f", k, (s3.get(k) - s3before.get(k)) / (double) n));
            }
            System.out.printf(Locale.ROOT, "%d worker(s): %d jobs in %.1f s = %.1f jobs/min, %.1f MB/s (region exported +"
                            + " written back: %.1f MB per job)%n", workers, n, seconds, n / seconds * 60,
                    2 * regionMb * n / seconds, 2 * regionMb);
            System.out.printf(Locale.ROOT, "  CPU seconds per job: workers %.2f, S3Proxy+broker+lab side %.2f, PostgreSQL %.3f;"
                            + " machine busy %.0f%% of %d cores (other users included)%n", workerCpu / n, self / n, pg / n,
                    100 * busy, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  S3 requests per job (the lab side's GET of the export and PUT of the result"
                            + " included):%s; MB put %.2f, got %.2f; idle polling: %.1f LIST/s for %d worker(s)%n", perJob,
                    (s3.get("bytesPut") - s3before.get("bytesPut")) / 1e6 / n,
                    (s3.get("bytesGot") - s3before.get("bytesGot")) / 1e6 / n, listsPerSecond, workers);
        }
    }

    private static String dims(int[] s) {
        return s[0] + " x " + s[1] + " x " + s[2];
    }

    private static double[] workerCpu(WorkerCluster c) {
        double[] out = new double[c.workers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.workers.get(i).cpuSeconds();
        }
        return out;
    }

    private static double selfCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** CPU seconds of the PostgreSQL server whose data folder is {@code data}: its postmaster and every child. */
    private static double postgresCpu(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return 0;
        }
        String postmaster = Files.readAllLines(pidFile).get(0).trim();
        Map<String, Double> cpu = new TreeMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (p.getFileName().toString().equals(postmaster) || f[1].equals(postmaster)) {
                        cpu.put(p.getFileName().toString(), (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        }
        return cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Busy and total jiffies of all cores, from /proc/stat. */
    private static long[] machineCpu() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }
}
