// Region read/write throughput of our engine on an S3 store (S3Proxy on loopback, filesystem
// blobs) against the same store on local disk, in one process: how much the pool of chunk
// requests in flight (relay.s3.max-connections) buys over one thread per core.
// Run with bench/s3.sh; prints a table of medians and ratios. It reports; it does not judge.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.zarrrelay.testing.S3TestServer;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;
import org.zarrrelay.zarr.store.Store;

public class S3Bench {
    static final int N = 256;
    static final int REPEAT = Integer.getInteger("repeat", 5);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("zarr-relay-s3bench");
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        try (S3TestServer s3 = S3TestServer.startOnDisk(blobs)) {
            s3.createBucket("bench");
            Store local = new FileSystemStore(dir.resolve("local.zarr"));
            Store remote = new S3Store(s3.client(), S3Location.parse("s3://bench/remote.zarr"));
            Volume v = Volume.allocate(DataType.UINT16, N, N, N);
            for (int i = 0; i < v.elementCount(); i++) {
                v.setLong(i, (i * 2654435761L >>> 20) & 0x0fff);  // compressible but not trivial
            }
            int cores = Runtime.getRuntime().availableProcessors();
            ChunkExecutor perCore = new ChunkExecutor(cores);
            ChunkExecutor wide = new ChunkExecutor(32);
            var meta = NewArray.of(3, new long[] {N, N, N}, new int[] {64, 64, 64}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata();
            ZarrArray.create(local, "a", meta);
            ZarrArray.create(remote, "a", meta);
            double mb = v.data().length / 1e6;
            System.out.printf("256^3 uint16 (%.0f MB), 64^3 chunks, blosc lz4; %d cores; median of %d%n", mb, cores, REPEAT);
            System.out.println("case                         write MB/s   read MB/s");
            double[] disk = run("disk, " + cores + " threads", local, perCore, v, mb);
            double[] narrow = run("S3, " + cores + " threads", remote, perCore, v, mb);
            double[] many = run("S3, 32 requests in flight", remote, wide, v, mb);
            System.out.printf("S3 with 32 in flight vs %d: write %.2fx, read %.2fx%n", cores, many[0] / narrow[0], many[1] / narrow[1]);
            System.out.printf("S3 with 32 in flight vs disk: write %.2fx, read %.2fx%n", many[0] / disk[0], many[1] / disk[1]);
        }
    }

    static double[] run(String name, Store store, ChunkExecutor pool, Volume v, double mb) {
        ZarrArray a = ZarrArray.open(store, "a", CodecRegistry.DEFAULT, pool);
        double[] w = new double[REPEAT];
        double[] r = new double[REPEAT];
        a.write(new long[3], v);  // warm-up
        a.read(new long[3], new int[] {N, N, N});
        for (int i = 0; i < REPEAT; i++) {
            long t0 = System.nanoTime();
            a.write(new long[3], v);
            long t1 = System.nanoTime();
            Volume back = a.read(new long[3], new int[] {N, N, N});
            long t2 = System.nanoTime();
            if (!Arrays.equals(back.data(), v.data())) {
                throw new IllegalStateException(name + ": read back differs from what was written");
            }
            w[i] = mb / ((t1 - t0) / 1e9);
            r[i] = mb / ((t2 - t1) / 1e9);
        }
        Arrays.sort(w);
        Arrays.sort(r);
        double[] med = {w[REPEAT / 2], r[REPEAT / 2]};
        System.out.printf("%-28s %10.0f %11.0f%n", name, med[0], med[1]);
        return med;
    }
}
