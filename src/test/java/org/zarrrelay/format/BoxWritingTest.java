package org.zarrrelay.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Formats that keep the voxels as one raw run write a region's tiles straight into the file, in any
 * order: the file must be byte for byte the one whole slabs give, and its read-back checksum the
 * voxels' CRC-32. The others (DICOM, gzip-compressed NIfTI) say they take slabs only.
 */
class BoxWritingTest {
    private static final long[] SHAPE = {5, 7, 9};
    private static final FileInfo INFO = new FileInfo("job-1", new double[] {2, 0.5, 0.5}, new double[] {1, 2, 3},
            "micrometer");

    @TempDir
    Path dir;

    private static Volume voxels() {
        Volume v = Volume.allocate(DataType.UINT16, new int[] {5, 7, 9});
        new Random(7).nextBytes(v.data());
        return v;
    }

    /** The volume cut 2 x 3 x 4 (edges smaller), in a shuffled order: {offset, box} pairs. */
    private static List<Object[]> shuffledBoxes(Volume v) {
        List<Object[]> boxes = new ArrayList<>();
        for (int z = 0; z < 5; z += 2) {
            for (int y = 0; y < 7; y += 3) {
                for (int x = 0; x < 9; x += 4) {
                    int[] size = {Math.min(2, 5 - z), Math.min(3, 7 - y), Math.min(4, 9 - x)};
                    Volume box = Volume.allocate(DataType.UINT16, size);
                    BoxCopy.copy(v, new int[] {z, y, x}, box, new int[3], size);
                    boxes.add(new Object[] {new long[] {z, y, x}, box});
                }
            }
        }
        Collections.shuffle(boxes, new Random(3));
        return boxes;
    }

    @ParameterizedTest
    @CsvSource({"tiff, v.tif", "ome-tiff, v.ome.tif", "npy, v.npy", "nifti, v.nii"})
    void boxesInAnyOrderGiveTheFileSlabsGive(String name, String file) throws IOException {
        VolumeFormat format = Formats.byName(name);
        Volume v = voxels();
        Path bySlabs = dir.resolve("slabs").resolve(file);
        Path byBoxes = dir.resolve("boxes").resolve(file);
        Files.createDirectories(bySlabs.getParent());
        Files.createDirectories(byBoxes.getParent());
        try (VolumeWriter w = format.create(bySlabs, DataType.UINT16, SHAPE, INFO)) {
            w.writeSlab(v);
            w.commit(false);
        }
        CRC32 crc = new CRC32();
        crc.update(v.data());
        try (VolumeWriter w = format.create(byBoxes, DataType.UINT16, SHAPE, INFO)) {
            assertTrue(w.writesBoxes());
            for (Object[] b : shuffledBoxes(v)) {
                w.writeBox((long[]) b[0], (Volume) b[1]);
            }
            assertEquals(crc.getValue(), w.voxelCrc32(), "read back from the file");
            w.commit(false);
        }
        assertArrayEquals(withoutUuid(Files.readAllBytes(bySlabs)), withoutUuid(Files.readAllBytes(byBoxes)), name);
    }

    /** OME-XML names each file by a random UUID: blanked, the files must be equal. */
    private static byte[] withoutUuid(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        return text.replaceAll("urn:uuid:[0-9a-f-]{36}", "urn:uuid:").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFileMissingABoxIsNotCommittedAndOneWrittenInBoxesTakesNoSlab() throws IOException {
        Volume v = voxels();
        Path out = dir.resolve("v.npy");
        try (VolumeWriter w = Formats.byName("npy").create(out, DataType.UINT16, SHAPE, INFO)) {
            List<Object[]> boxes = shuffledBoxes(v);
            for (Object[] b : boxes.subList(1, boxes.size())) {
                w.writeBox((long[]) b[0], (Volume) b[1]);
            }
            assertThrows(IllegalArgumentException.class, () -> w.writeSlab(v));
            assertThrows(IllegalStateException.class, () -> w.commit(false));
        }
        assertFalse(Files.exists(out));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the temporary file is gone too");
        }
    }

    @ParameterizedTest
    @CsvSource({"nifti, v.nii.gz", "dicom, series"})
    void formatsWithoutOneRawRunTakeSlabsOnly(String name, String file) {
        try (VolumeWriter w = Formats.byName(name).create(dir.resolve(file), DataType.UINT16, SHAPE, INFO)) {
            assertFalse(w.writesBoxes());
            assertThrows(RuntimeException.class, () -> w.writeBox(new long[3], voxels()));
        }
    }
}
