package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Every format through serve, on an OME-Zarr image with a voxel size and origin: export, a
 * processed result written in the same format with the export's geometry comes back and is written
 * back; a result with another voxel size, a shifted origin, another type, or a damaged file is
 * parked with its reason and nothing is written.
 */
class FormatRoundTripTest {
    @TempDir
    static Path dir;
    static RelayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new RelayHarness(dir.resolve("data"));
        SampleImage.write(new FileSystemStore(h.data.resolve("img.zarr")), 16, 32, 32);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static ZarrArray level0() {
        return ZarrArray.open(new FileSystemStore(h.data.resolve("img.zarr")), "0");
    }

    private static Volume whole() {
        return level0().read(new long[3], new int[] {16, 32, 32});
    }

    /** Exports job {@code id} in {@code format}; returns the exported file's voxels and what it says of itself. */
    private static Volume export(String id, String format, String region) {
        h.request(id + ".json", "{\"id\": \"" + id + "\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \""
                + region + "\", \"format\": \"" + format + "\"}");
        h.awaitState(id, JobStatus.EXPORTED);
        Path file = h.folders.exports().resolve(JobFiles.export(id, Formats.byName(format)));
        try (VolumeReader r = Formats.forPath(file).open(file)) {
            return r.readSlab(0, (int) r.shape()[0]);
        }
    }

    private static FileInfo infoOf(String id, String format) {
        Path file = h.folders.exports().resolve(JobFiles.export(id, Formats.byName(format)));
        try (VolumeReader r = Formats.forPath(file).open(file)) {
            return r.info();
        }
    }

    /** Writes a result in the format, as the tool would save it, and drops it into returns/. */
    private static void giveBack(String name, String format, Volume v, FileInfo info) throws Exception {
        VolumeFormat f = Formats.byName(format);
        Path tmp = dir.resolve("made-" + name);
        long[] shape = java.util.Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = f.create(tmp, v.dtype(), shape, info)) {
            w.writeSlab(v);
            w.commit();
        }
        Files.move(tmp, h.folders.returns().resolve(name));
    }

    private static String reasonOf(String name) throws Exception {
        return Files.readString(RelayHarness.await(h.folders.failed().resolve(JobFiles.error(name))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiff", "ome-tiff", "npy", "nifti", "dicom"})
    void aResultInTheFormatIsWrittenBackAndBadOnesAreParked(String format) throws Exception {
        // a folder format's results are folders (named like the job); a damaged one is a damaged file in it
        String ext = Formats.byName(format).extension();
        String id = "fmt-" + format;
        Volume exported = export(id, format, "2:10,3:19,5:29");
        FileInfo info = infoOf(id, format);
        Volume before = whole();

        // bad returns first: nothing is written
        if (info.voxelSize() != null) {
            double[] other = info.voxelSize();
            other[2] *= 2;
            giveBack(id + "-resampled." + ext, format, exported, new FileInfo(null, other, info.origin(), info.unit()));
            assertTrue(reasonOf(id + "-resampled." + ext).contains("voxel size"), format);
        }
        if (info.origin() != null) {
            double[] shifted = info.origin();
            shifted[2] += 3 * info.voxelSize()[2];
            giveBack(id + "-moved." + ext, format, exported, new FileInfo(null, info.voxelSize(), shifted, info.unit()));
            assertTrue(reasonOf(id + "-moved." + ext).contains("shifted by"), format);
        }
        DataType other = Formats.byName(format).supports(DataType.FLOAT32) ? DataType.FLOAT32 : DataType.UINT8;
        giveBack(id + "-retyped." + ext, format, Volume.allocate(other, exported.shape()), info);
        assertTrue(reasonOf(id + "-retyped." + ext).contains(other.numpyName()), format);
        Path damaged = dir.resolve("damaged." + ext);
        Files.write(damaged, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.move(damaged, h.folders.returns().resolve(id + "-damaged." + ext));
        reasonOf(id + "-damaged." + ext);
        assertArrayEquals(before.data(), whole().data(), format + ": nothing of the refused results was written");

        // the good one
        Volume result = Volume.allocate(exported.dtype(), exported.shape());
        for (int i = 0; i < result.elementCount(); i++) {
            result.setLong(i, exported.getLong(i) / 2 + 7);
        }
        giveBack(id + "-halved." + ext, format, result, info);
        h.awaitState(id, JobStatus.WRITTEN_BACK);
        Volume region = level0().read(new long[] {2, 3, 5}, new int[] {8, 16, 24});
        assertArrayEquals(result.data(), region.data(), format + ": the region holds the result");
        assertEquals(JobStatus.WRITTEN_BACK, h.status.read(id).state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiff", "ome-tiff", "npy", "nifti", "dicom"})
    void aSliceSavedInTwoOrThreeAxesIsTheSameSlice(String format) throws Exception {
        String ext = Formats.byName(format).extension();
        for (int z : new int[] {4, 5}) {
            boolean depthOne = z == 5;  // ITK-based tools save a slice as a volume of depth 1
            String id = "slice" + z + "-" + format;
            Volume exported = export(id, format, z + ",0:20,0:24");
            FileInfo info = infoOf(id, format);
            assertArrayEquals(new int[] {20, 24}, exported.shape());
            Volume result = depthOne ? Volume.allocate(exported.dtype(), 1, 20, 24) : Volume.allocate(exported.dtype(), 20, 24);
            for (int i = 0; i < result.elementCount(); i++) {
                result.setLong(i, 1000 + z + i % 13);
            }
            FileInfo saved = info;
            if (depthOne) {
                double[] size = info.voxelSize() == null ? null : new double[] {2.0, info.voxelSize()[0], info.voxelSize()[1]};
                double[] origin = info.origin() == null ? null : new double[] {2.0 * z, info.origin()[0], info.origin()[1]};
                saved = new FileInfo(null, size, origin, info.unit());
            }
            giveBack(id + "-back." + ext, format, result, saved);
            h.awaitState(id, JobStatus.WRITTEN_BACK);
            assertArrayEquals(result.data(), level0().read(new long[] {z, 0, 0}, new int[] {1, 20, 24}).data(),
                    format + (depthOne ? ", saved as depth 1" : ", saved as 2D"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiff", "ome-tiff", "npy", "nifti", "dicom"})
    void aOnePlaneStackSavedAsTwoAxesIsTheSamePlane(String format) throws Exception {
        // ImageJ and tifffile save a stack of one plane as a single image
        String ext = Formats.byName(format).extension();
        String id = "plane-" + format;
        Volume exported = export(id, format, "7:8,0:20,0:24");
        FileInfo info = infoOf(id, format);
        assertEquals(20 * 24, exported.elementCount());
        Volume result = Volume.allocate(exported.dtype(), 20, 24);
        for (int i = 0; i < result.elementCount(); i++) {
            result.setLong(i, 2000 + i % 17);
        }
        double[] size = info.voxelSize() == null ? null
                : java.util.Arrays.copyOfRange(info.voxelSize(), info.voxelSize().length - 2, info.voxelSize().length);
        double[] origin = info.origin() == null ? null
                : java.util.Arrays.copyOfRange(info.origin(), info.origin().length - 2, info.origin().length);
        giveBack(id + "-back." + ext, format, result, new FileInfo(null, size, origin, info.unit()));
        h.awaitState(id, JobStatus.WRITTEN_BACK);
        assertArrayEquals(result.data(), level0().read(new long[] {7, 0, 0}, new int[] {1, 20, 24}).data(), format);
    }

    @org.junit.jupiter.api.Test
    void anItkSnapSegmentationInMillimetresBecomesALabelImage() throws Exception {
        // ITK-SNAP saves labels as uint16 .nii.gz with the spacing rewritten in mm, qform = sform
        h.request("seg.json", "{\"id\": \"seg-1\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\":"
                + " \"8:12,4:20,6:30\", \"format\": \"nifti\", \"target\": \"labels/cells\"}");
        h.awaitState("seg-1", JobStatus.EXPORTED);
        Path exported = h.folders.exports().resolve("seg-1.nii.gz");
        FileInfo info = org.zarrrelay.format.FormatFiles.infoOf(exported);
        assertEquals("micrometer", info.unit());
        double[] mmSize = java.util.Arrays.stream(info.voxelSize()).map(v -> v / 1000).toArray();
        double[] mmOrigin = java.util.Arrays.stream(info.origin()).map(v -> v / 1000).toArray();
        Volume labels = Volume.allocate(DataType.UINT16, 4, 16, 24);
        for (int i = 0; i < labels.elementCount(); i++) {
            labels.setLong(i, i % 24 < 12 ? 1 : 2);
        }
        giveBack("seg-1-labels.nii.gz", "nifti", labels, new FileInfo(null, mmSize, mmOrigin, "millimeter"));
        h.awaitState("seg-1", JobStatus.WRITTEN_BACK);
        ZarrArray level0 = ZarrArray.open(new FileSystemStore(h.data.resolve("img.zarr")), "labels/cells/0");
        assertEquals(DataType.UINT16, level0.metadata().dtype());
        assertArrayEquals(labels.data(), level0.read(new long[] {8, 4, 6}, new int[] {4, 16, 24}).data());
        assertEquals(0, level0.read(new long[] {0, 0, 0}, new int[] {1, 1, 1}).getLong(0), "outside the region: no label");
    }
}
