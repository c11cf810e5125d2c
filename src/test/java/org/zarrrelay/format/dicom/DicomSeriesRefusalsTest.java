package org.zarrrelay.format.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zarrrelay.format.dicom.DicomHostileInputTest.assertRefused;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;

/**
 * Sound files that do not make one volume in zarr-relay's layout are refused with what is wrong:
 * a voxel put in the wrong place is worse than no result.
 */
class DicomSeriesRefusalsTest {
    @TempDir
    Path dir;

    private Path series(SliceBuilder... slices) throws IOException {
        Path folder = dir.resolve("series");
        for (int i = 0; i < slices.length; i++) {
            slices[i].write(folder.resolve("S" + i + ".dcm"));
        }
        return folder;
    }

    @Test
    void aFolderWithoutImages() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty/notes.txt"), "nothing here");
        assertRefused(dir.resolve("empty"), "holds no DICOM image (left out: notes.txt (not a DICOM file))");
        assertRefused(dir.resolve("missing"), "does not exist");
    }

    @Test
    void twoSeries() throws IOException {
        SliceBuilder other = new SliceBuilder().at(1);
        other.seriesUid = "1.2.826.0.1.3680043.10.2";
        assertRefused(series(new SliceBuilder().at(0), other), "holds 2 DICOM series: 1 file(s) like S0.dcm; 1 file(s) like"
                + " S1.dcm. Return one series only");
    }

    @Test
    void slicesThatDiffer() throws IOException {
        SliceBuilder wide = new SliceBuilder().at(1);
        wide.columns = 4;
        assertRefused(series(new SliceBuilder().at(0), wide), "S0.dcm and S1.dcm have size 2 x 3 and 2 x 4");
        SliceBuilder spaced = new SliceBuilder().at(1);
        spaced.pixelSpacing = "0.5\\0.6";
        assertRefused(series(new SliceBuilder().at(0), spaced), "have Pixel Spacing 0.5\\0.5 and 0.5\\0.6");
    }

    @Test
    void colourMultiFrameAndOddBitLayouts() throws IOException {
        SliceBuilder rgb = new SliceBuilder();
        rgb.samples = 3;
        rgb.photometric = "RGB";
        rgb.pixels = new byte[36];
        assertRefused(rgb.write(dir.resolve("rgb.dcm")), "is a colour image (3 samples per pixel, RGB)");
        SliceBuilder frames = new SliceBuilder();
        frames.frames = 4;
        assertRefused(frames.write(dir.resolve("frames.dcm")), "is a multi-frame image (4 frames");
        SliceBuilder bits = new SliceBuilder();
        bits.bitsAllocated = 1;
        bits.bitsStored = 1;
        assertRefused(bits.write(dir.resolve("bits.dcm")), "has 1 bits allocated per pixel; zarr-relay reads 8, 16 or 32");
        SliceBuilder stored = new SliceBuilder();
        stored.bitsStored = 17;
        assertRefused(stored.write(dir.resolve("stored.dcm")), "its Bits Stored 17, High Bit 16 and Pixel Representation 0 do"
                + " not fit its 16 bits allocated");
    }

    @Test
    void slicesWithoutPositionCannotBeOrdered() throws IOException {
        SliceBuilder lost = new SliceBuilder();
        lost.position = null;
        assertRefused(series(new SliceBuilder().at(0), lost), "S1.dcm in ", "has no Image Position (Patient), so where it lies"
                + " in the volume is unknown (zarr-relay orders slices by position, never by file name)");
    }

    @Test
    void twoSlicesAtOnePlaceOrShiftedSlices() throws IOException {
        assertRefused(series(new SliceBuilder().at(0), new SliceBuilder().at(1), new SliceBuilder().at(1)),
                "lie at the same position (z = 1 mm): the folder holds more than one volume");
        SliceBuilder shifted = new SliceBuilder().at(2);
        shifted.position = new double[] {3, 0, 2};
        assertRefused(series(new SliceBuilder().at(0), new SliceBuilder().at(1), shifted), "are shifted against each other: S0.dcm"
                + " starts at 0\\0\\0 mm and S2.dcm at 3\\0\\2 mm");
    }

    @Test
    void flippedOrTiltedOrientations() throws IOException {
        SliceBuilder flipped = new SliceBuilder();
        flipped.orientation = "-1\\0\\0\\0\\1\\0";
        assertRefused(flipped.write(dir.resolve("flip.dcm")), "has Image Orientation (Patient) -1\\0\\0\\0\\1\\0 (rows flipped),"
                + " not 1\\0\\0\\0\\1\\0 as zarr-relay's exports");
        flipped.orientation = "1\\0\\0\\0\\0\\-1";
        assertRefused(flipped.write(dir.resolve("coronal.dcm")), "(slices in another plane (coronal or sagittal))");
        flipped.orientation = "0.866\\0.5\\0\\-0.5\\0.866\\0";
        assertRefused(flipped.write(dir.resolve("rotated.dcm")), "(rotated)");
        flipped.orientation = "0.99999\\0\\0\\0\\1.00001\\0";
        try (VolumeReader r = new DicomFormat().open(flipped.write(dir.resolve("nearly.dcm")))) {
            assertEquals(2, r.shape().length, "a few decimals short of exact still counts as exact");
        }
    }

    /** Stored values are checked against Bits Stored, not masked: a tool that forgot to update it is caught. */
    @Test
    void valuesBeyondBitsStoredAreRefusedWhenRead() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.bitsStored = 8;
        s.pixels = new byte[] {1, 0, (byte) 255, 0, 44, 1, 0, 0, 0, 0, 0, 0};  // 1, 255, 300, 0, 0, 0
        try (VolumeReader r = new DicomFormat().open(s.write(dir.resolve("wide.dcm")))) {
            assertEquals(DataType.UINT8, r.dtype(), "8 bits stored in 16 read as uint8");
            RelayException e = assertThrows(RelayException.class, () -> r.readSlab(0, 2));
            assertTrue(e.getMessage().contains("holds the pixel value 300, which does not fit the 8 bits its Bits Stored"
                    + " (0028,0101) declares"), e.getMessage());
        }
        s.representation = 1;
        s.pixels = new byte[] {(byte) 0x80, (byte) 0xff, 127, 0, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0};  // -128, 127, 255
        try (VolumeReader r = new DicomFormat().open(s.write(dir.resolve("signed.dcm")))) {
            assertEquals(DataType.INT8, r.dtype());
            RelayException e = assertThrows(RelayException.class, () -> r.readSlab(0, 2));
            assertTrue(e.getMessage().contains("holds the pixel value 255"), e.getMessage());
        }
    }
}
