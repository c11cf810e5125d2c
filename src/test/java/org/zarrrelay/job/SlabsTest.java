package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlabsTest {
    private static final long MB = 1 << 20;

    @Test
    void slabsHoldAsManyWholePlanesAsTheBudgetAllows() {
        assertEquals(List.of(new Slabs.Slab(0, 40), new Slabs.Slab(40, 40), new Slabs.Slab(80, 20)),
                Slabs.planes(100, MB, 40 * MB, 1024 * MB));
    }

    @Test
    void onePlaneIsTheThinnestSlabEvenOverTheBudget() {
        assertEquals(List.of(new Slabs.Slab(0, 1), new Slabs.Slab(1, 1)), Slabs.planes(2, 4 * MB, MB, 1024 * MB));
    }

    @Test
    void aPlaneTheHeapCannotHoldIsRefusedWithTheNumbers() {
        RequestException e = assertThrows(RequestException.class, () -> Slabs.planes(4, 128 * MB, 32 * MB, 256 * MB));
        assertTrue(e.getMessage().contains("one plane of this region holds 128 MB") && e.getMessage().contains("(256 MB)")
                && e.getMessage().contains("-Xmx") && e.getMessage().contains("narrower"), e.getMessage());
    }
}
