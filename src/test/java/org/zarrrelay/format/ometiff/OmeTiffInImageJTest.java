package org.zarrrelay.format.ometiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * What Fiji does without Bio-Formats, through ImageJ 1.x's own reader: it opens a classic OME-TIFF
 * export as a stack with our voxels and x/y pixel size (the OME-XML, z spacing and unit need
 * Bio-Formats), and it does not open a BigTIFF at all: exports past 4 GiB need Bio-Formats.
 */
class OmeTiffInImageJTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static final FileInfo INFO = new FileInfo("j", new double[] {2, 0.5, 0.25}, new double[] {0, 0, 0},
            "micrometer");

    @Test
    void imageJOpensAClassicOmeTiffAsAStack() {
        Volume v = OmeTiffRoundTripTest.random(DataType.FLOAT32, 4, 5, 6);
        Path p = OmeTiffRoundTripTest.write(new OmeTiffFormat(), dir.resolve("classic.ome.tif"), v, INFO);
        ImagePlus imp = IJ.openImage(p.toString());
        assertNotNull(imp);
        assertEquals(4, imp.getStackSize());
        assertEquals(32, imp.getBitDepth());
        assertEquals(0.25, imp.getCalibration().pixelWidth, 1e-9);
        assertEquals(0.5, imp.getCalibration().pixelHeight, 1e-9);
        int i = 2 * 30 + 1 * 6 + 3;  // z = 2, y = 1, x = 3 of 5 x 6 planes
        assertEquals(v.getDouble(i), imp.getStack().getProcessor(3).getPixelValue(3, 1), 1e-6);
    }

    @Test
    void imageJDoesNotOpenABigTiff() {
        Volume v = OmeTiffRoundTripTest.random(DataType.UINT16, 2, 3, 4);
        Path p = OmeTiffRoundTripTest.write(new OmeTiffFormat(0), dir.resolve("big.ome.tif"), v, INFO);
        assertNull(IJ.openImage(p.toString()), "ImageJ 1.54p has no BigTIFF reader: Bio-Formats opens these");
    }
}
