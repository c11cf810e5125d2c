package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zarrrelay.testing.S3TestServer;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.codec.CodecRegistry;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Reading a small box of a sharded array from S3 fetches the shard index and the inner chunks it
 * needs with ranged GETs, never the whole shard: what makes sharding worth it over a network.
 */
class S3ShardedReadTest {
    private static final long[] SHAPE = {64, 64, 64};
    private static final int[] SHARD = {32, 32, 32};
    private static final int[] INNER = {8, 8, 8};
    private static final int SHARD_BYTES = 32 * 32 * 32 * 2;

    private static S3TestServer server;
    private static final List<SdkHttpRequest> gets = new CopyOnWriteArrayList<>();
    private static S3Client counted;

    @BeforeAll
    static void start() {
        server = S3TestServer.start();
        server.createBucket("sharded");
        S3ClientBuilder b = S3Clients.builder(server.settings());
        ExecutionInterceptor recordGets = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.httpRequest().method() == SdkHttpMethod.GET) {
                    gets.add(context.httpRequest());
                }
            }
        };
        counted = b.overrideConfiguration(b.overrideConfiguration().toBuilder().addExecutionInterceptor(recordGets).build()).build();
    }

    @AfterAll
    static void stop() {
        counted.close();
        server.close();
    }

    /** Bytes a ranged GET asks for; the whole object when it has no Range header. */
    private static long requested(SdkHttpRequest r) {
        String range = r.firstMatchingHeader("Range").orElse(null);
        if (range == null) {
            return Long.MAX_VALUE;
        }
        String spec = range.substring("bytes=".length());
        if (spec.startsWith("-")) {
            return Long.parseLong(spec.substring(1));
        }
        String[] ends = spec.split("-");
        return Long.parseLong(ends[1]) - Long.parseLong(ends[0]) + 1;
    }

    @Test
    void aSmallBoxFetchesOnlyByteRangesOfItsShard() {
        S3Location where = new S3Location("sharded", "img.zarr");
        NewArray kind = new NewArray(3, SHAPE, INNER, DataType.UINT16, "none", 'C', null, SHARD, false, false,
                ByteOrder.LITTLE_ENDIAN, "0");
        Volume all = Volume.allocate(DataType.UINT16, 64, 64, 64);
        new Random(7).nextBytes(all.data());
        ZarrArray.create(new S3Store(server.client(), where), "", kind.toMetadata()).write(new long[3], all);
        assertEquals(8, server.keys("sharded", "img.zarr/c/").size(), "one object per shard");

        ZarrArray array = ZarrArray.open(new S3Store(counted, where), "", CodecRegistry.DEFAULT, new ChunkExecutor(4));
        gets.clear();
        int[] size = {6, 3, 6};
        long[] at = {5, 10, 12};   // crosses inner chunks on axes 0 and 2, all in shard 0/0/0
        Volume box = array.read(at, size);

        Volume expected = Volume.allocate(DataType.UINT16, size);
        BoxCopy.copy(all, new int[] {5, 10, 12}, expected, new int[3], size);
        assertArrayEquals(expected.data(), box.data());
        assertTrue(gets.stream().allMatch(r -> r.encodedPath().endsWith("/img.zarr/c/0/0/0")), gets.toString());
        assertTrue(gets.stream().allMatch(r -> r.firstMatchingHeader("Range").isPresent()), "a GET without Range: " + gets);
        long bytes = gets.stream().mapToLong(S3ShardedReadTest::requested).sum();
        // the index (64 inner chunks x 16 bytes + crc32c) once, then the 4 inner chunks of 1 KiB the box touches
        assertEquals(5, gets.size(), gets.toString());
        assertEquals(64 * 16 + 4 + 4 * 1024L, bytes, "bytes requested of a " + SHARD_BYTES + "-byte shard");
        assertTrue(gets.stream().anyMatch(r -> r.firstMatchingHeader("Range").orElse("").startsWith("bytes=-")),
                "the index at the end of the shard is read as a suffix: " + gets);
    }
}
