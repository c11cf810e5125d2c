package org.zarrrelay.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.testing.S3TestServer;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.S3Clients;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;
import org.zarrrelay.zarr.store.Store;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Fixture arrays written by other tools, copied object by object into S3, read and written
 * through {@link S3Store} exactly as through a directory: same voxels, same result of a partial
 * write, with many chunk requests in flight at once.
 */
class S3ZarrArrayTest {
    private static final String BUCKET = "fixtures";
    private static S3TestServer server;
    private static ChunkExecutor executor;
    private static S3Client client;
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger mostInFlight = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = S3TestServer.start();
        server.createBucket(BUCKET);
        executor = new ChunkExecutor(16);
        ExecutionInterceptor gauge = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                inFlight.decrementAndGet();
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                inFlight.decrementAndGet();
            }
        };
        S3ClientBuilder b = S3Clients.builder(server.settings());
        client = b.overrideConfiguration(b.overrideConfiguration().toBuilder().addExecutionInterceptor(gauge).build()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    /** Copies every file of a fixture store to S3 under {@code prefix}, one object per key. */
    private static void upload(Path store, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(store)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty(), "no files in " + store);
        for (Path f : files) {
            String key = store.relativize(f).toString().replace('\\', '/');
            server.putObject(BUCKET, prefix + "/" + key, Files.readAllBytes(f));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static int[] whole(ZarrArray a) {
        return Arrays.stream(a.metadata().shape()).mapToInt(n -> (int) n).toArray();
    }

    private static Volume readAll(ZarrArray a) {
        return a.read(new long[a.metadata().shape().length], whole(a));
    }

    private static Volume random(DataType t, int[] shape, Random rnd) {
        Volume v = Volume.allocate(t, shape);
        rnd.nextBytes(v.data());
        if (t == DataType.BOOL) {
            for (int i = 0; i < v.elementCount(); i++) {
                v.setLong(i, v.getLong(i) & 1);
            }
        }
        return v;
    }

    private static ZarrArray open(Store store) {
        return ZarrArray.open(store, "", CodecRegistry.DEFAULT, executor);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v2/v2_u1_blosc_lz4_noshuffle", "v2/v2_i2_blosc_zstd_F", "v3/v3z_float32_blosc_lz4_shuffle_fillnan",
            "v3/v3s_int32_zlib_dotkey", "v3/v3s_shard_end_float32_blosc", "v3/v3s_shard_start_uint16"})
    void readsAndWritesLikeTheSameStoreOnDisk(String fixture) throws IOException {
        Path source = FixtureReadTest.fixtures().resolve(fixture);
        String prefix = fixture.replace('_', '-');
        upload(source, prefix);
        Path disk = dir.resolve("copy");
        copyTree(source, disk);

        S3Store s3 = new S3Store(client, new S3Location(BUCKET, prefix));
        assertEquals(new FileSystemStore(source).list(""), s3.list(""));
        mostInFlight.set(0);
        ZarrArray inS3 = open(s3);
        ZarrArray onDisk = open(new FileSystemStore(disk));
        Volume before = readAll(onDisk);
        assertArrayEquals(before.data(), readAll(inS3).data(), "every voxel read from S3 equals the one read from disk");

        int[] whole = whole(onDisk);
        int rank = whole.length;
        Random rnd = new Random(fixture.hashCode());
        int[] size = new int[rank];
        long[] at = new long[rank];
        int[] atInt = new int[rank];
        int[] chunks = onDisk.metadata().chunkShape();
        for (int d = 0; d < rank; d++) {
            // starts inside a chunk and crosses at least one chunk boundary where the axis has two chunks
            atInt[d] = Math.min(1 + rnd.nextInt(Math.max(1, chunks[d] - 1)), whole[d] - 1);
            size[d] = Math.max(1, Math.min(whole[d] - atInt[d] - 1, chunks[d] + 1 + rnd.nextInt(chunks[d])));
            at[d] = atInt[d];
        }
        Volume patch = random(onDisk.metadata().dtype(), size, rnd);
        inS3.write(at, patch);
        onDisk.write(at, patch);

        Volume expected = Volume.allocate(before.dtype(), whole);
        System.arraycopy(before.data(), 0, expected.data(), 0, before.data().length);
        BoxCopy.copy(patch, new int[rank], expected, atInt, size);
        assertTrue(mostInFlight.get() > 1, "the 16 chunk threads never had two requests in flight at once");
        Volume fromS3 = readAll(open(s3));
        assertArrayEquals(readAll(open(new FileSystemStore(disk))).data(), fromS3.data(), "S3 and disk differ after the same write");
        assertArrayEquals(expected.data(), fromS3.data(), "the box holds the patch and every other voxel kept its value");
        assertTrue(server.keys(BUCKET, prefix + "/").size() >= new FileSystemStore(source).list("").size());
    }
}
