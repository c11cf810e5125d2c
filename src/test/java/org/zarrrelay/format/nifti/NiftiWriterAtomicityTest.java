package org.zarrrelay.format.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * An export appears whole under its name or not at all: it is written under a hidden .tmp name in
 * the same folder (which drop-folder watchers skip) and renamed on commit; an abandoned writer
 * leaves nothing. Regions NIfTI cannot hold are refused up front.
 */
class NiftiWriterAtomicityTest {
    @TempDir
    Path dir;

    @Test
    void nothingUnderTheNameBeforeCommitAndOnlyTheFileAfter() throws IOException {
        Path file = dir.resolve("job.nii.gz");
        Volume v = NiftiFiles.ramp(DataType.FLOAT32, 2, 3, 4);
        try (VolumeWriter w = new NiftiFormat().create(file, DataType.FLOAT32, new long[] {2, 3, 4}, FileInfo.NONE)) {
            w.writeSlab(v);
            assertFalse(Files.exists(file));
            List<Path> names = list();
            assertEquals(1, names.size());
            assertTrue(names.get(0).getFileName().toString().matches("\\.job\\.nii\\.gz-[0-9a-f]+\\.tmp"), names.toString());
            w.commit();
        }
        assertEquals(List.of(file), list());
        assertTrue(NiftiFiles.readAll(file).contentEquals(v));
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        try (VolumeWriter w = new NiftiFormat().create(dir.resolve("x.nii.gz"), DataType.UINT8, new long[] {2, 2, 2},
                FileInfo.NONE)) {
            w.writeSlab(NiftiFiles.ramp(DataType.UINT8, 1, 2, 2));
        }
        assertEquals(List.of(), list());
        try (VolumeWriter w = new NiftiFormat().create(dir.resolve("y.nii.gz"), DataType.UINT8, new long[] {2, 2, 2},
                FileInfo.NONE)) {
            w.writeSlab(NiftiFiles.ramp(DataType.UINT8, 1, 2, 2));
            assertThrows(IllegalStateException.class, w::commit, "half the rows");
        }
        assertEquals(List.of(), list());
    }

    @Test
    void regionsNiftiCannotHoldAreRefused() throws IOException {
        RelayException fourD = assertThrows(RelayException.class, () -> new NiftiFormat().create(dir.resolve("t.nii.gz"),
                DataType.UINT8, new long[] {2, 3, 4, 5}, FileInfo.NONE));
        assertTrue(fourD.getMessage().contains("a NIfTI image holds 1 to 3 axes (z, y, x), but the region has 4"),
                fourD.getMessage());
        FileInfo negative = new FileInfo(null, new double[] {1, -2, 1}, null, "micrometer");
        RelayException size = assertThrows(RelayException.class, () -> new NiftiFormat().create(dir.resolve("n.nii.gz"),
                DataType.UINT8, new long[] {2, 3, 4}, negative));
        assertTrue(size.getMessage().contains("cannot write a NIfTI voxel size of -2.0 micrometer (axis 1 of the region)"),
                size.getMessage());
        assertEquals(List.of(), list());
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
