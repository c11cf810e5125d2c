package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** A single image is read along its first axis, rows, in bands, as the write-back reads every file in slabs. */
class TiffRowBandsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tiff", "ome-tiff"})
    void aTwoDimensionalImageIsReadInBandsOfRows(String format) {
        VolumeFormat f = Formats.byName(format);
        Volume image = Volume.allocate(DataType.INT16, 9, 7);
        for (int i = 0; i < image.elementCount(); i++) {
            image.setLong(i, i * 37 - 1000);
        }
        Path file = dir.resolve("plane." + f.extension());
        try (VolumeWriter w = f.create(file, DataType.INT16, new long[] {9, 7}, FileInfo.NONE)) {
            w.writeSlab(image);
            w.commit();
        }
        int rowBytes = 7 * 2;
        try (VolumeReader r = f.open(file)) {
            assertArrayEquals(new long[] {9, 7}, r.shape());
            for (int[] band : new int[][] {{0, 4}, {4, 4}, {8, 1}, {0, 9}, {3, 0}}) {
                Volume got = r.readSlab(band[0], band[1]);
                assertArrayEquals(new int[] {band[1], 7}, got.shape());
                assertArrayEquals(Arrays.copyOfRange(image.data(), band[0] * rowBytes, (band[0] + band[1]) * rowBytes),
                        got.data(), "rows " + band[0] + "+" + band[1]);
            }
            assertThrows(IllegalArgumentException.class, () -> r.readSlab(8, 2));
        }
    }
}
