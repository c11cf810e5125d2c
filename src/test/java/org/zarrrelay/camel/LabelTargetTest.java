package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/** A segmentation returned for a request with "target": "labels/cells" becomes an OME-Zarr label image with a mode pyramid. */
class LabelTargetTest {
    @TempDir
    Path dir;

    @Test
    void aSegmentationIsWrittenIntoANewLabelImage() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            FileSystemStore store = new FileSystemStore(h.data.resolve("sample.zarr"));
            SampleImage.write(store, 40, 48, 56);
            Volume imageBefore = ZarrArray.open(store, "0").read(new long[3], new int[] {40, 48, 56});
            h.request("seg.json", "{\"id\": \"seg-1\", \"store\": \"sample.zarr\", \"array\": \"0\","
                    + " \"region\": \"5:30,7:40,9:50\", \"format\": \"npy\", \"target\": \"labels/cells\"}");
            h.awaitState("seg-1", JobStatus.EXPORTED);

            Volume mask = Volume.allocate(DataType.UINT16, 25, 33, 41);
            for (int i = 0; i < mask.elementCount(); i++) {
                mask.setLong(i, (i / 7) % 5 == 0 ? 0 : 1 + (i / 300) % 4);
            }
            Path file = dir.resolve("mask.npy");
            NpyWriter.write(file, mask);
            h.returnFile("seg-1_mask.npy", file);
            h.awaitState("seg-1", JobStatus.WRITTEN_BACK);

            Multiscales labels = Multiscales.read(store, "labels/cells");
            assertTrue(labels.labelImage(), "image-label metadata");
            assertEquals(3, labels.levels().size());
            assertTrue(new String(store.get("labels/zarr.json")).contains("\"cells\""), "listed in the labels group");
            ZarrArray l0 = ZarrArray.open(store, "labels/cells/0");
            assertEquals(DataType.UINT16, l0.metadata().dtype());
            Volume whole = l0.read(new long[3], new int[] {40, 48, 56});
            Volume expected = Volume.allocate(DataType.UINT16, 40, 48, 56);
            org.zarrrelay.volume.BoxCopy.copy(mask, new int[3], expected, new int[] {5, 7, 9}, mask.shape());
            assertArrayEquals(expected.data(), whole.data(), "the mask in place, zeros elsewhere");
            for (int l = 1; l < 3; l++) {
                expected = Downsampling.MODE.apply(expected, new int[] {2, 2, 2});
                long[] s = ZarrArray.open(store, "labels/cells/" + l).metadata().shape();
                assertArrayEquals(expected.data(), ZarrArray.open(store, "labels/cells/" + l)
                        .read(new long[3], new int[] {(int) s[0], (int) s[1], (int) s[2]}).data(), "level " + l);
            }
            assertArrayEquals(imageBefore.data(), ZarrArray.open(store, "0").read(new long[3], new int[] {40, 48, 56}).data(),
                    "the image itself is untouched");
        }
    }

    @Test
    void aFloatResultCannotBecomeALabelImage() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            FileSystemStore store = new FileSystemStore(h.data.resolve("sample.zarr"));
            SampleImage.write(store, 8, 8, 8);
            h.request("f.json", "{\"id\": \"seg-2\", \"store\": \"sample.zarr\", \"array\": \"0\", \"region\": \"0:4,0:4,0:4\","
                    + " \"format\": \"npy\", \"target\": \"labels/cells\"}");
            h.awaitState("seg-2", JobStatus.EXPORTED);
            Path file = dir.resolve("f.npy");
            NpyWriter.write(file, Volume.allocate(DataType.FLOAT32, 4, 4, 4));
            h.returnFile("seg-2.npy", file);
            String text = Files.readString(RelayHarness.await(h.folders.failed().resolve("seg-2.npy.error.txt")));
            assertTrue(text.contains("integer"), text);
            assertTrue(!Files.exists(h.data.resolve("sample.zarr/labels")), "a refused write-back creates no label image");
        }
    }
}
