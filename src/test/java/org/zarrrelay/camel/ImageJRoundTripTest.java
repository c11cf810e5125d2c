package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.plugin.filter.GaussianBlur;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * The whole round trip with ImageJ in the loop: the relay exports a TIFF, ImageJ opens it with its
 * own opener, runs a real filter on the stack and saves it with its own saver into returns/, and
 * the relay writes ImageJ's result back: the region holds exactly ImageJ's voxels, every voxel
 * outside it is unchanged.
 */
class ImageJRoundTripTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Volume stackVoxels(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        Volume v = Volume.allocate(DataType.UINT16, stack.getSize(), imp.getHeight(), imp.getWidth());
        int i = 0;
        for (int z = 1; z <= stack.getSize(); z++) {
            short[] pixels = (short[]) stack.getPixels(z);
            for (short p : pixels) {
                v.setLong(i++, p & 0xffff);
            }
        }
        return v;
    }

    @Test
    void fijiStyleRoundTripWithARealFilter() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            ZarrArray array = h.makeStore("img.zarr", DataType.UINT16);
            Volume before = array.read(new long[3], new int[] {20, 30, 40});
            h.request("ij.json", "{\"id\": \"ij-1\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"4:16,5:27,3:35\", \"format\": \"tiff\"}");
            h.awaitState("ij-1", JobStatus.EXPORTED);
            Path tif = h.folders.exports().resolve("ij-1.tif");

            ImagePlus imp = IJ.openImage(tif.toString());
            assertNotNull(imp, "ImageJ opens the export");
            assertEquals(12, imp.getStackSize());
            assertEquals(32, imp.getWidth());
            assertEquals(22, imp.getHeight());
            assertEquals(16, imp.getBitDepth());
            assertTrue(String.valueOf(imp.getProperty("Info")).contains("ij-1"), "the job id travels in Info");

            // ImageJ's own Gaussian blur and arithmetic, slice by slice ("Process all slices");
            // IJ.run would need ImageJ's menu bar, which a headless JVM cannot build
            for (int z = 1; z <= imp.getStackSize(); z++) {
                ImageProcessor ip = imp.getStack().getProcessor(z);
                new GaussianBlur().blurGaussian(ip, 1.5);
                ip.add(1000);
            }
            Volume result = stackVoxels(imp);
            // saved under a name that starts with the id, but written elsewhere first, as Fiji's Save As does
            Path saved = dir.resolve("ij-1-blurred.tif");
            assertTrue(new FileSaver(imp).saveAsTiffStack(saved.toString()));
            h.returnFile("ij-1-blurred.tif", saved);

            h.awaitState("ij-1", JobStatus.WRITTEN_BACK);
            Volume after = ZarrArray.open(new FileSystemStore(h.data.resolve("img.zarr")), "0").read(new long[3], new int[] {20, 30, 40});
            Volume region = Volume.allocate(DataType.UINT16, 12, 22, 32);
            BoxCopy.copy(after, new int[] {4, 5, 3}, region, new int[3], new int[] {12, 22, 32});
            assertArrayEquals(result.data(), region.data(), "the region holds ImageJ's result voxel for voxel");
            BoxCopy.copy(result, new int[3], before, new int[] {4, 5, 3}, new int[] {12, 22, 32});
            assertArrayEquals(before.data(), after.data(), "and nothing outside the region changed");
            assertTrue(Files.exists(h.folders.archive().resolve("ij-1-blurred.tif")));
        }
    }

    @Test
    void aRenamedFileIsMatchedByTheIdImageJKeptInside() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.request("ij2.json", "{\"id\": \"ij-2\", \"store\": \"img.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:5,0:6,0:7\", \"format\": \"tiff\"}");
            h.awaitState("ij-2", JobStatus.EXPORTED);
            ImagePlus imp = IJ.openImage(h.folders.exports().resolve("ij-2.tif").toString());
            for (int z = 1; z <= imp.getStackSize(); z++) {
                imp.getStack().getProcessor(z).invert();
            }
            Path saved = dir.resolve("my result.tif");
            assertTrue(new FileSaver(imp).saveAsTiffStack(saved.toString()));
            h.returnFile("my result.tif", saved);
            h.awaitState("ij-2", JobStatus.WRITTEN_BACK);
        }
    }
}
