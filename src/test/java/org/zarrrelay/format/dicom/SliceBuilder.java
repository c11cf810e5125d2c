package org.zarrrelay.format.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small Explicit VR Little Endian Part 10 image files for tests, made from parts that a test can
 * change or leave out, and raw bytes it can put before the data set or instead of the pixels.
 */
final class SliceBuilder {
    String transferSyntax = DicomUids.EXPLICIT_LITTLE;
    String seriesUid = "1.2.826.0.1.3680043.10.1";
    double[] position = {0, 0, 0};
    String orientation = "1\\0\\0\\0\\1\\0";
    String pixelSpacing = "0.5\\0.5";
    String photometric = "MONOCHROME2";
    Integer frames;
    int samples = 1;
    int rows = 2;
    int columns = 3;
    int bitsAllocated = 16;
    int bitsStored = 16;
    int representation;
    boolean pixelData = true;
    /** The pixels; zeros of the right size when null. */
    byte[] pixels;
    /** Raw bytes put right after the File Meta Information, before the image's elements. */
    byte[] before = new byte[0];

    SliceBuilder at(double z) {
        position = new double[] {0, 0, z};
        return this;
    }

    byte[] build() {
        ElementWriter meta = new ElementWriter().text(DicomTags.TRANSFER_SYNTAX, "UI", transferSyntax);
        ElementWriter d = new ElementWriter()
                .text(DicomTags.SOP_CLASS, "UI", DicomUids.MR_IMAGE_STORAGE)
                .text(DicomTags.SERIES_INSTANCE, "UI", seriesUid);
        if (position != null) {
            d.text(DicomTags.IMAGE_POSITION, "DS", DecimalStrings.format(position));
        }
        if (orientation != null) {
            d.text(DicomTags.IMAGE_ORIENTATION, "DS", orientation);
        }
        d.us(DicomTags.SAMPLES_PER_PIXEL, samples).text(DicomTags.PHOTOMETRIC, "CS", photometric);
        if (frames != null) {
            d.text(DicomTags.NUMBER_OF_FRAMES, "IS", frames.toString());
        }
        d.us(DicomTags.ROWS, rows).us(DicomTags.COLUMNS, columns);
        if (pixelSpacing != null) {
            d.text(DicomTags.PIXEL_SPACING, "DS", pixelSpacing);
        }
        d.us(DicomTags.BITS_ALLOCATED, bitsAllocated).us(DicomTags.BITS_STORED, bitsStored)
                .us(DicomTags.HIGH_BIT, bitsStored - 1).us(DicomTags.PIXEL_REPRESENTATION, representation);
        byte[] p = pixels != null ? pixels : new byte[rows * columns * bitsAllocated / 8];
        if (pixelData) {
            d.headerOnly(DicomTags.PIXEL_DATA, bitsAllocated == 8 ? "OB" : "OW", p.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(meta.toBytes());
        out.writeBytes(before);
        out.writeBytes(d.toBytes());
        if (pixelData) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, build());
    }

    /** An element's bytes in Explicit VR Little Endian: tag, VR, length as the VR's length field holds it, value. */
    static byte[] element(int tag, String vr, long length, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le16(out, tag >>> 16);
        le16(out, tag & 0xffff);
        if (vr != null) {
            out.write(vr.charAt(0));
            out.write(vr.charAt(1));
        }
        if (vr == null || ElementWriter.LONG_VRS.contains(vr)) {
            if (vr != null) {
                le16(out, 0);
            }
            le16(out, (int) (length & 0xffff));
            le16(out, (int) (length >>> 16));
        } else {
            le16(out, (int) length);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }
}
