package org.zarrrelay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * A returned file that another program cuts short after the reader checked its size (a copy still
 * running, a sync client replacing it): the read says where the file ended and how much was
 * missing, and the file is left as it was.
 */
class FileCutWhileReadTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"cut.npy", "cut.tif", "cut.nii"})
    void theErrorSaysWhereTheFileEnded(String name) throws Exception {
        Volume v = Volume.allocate(DataType.UINT16, new int[] {4, 16, 32});  // 1024 bytes a plane
        new Random(3).nextBytes(v.data());
        Path file = FormatFiles.write(dir.resolve(name), Formats.forFile(name).name(), v, FileInfo.NONE);
        long size = Files.size(file);
        long cut = size - 4096 + 1500;  // 1500 bytes into the voxels (TIFF: into the IFDs after them)
        try (VolumeReader r = Formats.forPath(file).open(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            RelayException e = assertThrows(RelayException.class, () -> r.readSlab(0, 4));
            String expected = switch (name) {
                case "cut.npy" -> file + " is truncated: it ended at byte " + cut + " while " + (size - cut)
                        + " more bytes of data were expected (did it change while being read?)";
                case "cut.nii" -> "NIfTI file " + file + " is truncated: it ended at byte " + cut + " while " + (size - cut)
                        + " more bytes of voxels were expected (did it change while being read?); save or copy it again";
                default -> "TIFF file " + file + " could not be read: the file ended at byte " + cut
                        + " while it was being read (did it change?)";
            };
            assertEquals(expected, e.getMessage());
        }
        assertEquals(cut, Files.size(file), "the reader changed the file");
    }

    /** A DICOM series folder whose slice file is cut inside its pixels after the headers were read. */
    @Test
    void aDicomSliceCutShortNamesItsFile() throws Exception {
        Volume v = Volume.allocate(DataType.UINT16, new int[] {4, 16, 32});
        new Random(4).nextBytes(v.data());
        Path series = FormatFiles.write(dir.resolve("cut-series"), "dicom", v, FileInfo.NONE);
        Path slice;
        try (Stream<Path> files = Files.list(series)) {
            slice = files.sorted().toList().get(2);
        }
        long cut = Files.size(slice) - 100;
        try (VolumeReader r = Formats.forPath(series).open(series)) {
            try (FileChannel ch = FileChannel.open(slice, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            RelayException e = assertThrows(RelayException.class, () -> r.readSlab(0, 4));
            assertTrue(e.getMessage().startsWith("DICOM file " + slice.getFileName() + " "), e.getMessage());
            assertTrue(e.getMessage().endsWith(" could not be read: it ended inside its Pixel Data (did it change while"
                    + " being read?)"), e.getMessage());
        }
        assertEquals(cut, Files.size(slice), "the reader changed the file");
    }
}
