package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.Region;

class TilesTest {
    private static final long MB = 1 << 20;
    private static final long GB = 1024 * MB;

    @Test
    void planesThatFitAreCutAlongTheFirstAxisOnChunkBoundaries() {
        // 8 x 64 x 64 uint16 planes, chunks 16 deep, a budget of two chunk layers: the first one short
        Region box = Region.of(new long[] {8, 0, 0}, new int[] {100, 64, 64});
        List<Region> tiles = Tiles.plan(box.offset(), box.shape(), new int[] {16, 32, 32}, 2, 2 * 16 * 64 * 64 * 2, GB);
        assertEquals(List.of(Region.of(new long[] {8, 0, 0}, new int[] {24, 64, 64}),
                Region.of(new long[] {32, 0, 0}, new int[] {32, 64, 64}),
                Region.of(new long[] {64, 0, 0}, new int[] {32, 64, 64}),
                Region.of(new long[] {96, 0, 0}, new int[] {12, 64, 64})), tiles);
        assertTrue(Tiles.wholeAfter(tiles, box, 0));
    }

    @Test
    void aWideRegionIsCutAlongEveryAxisItNeeds() {
        // 64 x 8192 x 4096 uint16 in 64^3 chunks with a 32 MB budget: one chunk layer is 4 GB, a chunk row 32 MB
        Region box = Region.of(new long[] {0, 0, 0}, new int[] {64, 8192, 4096});
        List<Region> tiles = Tiles.plan(box.offset(), box.shape(), new int[] {64, 64, 64}, 2, 32 * MB, 256 * MB);
        assertEquals(128, tiles.size());
        assertEquals(Region.of(new long[] {0, 64, 0}, new int[] {64, 64, 4096}), tiles.get(1));
        assertFalse(Tiles.wholeAfter(tiles, box, 0));
        // and along x too when one chunk row is over the budget
        tiles = Tiles.plan(box.offset(), box.shape(), new int[] {64, 64, 64}, 2, 4 * MB, 256 * MB);
        assertEquals(128 * 8, tiles.size());
        assertEquals(Region.of(new long[] {0, 0, 512}, new int[] {64, 64, 512}), tiles.get(1));
        long covered = tiles.stream().mapToLong(Region::elementCount).sum();
        assertEquals(box.elementCount(), covered, "the tiles cover the box once");
    }

    @Test
    void tilesStartAndEndOnChunkBoundariesInsideAnUnalignedBox() {
        Region box = Region.of(new long[] {5, 10, 3}, new int[] {20, 50, 7});
        List<Region> tiles = Tiles.plan(box.offset(), box.shape(), new int[] {8, 16, 4}, 1, 8 * 16 * 7, GB);
        for (Region t : tiles) {
            for (int d = 0; d < 3; d++) {
                long lo = t.offset()[d];
                long hi = lo + t.shape()[d];
                int c = new int[] {8, 16, 4}[d];
                assertTrue(lo == box.offset()[d] || lo % c == 0, "tile " + t + " starts on a chunk boundary");
                assertTrue(hi == box.offset()[d] + box.shape()[d] || hi % c == 0, "tile " + t + " ends on one");
            }
        }
        assertArrayEquals(new long[] {5, 10, 3}, tiles.get(0).offset());
        assertEquals(box.elementCount(), tiles.stream().mapToLong(Region::elementCount).sum());
    }

    @Test
    void aChunkTheHeapCannotHoldIsRefusedWithTheNumbers() {
        RequestException e = assertThrows(RequestException.class, () -> Tiles.plan(new long[] {0, 0, 0},
                new int[] {512, 512, 512}, new int[] {512, 512, 512}, 2, 32 * MB, 256 * MB));
        assertTrue(e.getMessage().contains("one chunk of this array holds 256 MB") && e.getMessage().contains("-Xmx"),
                e.getMessage());
    }
}
