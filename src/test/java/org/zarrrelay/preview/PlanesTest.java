package org.zarrrelay.preview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/** Planes of an array: a maximum projection over z, a slice, leading axes at 0; and the PNG of one. */
class PlanesTest {
    @TempDir
    Path dir;

    @Test
    void theProjectionIsTheMaximumOverZOfEveryColumn() {
        int[] shape = {9, 5, 7};
        ZarrArray a = array("a", new long[] {9, 5, 7}, new int[] {4, 4, 4});
        Volume v = Volume.allocate(DataType.INT16, shape);
        Random rnd = new Random(3);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, rnd.nextInt(2000) - 1000);
        }
        a.write(new long[3], v);
        GrayPlane max = Planes.maxProjection(a);
        assertEquals(7, max.width());
        assertEquals(5, max.height());
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                long want = Long.MIN_VALUE;
                for (int z = 0; z < 9; z++) {
                    want = Math.max(want, v.getLong(v.index(z, y, x)));
                }
                assertEquals(want, max.at(x, y), "column y=" + y + " x=" + x);
            }
        }
        GrayPlane slice = Planes.slice(a, 4);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                assertEquals(v.getLong(v.index(4, y, x)), slice.at(x, y));
            }
        }
        PreviewException outside = assertThrows(PreviewException.class, () -> Planes.slice(a, 9));
        assertTrue(outside.getMessage().contains("z runs from 0 to 8"), outside.getMessage());
    }

    @Test
    void axesBeforeZAreReadAtIndexZero() {
        ZarrArray a = array("tczyx", new long[] {2, 2, 3, 4, 5}, new int[] {1, 1, 3, 4, 5});
        Volume first = Volume.allocate(DataType.INT16, 1, 1, 3, 4, 5);
        first.setLong(first.index(0, 0, 1, 2, 3), 42);
        a.write(new long[5], first);
        Volume later = Volume.allocate(DataType.INT16, 1, 1, 3, 4, 5);
        later.fill(new byte[] {(byte) 0xE8, 0x03});  // 1000 at t=1, c=1: never shown
        a.write(new long[] {1, 1, 0, 0, 0}, later);
        GrayPlane max = Planes.maxProjection(a);
        assertEquals(42, max.at(3, 2));
        assertEquals(0, max.at(0, 0));
    }

    @Test
    void aPlaneTooLargeForAPictureIsRefusedNamingACoarserLevel() {
        ZarrArray big = array("big", new long[] {2, 5000, 5000}, new int[] {1, 1000, 1000});
        PreviewException e = assertThrows(PreviewException.class, () -> Planes.maxProjection(big));
        assertTrue(e.getMessage().contains("5000 x 5000") && e.getMessage().contains("coarser level"), e.getMessage());
    }

    @Test
    void thePngHoldsTheStretchedGrayLevels() throws Exception {
        GrayPlane p = new GrayPlane(3, 2, new double[] {0, 50, 100, 100, 50, 0});
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Png.of(p, new Contrast(0, 100))));
        assertEquals(3, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        int[] row0 = img.getRaster().getPixels(0, 0, 3, 1, (int[]) null);
        int[] row1 = img.getRaster().getPixels(0, 1, 3, 1, (int[]) null);
        assertArrayEquals(new int[] {0, 128, 255}, row0);
        assertArrayEquals(new int[] {255, 128, 0}, row1);
    }

    private ZarrArray array(String name, long[] shape, int[] chunks) {
        return ZarrArray.create(new FileSystemStore(dir.resolve(name)), "",
                NewArray.of(3, shape, chunks, DataType.INT16, "zstd").toMetadata());
    }
}
