package org.zarrrelay.format.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Encodes data elements in Explicit VR Little Endian (PS3.5 7.1.2), in ascending tag order as
 * PS3.5 7.1 requires (a tag out of order is a bug here, so it throws). Values are padded to an
 * even length (PS3.5 7.1.1): UIDs with a NUL, other text with a space.
 */
final class ElementWriter {
    /** VRs with a 2-byte reserved field and a 4-byte length (PS3.5 Table 7.1-1). */
    static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    private int lastTag = -1;

    /** Bytes written so far. */
    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    ElementWriter text(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        int padded = v.length + (v.length & 1);
        header(tag, vr, padded);
        out.writeBytes(v);
        if (padded != v.length) {
            out.write(vr.equals("UI") ? 0 : ' ');
        }
        return this;
    }

    /** An empty (zero-length) value: what a Type 2 attribute holds when nothing is known. */
    ElementWriter empty(int tag, String vr) {
        header(tag, vr, 0);
        return this;
    }

    /**
     * A text value of exactly {@code width} bytes, spaces for now, to be overwritten once its content
     * is known; returns where the value starts.
     */
    int placeholder(int tag, String vr, int width) {
        if ((width & 1) != 0) {
            throw new IllegalArgumentException("values have an even length, not " + width);
        }
        header(tag, vr, width);
        int at = out.size();
        for (int i = 0; i < width; i++) {
            out.write(' ');
        }
        return at;
    }

    ElementWriter us(int tag, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(DicomTags.text(tag) + " US value " + value + " is outside 0..65535");
        }
        header(tag, "US", 2);
        out.write(value & 0xff);
        out.write(value >>> 8);
        return this;
    }

    ElementWriter ul(int tag, long value) {
        header(tag, "UL", 4);
        le32(value);
        return this;
    }

    ElementWriter ob(int tag, byte[] value) {
        header(tag, "OB", value.length + (value.length & 1));
        out.writeBytes(value);
        if ((value.length & 1) != 0) {
            out.write(0);
        }
        return this;
    }

    /** The header of an element whose value the caller writes after these bytes. */
    ElementWriter headerOnly(int tag, String vr, long length) {
        header(tag, vr, length);
        return this;
    }

    private void header(int tag, String vr, long length) {
        if (Integer.compareUnsigned(tag, lastTag) <= 0 && lastTag != -1) {
            throw new IllegalStateException("data element " + DicomTags.text(tag) + " written after " + DicomTags.text(lastTag)
                    + ": elements must be in ascending order");
        }
        lastTag = tag;
        out.write((tag >>> 16) & 0xff);
        out.write(tag >>> 24);
        out.write(tag & 0xff);
        out.write((tag >>> 8) & 0xff);
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        if (LONG_VRS.contains(vr)) {
            out.write(0);
            out.write(0);
            le32(length);
        } else {
            if (length > 0xffff) {
                throw new IllegalArgumentException(DicomTags.text(tag) + " " + vr + " value of " + length
                        + " bytes is longer than a 2-byte length holds");
            }
            out.write((int) length & 0xff);
            out.write((int) (length >>> 8));
        }
    }

    private void le32(long v) {
        out.write((int) v & 0xff);
        out.write((int) (v >>> 8) & 0xff);
        out.write((int) (v >>> 16) & 0xff);
        out.write((int) (v >>> 24) & 0xff);
    }
}
