package org.zarrrelay.format.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** The folder an export writes: when it appears, its files, and what each file says. */
class DicomSeriesWriterTest {
    @TempDir
    Path dir;

    private List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void theFolderAppearsWholeOnCommitFromAHiddenFolderBesideIt() throws IOException {
        Volume v = DicomTestData.pattern(DataType.UINT16, 3, 2, 2);
        Path target = dir.resolve("job7");
        try (VolumeWriter w = new DicomFormat().create(target, DataType.UINT16, new long[] {3, 2, 2}, FileInfo.NONE)) {
            w.writeSlab(new Volume(DataType.UINT16, new int[] {2, 2, 2}, Arrays.copyOf(v.data(), 16)));
            assertFalse(Files.exists(target), "nothing at the target before commit");
            List<Path> hidden = list(dir);
            assertEquals(1, hidden.size());
            assertTrue(hidden.get(0).getFileName().toString().matches("\\.job7-[0-9a-f]+\\.tmp"), hidden.toString());
            w.writeSlab(new Volume(DataType.UINT16, new int[] {1, 2, 2}, Arrays.copyOfRange(v.data(), 16, 24)));
            w.commit();
        }
        assertEquals(List.of(target), list(dir));
        assertEquals(List.of("IMG0001.dcm", "IMG0002.dcm", "IMG0003.dcm"),
                list(target).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        try (VolumeWriter w = new DicomFormat().create(dir.resolve("gone"), DataType.UINT8, new long[] {2, 2, 2}, FileInfo.NONE)) {
            w.writeSlab(DicomTestData.pattern(DataType.UINT8, 1, 2, 2));
        }
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aFolderWithFilesIsNeverReplacedButAnEmptyOneIs() throws IOException {
        Path target = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(target.resolve("mine.txt"), "someone's data");
        RelayException e = assertThrows(RelayException.class,
                () -> DicomTestData.write(target, DicomTestData.pattern(DataType.UINT8, 1, 2, 2), FileInfo.NONE, 1));
        assertTrue(e.getMessage().contains("taken already exists; a DICOM export is a new folder"), e.getMessage());
        assertEquals(List.of(target.resolve("mine.txt")), list(target));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DicomTestData.write(empty, DicomTestData.pattern(DataType.UINT8, 1, 2, 2), FileInfo.NONE, 1);
        assertEquals(1, list(empty).size());
    }

    @Test
    void eachFileIsAPart10MrImageOfOneSharedSeries() throws IOException {
        Volume v = DicomTestData.pattern(DataType.INT16, 2, 3, 4);
        FileInfo info = new FileInfo("job-42", new double[] {3, 0.5, 0.25}, new double[] {1, 2, 3}, "micrometer");
        Path series = DicomTestData.write(dir.resolve("job-42"), v, info, 2);
        byte[] first = Files.readAllBytes(series.resolve("IMG0001.dcm"));
        assertArrayEquals(new byte[128], Arrays.copyOf(first, 128), "an empty preamble");
        assertEquals("DICM", new String(first, 128, 4, StandardCharsets.US_ASCII));
        Map<Integer, String> a = Elements.of(series.resolve("IMG0001.dcm"));
        Map<Integer, String> b = Elements.of(series.resolve("IMG0002.dcm"));
        assertEquals(DicomUids.EXPLICIT_LITTLE, a.get(DicomTags.TRANSFER_SYNTAX));
        assertEquals(DicomUids.MR_IMAGE_STORAGE, a.get(DicomTags.MEDIA_SOP_CLASS));
        assertEquals(DicomUids.MR_IMAGE_STORAGE, a.get(DicomTags.SOP_CLASS));
        assertEquals(a.get(DicomTags.MEDIA_SOP_INSTANCE), a.get(DicomTags.SOP_INSTANCE));
        assertEquals(DicomUids.IMPLEMENTATION_CLASS, a.get(DicomTags.IMPLEMENTATION_CLASS));
        for (int shared : new int[] {DicomTags.STUDY_INSTANCE, DicomTags.SERIES_INSTANCE, DicomTags.FRAME_OF_REFERENCE}) {
            assertEquals(a.get(shared), b.get(shared), DicomTags.text(shared));
            assertTrue(a.get(shared).matches("2\\.25\\.[1-9][0-9]*") && a.get(shared).length() <= 64, a.get(shared));
        }
        assertNotEquals(a.get(DicomTags.SOP_INSTANCE), b.get(DicomTags.SOP_INSTANCE));
        assertEquals("zarr-relay job job-42", a.get(DicomTags.SERIES_DESCRIPTION));
        assertEquals("zarr-relay job job-42", a.get(DicomTags.STUDY_DESCRIPTION));
        assertEquals("job-42", a.get(DicomTags.PATIENT_ID));
        assertEquals("zarr-relay^export", a.get(DicomTags.PATIENT_NAME));
        assertEquals("1", a.get(DicomTags.INSTANCE_NUMBER));
        assertEquals("2", b.get(DicomTags.INSTANCE_NUMBER));
        assertEquals("0.003\\0.002\\0.001", a.get(DicomTags.IMAGE_POSITION), "x, y, z in mm");
        assertEquals("0.003\\0.002\\0.004", b.get(DicomTags.IMAGE_POSITION));
        assertEquals("1\\0\\0\\0\\1\\0", a.get(DicomTags.IMAGE_ORIENTATION));
        assertEquals("0.0005\\0.00025", a.get(DicomTags.PIXEL_SPACING), "row spacing (y), column spacing (x)");
        assertEquals("0.003", a.get(DicomTags.SLICE_THICKNESS));
        assertEquals("0.003", a.get(DicomTags.SPACING_BETWEEN_SLICES));
        assertEquals("3", a.get(DicomTags.ROWS));
        assertEquals("4", a.get(DicomTags.COLUMNS));
        assertEquals("16", a.get(DicomTags.BITS_ALLOCATED));
        assertEquals("16", a.get(DicomTags.BITS_STORED));
        assertEquals("15", a.get(DicomTags.HIGH_BIT));
        assertEquals("1", a.get(DicomTags.PIXEL_REPRESENTATION));
        assertEquals("MONOCHROME2", a.get(DicomTags.PHOTOMETRIC));
        assertEquals("24", a.get(DicomTags.PIXEL_DATA), "bytes of pixels");
        assertFalse(a.containsKey(DicomTags.RESCALE_SLOPE), "the MR Image IOD has no Modality LUT: values are values");
    }

    /** Window Center/Width cover the data's range (PS3.3 C.11.2.1.2.1: from c - 0.5 - (w-1)/2 to c - 0.5 + (w-1)/2). */
    @Test
    void theWindowCoversTheDataRangeOfAllSlices() throws IOException {
        Volume v = Volume.allocate(DataType.INT8, 2, 1, 2);
        v.setLong(0, -3);
        v.setLong(3, 100);
        Path series = DicomTestData.write(dir.resolve("w"), v, FileInfo.NONE, 1);
        for (Path f : list(series)) {
            Map<Integer, String> e = Elements.of(f);
            assertEquals("49", e.get(DicomTags.WINDOW_CENTER), f.toString());
            assertEquals("104", e.get(DicomTags.WINDOW_WIDTH), f.toString());
            assertEquals("8", e.get(DicomTags.BITS_STORED), "8-bit types: 8 of 16 bits");
            assertEquals("7", e.get(DicomTags.HIGH_BIT));
        }
        byte[] pixels = Files.readAllBytes(series.resolve("IMG0001.dcm"));
        assertArrayEquals(new byte[] {(byte) 0xfd, (byte) 0xff, 0, 0}, Arrays.copyOfRange(pixels, pixels.length - 4, pixels.length),
                "int8 sign-extended to 16 bits: -3, 0");
    }

    @Test
    void typesItCannotHoldAreRefusedWithWhatToUse() {
        DicomFormat f = new DicomFormat();
        for (DataType t : DataType.values()) {
            assertEquals(List.of(DataType.INT8, DataType.UINT8, DataType.INT16, DataType.UINT16).contains(t), f.supports(t), t.name());
        }
        RelayException e = assertThrows(RelayException.class,
                () -> f.create(dir.resolve("f"), DataType.FLOAT32, new long[] {1, 2, 2}, FileInfo.NONE));
        assertTrue(e.getMessage().contains("DICOM images hold integers, not float32: use nifti or npy for floating-point data"),
                e.getMessage());
        e = assertThrows(RelayException.class, () -> f.create(dir.resolve("i"), DataType.UINT32, new long[] {1, 2, 2}, FileInfo.NONE));
        assertTrue(e.getMessage().contains("not uint32: use nifti or npy"), e.getMessage());
        e = assertThrows(RelayException.class, () -> f.create(dir.resolve("4d"), DataType.UINT8, new long[] {2, 1, 2, 2}, FileInfo.NONE));
        assertTrue(e.getMessage().contains("a DICOM series holds 2 or 3 axes (z, y, x), but the region has 4 (shape [2, 1, 2, 2]):"
                + " select single indices for the other axes"), e.getMessage());
        e = assertThrows(RelayException.class, () -> f.create(dir.resolve("wide"), DataType.UINT8, new long[] {1, 70000}, FileInfo.NONE));
        assertTrue(e.getMessage().contains("at most 65535 rows and columns"), e.getMessage());
        assertEquals(List.of(), Arrays.asList(dir.toFile().list()), "nothing left behind by refusals");
    }

    @Test
    void aSlabThatDoesNotContinueTheSeriesIsABug() {
        try (VolumeWriter w = new DicomFormat().create(dir.resolve("s"), DataType.UINT8, new long[] {2, 2, 2}, FileInfo.NONE)) {
            assertThrows(IllegalArgumentException.class, () -> w.writeSlab(DicomTestData.pattern(DataType.UINT8, 1, 2, 3)));
            assertThrows(IllegalArgumentException.class, () -> w.writeSlab(DicomTestData.pattern(DataType.UINT8, 3, 2, 2)));
            assertThrows(IllegalStateException.class, w::commit);
        }
    }
}
