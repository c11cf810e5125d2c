package org.zarrrelay.format.ometiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.volume.DataType;

/**
 * What the format is called and accepts: "ome-tiff" in requests, {@code <id>.ome.tif} exports,
 * found by {@code .ome.tif} / {@code .ome.tiff} before plain TIFF claims the name; the eight OME
 * pixel types zarr-relay has (no bool, no 64-bit integers) and 2 or 3 axes, refused before a file
 * is started.
 */
class OmeTiffFormatTest {
    @TempDir
    Path dir;

    @Test
    void namesAndExtensions() {
        OmeTiffFormat f = new OmeTiffFormat();
        assertEquals("ome-tiff", f.name());
        assertEquals("ome.tif", f.extension(), "exports are <id>.ome.tif");
        assertEquals(f.name(), Formats.byName("OME-TIFF").name());
        for (String name : new String[] {"a.ome.tif", "job-1-blurred.OME.TIF", "b.ome.tiff"}) {
            assertEquals("ome-tiff", Formats.forFile(name).name(), name);
        }
        for (String name : new String[] {"a.tif", "a.tiff", "home.tif", "a.ome.tif.npy"}) {
            assertFalse(f.matches(name), name);
        }
        assertEquals("tiff", Formats.forFile("home.tif").name());
    }

    @Test
    void typesAnOmeTiffHolds() {
        OmeTiffFormat f = new OmeTiffFormat();
        for (DataType t : DataType.values()) {
            boolean held = t != DataType.BOOL && t != DataType.INT64 && t != DataType.UINT64;
            assertEquals(held, f.supports(t), t.numpyName());
        }
        RelayException e = assertThrows(RelayException.class,
                () -> f.create(dir.resolve("x.ome.tif"), DataType.UINT64, new long[] {2, 3}, FileInfo.NONE));
        assertTrue(e.getMessage().contains("not uint64: ask for \"format\": \"npy\" instead"), e.getMessage());
        RelayException axes = assertThrows(RelayException.class,
                () -> f.create(dir.resolve("x.ome.tif"), DataType.UINT8, new long[] {2, 2, 3, 4}, FileInfo.NONE));
        assertTrue(axes.getMessage().contains("holds 2 or 3 axes (z, y, x), but the region has 4"), axes.getMessage());
        assertEquals(0, dir.toFile().list().length, "nothing was started");
    }
}
