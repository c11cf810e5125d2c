package org.zarrrelay.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Random region writes and reads against an in-memory model of the whole array, for every kind of
 * array we can create: what is read back must equal the model everywhere, so every element
 * outside each written box kept its value.
 */
class ZarrArrayRoundTripTest {
    private static final long[] SHAPE = {23, 31, 17};

    @TempDir
    Path dir;

    static Stream<Arguments> kinds() {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        return Stream.of(
                Arguments.of("v2 C uint16", new NewArray(2, SHAPE, new int[] {8, 8, 8}, DataType.UINT16, "none", 'C', '.', null, false, false, le, "0")),
                Arguments.of("v2 F int32 slash", new NewArray(2, SHAPE, new int[] {5, 7, 6}, DataType.INT32, "none", 'F', '/', null, false, false, le, "-7")),
                Arguments.of("v2 big-endian float64", new NewArray(2, SHAPE, new int[] {10, 10, 10}, DataType.FLOAT64, "none", 'C', '.', null, false, false, be, "NaN")),
                Arguments.of("v3 uint8", new NewArray(3, SHAPE, new int[] {8, 8, 8}, DataType.UINT8, "none", 'C', null, null, false, false, le, "0")),
                Arguments.of("v3 F big int16 dot", new NewArray(3, SHAPE, new int[] {4, 9, 8}, DataType.INT16, "none", 'F', '.', null, false, false, be, "3")),
                Arguments.of("v3 sharded end", new NewArray(3, SHAPE, new int[] {4, 4, 4}, DataType.UINT16, "none", 'C', null, new int[] {8, 16, 8}, false, false, le, "0")),
                Arguments.of("v3 sharded start float32", new NewArray(3, SHAPE, new int[] {4, 8, 4}, DataType.FLOAT32, "none", 'C', null, new int[] {12, 16, 8}, true, false, le, "0")),
                Arguments.of("v3 sharded uint64 big", new NewArray(3, SHAPE, new int[] {5, 5, 5}, DataType.UINT64, "none", 'C', null, new int[] {10, 10, 10}, false, false, be, "1")));
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void randomWritesReadBackAsTheModel(String name, NewArray kind) {
        FileSystemStore store = new FileSystemStore(dir.resolve("s.zarr"));
        ZarrArray array = ZarrArray.create(store, "img", kind.toMetadata());
        ZarrArray reopened = ZarrArray.open(store, "img");
        assertEquals(kind.zarrFormat(), reopened.metadata().zarrFormat());

        int[] whole = {(int) SHAPE[0], (int) SHAPE[1], (int) SHAPE[2]};
        Volume model = array.read(new long[3], whole);
        Volume filled = Volume.allocate(kind.dtype(), whole);
        filled.fill(array.metadata().fillElement());
        assertTrue(model.contentEquals(filled), "a fresh array reads as its fill value");

        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < 12; i++) {
            int[] size = new int[3];
            long[] at = new long[3];
            for (int d = 0; d < 3; d++) {
                size[d] = 1 + rnd.nextInt(whole[d]);
                at[d] = rnd.nextInt(whole[d] - size[d] + 1);
            }
            Volume patch = random(kind.dtype(), size, rnd);
            reopened.write(at, patch);
            BoxCopy.copy(patch, new int[3], model, new int[] {(int) at[0], (int) at[1], (int) at[2]}, size);
            Volume back = ZarrArray.open(store, "img").read(new long[3], whole);
            assertArrayEquals(model.data(), back.data(), "after write " + i + " at " + java.util.Arrays.toString(at));
        }
        for (int i = 0; i < 10; i++) {
            int[] size = new int[3];
            long[] at = new long[3];
            for (int d = 0; d < 3; d++) {
                size[d] = 1 + rnd.nextInt(whole[d]);
                at[d] = rnd.nextInt(whole[d] - size[d] + 1);
            }
            Volume part = reopened.read(at, size);
            Volume expected = Volume.allocate(kind.dtype(), size);
            BoxCopy.copy(model, new int[] {(int) at[0], (int) at[1], (int) at[2]}, expected, new int[3], size);
            assertArrayEquals(expected.data(), part.data());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void chunksOutsideTheWrittenBoxAreNotRewritten(String name, NewArray kind) {
        FileSystemStore store = new FileSystemStore(dir.resolve("u.zarr"));
        ZarrArray array = ZarrArray.create(store, "", kind.toMetadata());
        int[] whole = {(int) SHAPE[0], (int) SHAPE[1], (int) SHAPE[2]};
        array.write(new long[3], random(kind.dtype(), whole, new Random(3)));
        Map<String, byte[]> before = new HashMap<>();
        for (String key : store.list("")) {
            before.put(key, store.get(key));
        }
        array.write(new long[] {0, 0, 0}, random(kind.dtype(), new int[] {1, 1, 1}, new Random(4)));
        int changed = 0;
        for (String key : store.list("")) {
            if (!java.util.Arrays.equals(before.get(key), store.get(key))) {
                changed++;
                assertTrue(key.endsWith("0.0.0") || key.endsWith("0/0/0"), "only the first chunk may change, but " + key + " did");
            }
        }
        assertEquals(1, changed);
    }
}
