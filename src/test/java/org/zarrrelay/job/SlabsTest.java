package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlabsTest {
    private static final long MB = 1 << 20;

    @Test
    void slabsFollowChunkBoundariesUnderTheBudget() {
        // 1 MB planes, chunks 16 deep, 40 MB budget: two chunk layers per slab, the first one short
        List<Slabs.Slab> slabs = Slabs.plan(8, 100, 16, MB, 40 * MB, 1024 * MB);
        assertEquals(List.of(new Slabs.Slab(8, 24), new Slabs.Slab(32, 32), new Slabs.Slab(64, 32), new Slabs.Slab(96, 12)),
                slabs);
    }

    @Test
    void aChunkLayerIsTheThinnestSlabEvenOverTheBudget() {
        assertEquals(List.of(new Slabs.Slab(0, 16), new Slabs.Slab(16, 16)), Slabs.plan(0, 32, 16, MB, MB, 1024 * MB));
    }

    @Test
    void aChunkLayerTheHeapCannotHoldIsRefusedWithTheNumbers() {
        // 64 planes of 64 MB (64 x 8192 x 4096 uint16 in 64^3 chunks) with a 256 MB heap
        RequestException e = assertThrows(RequestException.class,
                () -> Slabs.plan(0, 64, 64, 64 * MB, 32 * MB, 256 * MB));
        // a slab is one Java array, so at most 31 planes of 64 MB
        assertTrue(e.getMessage().contains("31 planes of 64 MB = 1984 MB"), e.getMessage());
        assertTrue(e.getMessage().contains("Java heap (256 MB)") && e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void aShortRegionOnlyNeedsItsOwnPlanes() {
        // 4 planes of a chunk 64 deep: 4 x 16 MB = 64 MB fits a 256 MB heap
        assertEquals(List.of(new Slabs.Slab(0, 4)), Slabs.plan(0, 4, 64, 16 * MB, 32 * MB, 256 * MB));
    }
}
