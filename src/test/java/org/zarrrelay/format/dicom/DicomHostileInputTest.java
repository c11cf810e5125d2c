package org.zarrrelay.format.dicom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;

/**
 * Damaged or crafted files are refused with a message naming the file and what is wrong, quickly
 * and without a large allocation: never an Error, never another exception, never a hang.
 */
class DicomHostileInputTest {
    @TempDir
    Path dir;

    private Path series(SliceBuilder... slices) throws IOException {
        Path folder = dir.resolve("series");
        for (int i = 0; i < slices.length; i++) {
            slices[i].write(folder.resolve("S" + i + ".dcm"));
        }
        return folder;
    }

    static void assertRefused(Path path, String... parts) {
        RelayException e = assertThrows(RelayException.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new DicomFormat().open(path).close()));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
        }
    }

    @Test
    void anEmptyOrForeignFileNamedDcm() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.write(dir.resolve("a/IMG0001.dcm"), new byte[0]);
        assertRefused(dir.resolve("a"), "DICOM file IMG0001.dcm in ", "is damaged: it is empty (0 bytes)");
        Files.writeString(dir.resolve("b.dcm"), "hello, this is text and no DICOM file at all, even though it is long enough"
                + " to have a preamble: " + "x".repeat(200));
        assertRefused(dir.resolve("b.dcm"), "b.dcm", "is not a DICOM file: it has no \"DICM\" at byte 128");
    }

    @Test
    void aFileCutOffInItsPixelData() throws IOException {
        Path folder = series(new SliceBuilder().at(0), new SliceBuilder().at(1));
        Path cut = folder.resolve("S1.dcm");
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
        assertRefused(folder, "DICOM file S1.dcm in ", "is damaged: it is truncated: its Pixel Data at byte", "holds 12 bytes,"
                + " but the file ends after 9");
    }

    @Test
    void aFileCutOffInItsHeader() throws IOException {
        Path file = dir.resolve("cut.dcm");
        byte[] bytes = new SliceBuilder().build();
        Files.write(file, Arrays.copyOf(bytes, 200));
        assertRefused(file, "cut.dcm is damaged: it ends in the middle of a data element at byte 194: it was cut off");
    }

    @Test
    void anElementLongerThanTheFile() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.before = SliceBuilder.element(0x0009_1010, "OB", 1_000_000_000L, new byte[0]);
        assertRefused(s.write(dir.resolve("long.dcm")), "the value of data element (0009,1010) at byte", "needs 1000000000"
                + " bytes, but the file ends after");
    }

    @Test
    void anAttributeValueFarLongerThanItCouldBe() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.before = SliceBuilder.element(DicomTags.SERIES_DESCRIPTION, "UN", 1L << 30, new byte[0]);
        assertRefused(s.write(dir.resolve("huge.dcm")), "its Series Description (0008,103E) at byte", "says it holds 1073741824"
                + " bytes, far more than such a value has");
    }

    @Test
    void sequencesNestedWithoutEnd() throws IOException {
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            nested.writeBytes(SliceBuilder.element(0x0009_1010, "SQ", DicomInput.UNDEFINED, new byte[0]));
            nested.writeBytes(SliceBuilder.element(DicomTags.ITEM, null, DicomInput.UNDEFINED, new byte[0]));
        }
        SliceBuilder s = new SliceBuilder();
        s.before = nested.toByteArray();
        assertRefused(s.write(dir.resolve("deep.dcm")), "its sequences nest deeper than 32 levels");
    }

    @Test
    void aSequenceThatNeverEnds() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.pixelData = false;
        s.before = concat(SliceBuilder.element(0x0009_1010, "SQ", DicomInput.UNDEFINED, new byte[0]),
                SliceBuilder.element(DicomTags.ITEM, null, 4, new byte[4]));
        Path file = dir.resolve("open.dcm");
        Files.write(file, Arrays.copyOf(s.build(), 132 + 28 + s.before.length));
        assertRefused(file, "open.dcm", "is damaged:", "the file ends after 0 more");
        s.before = concat(SliceBuilder.element(0x0009_1010, "SQ", DicomInput.UNDEFINED, new byte[0]),
                SliceBuilder.element(DicomTags.ROWS, "US", 2, new byte[2]));
        assertRefused(s.write(dir.resolve("stray.dcm")), "a sequence holds (0028,0010) at byte", "where an item or the end of"
                + " the sequence belongs");
    }

    @Test
    void anItemOutsideASequenceOrAnElementWithoutAValueRepresentation() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.before = SliceBuilder.element(DicomTags.ITEM, null, 0, new byte[0]);
        assertRefused(s.write(dir.resolve("item.dcm")), "a sequence item or delimiter (FFFE,E000) outside any sequence");
        s.before = new byte[] {0x09, 0, 0x10, 0x10, 1, 2, 0, 0};
        assertRefused(s.write(dir.resolve("vr.dcm")), "data element (0009,1010) at byte 160 has no value representation"
                + " (bytes 0x01 0x02), although the file says it is Explicit VR");
    }

    @Test
    void compressedAndBigEndianTransferSyntaxesAreRefusedWithWhatToDo() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.transferSyntax = "1.2.840.10008.1.2.4.70";
        assertRefused(s.write(dir.resolve("jpeg.dcm")), "jpeg.dcm", "is stored as JPEG Lossless (transfer syntax"
                + " 1.2.840.10008.1.2.4.70), which zarr-relay does not decode: save the series uncompressed");
        s.transferSyntax = DicomUids.EXPLICIT_BIG;
        assertRefused(s.write(dir.resolve("big.dcm")), "is stored as Explicit VR Big Endian", "save the series uncompressed");
        s.transferSyntax = DicomUids.EXPLICIT_LITTLE;
        s.bitsAllocated = 8;
        s.bitsStored = 8;
        s.pixelData = false;
        s.before = SliceBuilder.element(DicomTags.PIXEL_DATA, "OB", DicomInput.UNDEFINED, new byte[0]);
        assertRefused(s.write(dir.resolve("encapsulated.dcm")), "its Pixel Data is encapsulated (compressed)");
    }

    @Test
    void aMetaHeaderWithoutTransferSyntax() throws IOException {
        byte[] file = concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
                SliceBuilder.element(DicomTags.MEDIA_SOP_CLASS, "UI", 26, DicomUids.MR_IMAGE_STORAGE.concat("\0")
                        .getBytes(StandardCharsets.US_ASCII)), SliceBuilder.element(DicomTags.ROWS, "US", 2, new byte[2]));
        Files.write(dir.resolve("nots.dcm"), file);
        assertRefused(dir.resolve("nots.dcm"), "its File Meta Information has no Transfer Syntax UID (0002,0010)");
    }

    @Test
    void imageAttributesWithoutPixelsOrTooFewPixels() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.pixelData = false;
        assertRefused(s.write(dir.resolve("nopixels.dcm")), "has the attributes of an image but no Pixel Data (7FE0,0010)");
        s.pixelData = true;
        s.pixels = new byte[10];
        assertRefused(s.write(dir.resolve("short.dcm")), "its Pixel Data holds 10 bytes, but 2 rows x 3 columns of 16 bits need 12");
    }

    @Test
    void floatPixelDataAndTextWhereNumbersBelong() throws IOException {
        SliceBuilder s = new SliceBuilder();
        s.pixelData = false;
        s.before = SliceBuilder.element(DicomTags.FLOAT_PIXEL_DATA, "OF", 24, new byte[24]);
        assertRefused(s.write(dir.resolve("float.dcm")), "holds floating-point pixel data", "nifti or npy");
        SliceBuilder t = new SliceBuilder();
        t.pixelSpacing = "0.5\\abc";
        assertRefused(t.write(dir.resolve("text.dcm")), "its Pixel Spacing (0028,0030) is not a list of numbers: 'abc'");
        t.pixelSpacing = "0.5\\NaN";
        assertRefused(t.write(dir.resolve("nan.dcm")), "its Pixel Spacing (0028,0030) is not a list of numbers: 'NaN'");
        t.pixelSpacing = "0.5";
        assertRefused(t.write(dir.resolve("one.dcm")), "its Pixel Spacing (0028,0030) holds 1 numbers instead of 2");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
