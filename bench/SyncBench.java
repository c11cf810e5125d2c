// What syncing a durable write-back's new chunk files costs, three ways, in one process:
// FileSystemStore.sync as it is (fdatasync of the files on up to 16 threads at once, then the
// folders), one fsync after another (what it did before 2026-11-30), and one fdatasync after another.
// Each round writes N fresh chunk files of the given size through the store, unsynced, and syncs
// them one way, three times per round (the order rotating by round). Prints medians and ratios to
// the first. It reports; it does not judge.
// Run with bench/sync.sh.
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.zarrrelay.zarr.store.FileSystemStore;

public class SyncBench {
    public static void main(String[] args) throws Exception {
        int files = Integer.parseInt(args[0]);
        int bytes = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path root = Files.createTempDirectory(Path.of(args[3]), "sync-bench");
        FileSystemStore store = new FileSystemStore(root);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            keys.add("c/" + (i / 16) + "/" + (i % 16));
        }
        Random random = new Random(42);
        byte[] value = new byte[bytes];
        String[] ways = {"FileSystemStore.sync", "one fsync after another", "one fdatasync after another"};
        double[][] ms = new double[ways.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < ways.length; turn++) {
                int way = (round + turn) % ways.length;
                for (String key : keys) {
                    random.nextBytes(value);
                    store.put(key, value);
                }
                long start = System.nanoTime();
                switch (way) {
                    case 0 -> store.sync(keys);
                    case 1 -> syncOneByOne(root, keys, true);
                    default -> syncOneByOne(root, keys, false);
                }
                ms[way][round] = (System.nanoTime() - start) / 1e6;
            }
        }
        System.out.printf("%d files of %d bytes, %d rounds%n", files, bytes, rounds);
        for (double[] m : ms) {
            Arrays.sort(m);
        }
        for (int way = 0; way < ways.length; way++) {
            double[] m = ms[way];
            System.out.printf("%-28s median %7.1f ms (%.1f-%.1f)  %.2fx the first%n", ways[way], m[rounds / 2], m[0],
                    m[rounds - 1], m[rounds / 2] / ms[0][rounds / 2]);
        }
    }

    /** fsync (or fdatasync) of each file, then fsync of each folder, one after another. */
    static void syncOneByOne(Path root, List<String> keys, boolean metadata) throws Exception {
        Set<Path> folders = new LinkedHashSet<>();
        for (String key : keys) {
            Path p = root.resolve(key);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                ch.force(metadata);
            }
            folders.add(p.getParent());
        }
        for (Path folder : folders) {
            try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }
}
