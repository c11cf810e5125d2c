package org.zarrrelay.format.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zarrrelay.RelayException;

/**
 * Reads the header of one file of a series, up to its Pixel Data, without reading the pixels
 * (PS3.10 7.1 preamble and File Meta Information, PS3.5 7.1 data elements, 7.5 sequences). Takes
 * Part 10 files in Explicit or Implicit VR Little Endian and bare data sets without preamble (as
 * some tools write), and refuses other transfer syntaxes with a reason. Sequences are skipped,
 * also those of undefined length, up to a nesting depth; every length is checked against what is
 * left of the file before it is read or skipped, so a damaged file ends in a message, never in a
 * large allocation or a long loop.
 */
final class HeaderParser {
    /** Longer than any value of the attributes read here (the longest, LO and DS lists, hold under 1 KB). */
    private static final int MAX_VALUE_BYTES = 64 * 1024;
    /** Far deeper than real data sets nest sequences; bounds the recursion on a hostile file. */
    private static final int MAX_DEPTH = 32;
    private static final Map<Integer, String> WANTED = Map.ofEntries(
            Map.entry(DicomTags.SOP_CLASS, "SOP Class UID"),
            Map.entry(DicomTags.STUDY_DESCRIPTION, "Study Description"),
            Map.entry(DicomTags.SERIES_DESCRIPTION, "Series Description"),
            Map.entry(DicomTags.SPACING_BETWEEN_SLICES, "Spacing Between Slices"),
            Map.entry(DicomTags.SERIES_INSTANCE, "Series Instance UID"),
            Map.entry(DicomTags.IMAGE_POSITION, "Image Position (Patient)"),
            Map.entry(DicomTags.IMAGE_ORIENTATION, "Image Orientation (Patient)"),
            Map.entry(DicomTags.SAMPLES_PER_PIXEL, "Samples per Pixel"),
            Map.entry(DicomTags.PHOTOMETRIC, "Photometric Interpretation"),
            Map.entry(DicomTags.NUMBER_OF_FRAMES, "Number of Frames"),
            Map.entry(DicomTags.ROWS, "Rows"),
            Map.entry(DicomTags.COLUMNS, "Columns"),
            Map.entry(DicomTags.PIXEL_SPACING, "Pixel Spacing"),
            Map.entry(DicomTags.BITS_ALLOCATED, "Bits Allocated"),
            Map.entry(DicomTags.BITS_STORED, "Bits Stored"),
            Map.entry(DicomTags.HIGH_BIT, "High Bit"),
            Map.entry(DicomTags.PIXEL_REPRESENTATION, "Pixel Representation"),
            Map.entry(DicomTags.RESCALE_INTERCEPT, "Rescale Intercept"),
            Map.entry(DicomTags.RESCALE_SLOPE, "Rescale Slope"));

    private final SeriesSource.Item item;
    private final String label;
    private final Map<Integer, byte[]> values = new HashMap<>();
    private boolean explicit;
    private boolean modalityLut;
    private String mediaSopClass;
    private long pixelOffset = -1;
    private long pixelLength;

    private HeaderParser(SeriesSource.Item item, String label) {
        this.item = item;
        this.label = label;
    }

    /**
     * The header of one file, or null when the file is no DICOM image (a DICOMDIR, a report, a file
     * of another kind); then {@code notes} says why it was left out.
     *
     * @param source the folder or archive, for messages
     */
    static SliceHeader parse(SeriesSource.Item item, String source, List<String> notes) {
        HeaderParser p = new HeaderParser(item, label(item.name(), source));
        try {
            return p.parse(notes);
        } catch (IOException e) {
            throw new RelayException("DICOM file " + p.label + " could not be read: " + e.getMessage(), e);
        }
    }

    private SliceHeader parse(List<String> notes) throws IOException {
        long size = item.size();
        byte[] prefix;
        try (DicomInput in = new DicomInput(item.open(), size, label)) {
            prefix = in.bytes(Math.min(132, size), "the file header");
            if (size >= 132 && prefix[128] == 'D' && prefix[129] == 'I' && prefix[130] == 'C' && prefix[131] == 'M') {
                readMeta(in);
                return readDataset(in, notes);
            }
        }
        int group = prefix.length >= 8 ? (prefix[0] & 0xff | (prefix[1] & 0xff) << 8) : -1;
        if (group != 0x0002 && group != 0x0008) {
            if (looksLikeImageFile(item.name())) {
                throw damaged(label, size == 0 ? "it is empty (0 bytes)" : "it is not a DICOM file: it has no \"DICM\" at"
                        + " byte 128 and does not start with a data set");
            }
            notes.add(item.name() + " (not a DICOM file)");
            return null;
        }
        // a bare data set (or File Meta Information without the preamble): read from the start
        try (DicomInput in = new DicomInput(item.open(), size, label)) {
            if (group == 0x0002) {
                readMeta(in);
            } else {
                // PS3.5 7.1.2: in Explicit VR two letters follow the tag; in Implicit VR a length does
                explicit = prefix[4] >= 'A' && prefix[4] <= 'Z' && prefix[5] >= 'A' && prefix[5] <= 'Z';
            }
            return readDataset(in, notes);
        }
    }

    private static boolean looksLikeImageFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".dcm") || lower.endsWith(".dicom") || lower.endsWith(".ima");
    }

    /** PS3.10 7.1: group 0002, always Explicit VR Little Endian, names the transfer syntax of the rest. */
    private void readMeta(DicomInput in) throws IOException {
        String syntax = null;
        while (in.peekGroup() == 0x0002) {
            long at = in.position();
            int tag = in.tag();
            String vr = vr(in, tag, at);
            long length = ElementWriter.LONG_VRS.contains(vr) ? skipReservedThenLength(in) : in.u16();
            if (tag == DicomTags.TRANSFER_SYNTAX) {
                syntax = text(bounded(in, length, tag, at));
            } else if (tag == DicomTags.MEDIA_SOP_CLASS) {
                mediaSopClass = text(bounded(in, length, tag, at));
            } else {
                in.skip(length, "the value of File Meta Information element " + DicomTags.text(tag));
            }
        }
        if (syntax == null) {
            throw damaged(label, "its File Meta Information has no Transfer Syntax UID (0002,0010)");
        }
        switch (syntax) {
            case DicomUids.EXPLICIT_LITTLE -> explicit = true;
            case DicomUids.IMPLICIT_LITTLE -> explicit = false;
            default -> throw new RelayException("DICOM file " + label + " is stored as " + DicomUids.describe(syntax)
                    + " (transfer syntax " + syntax + "), which zarr-relay does not decode: save the series uncompressed,"
                    + " in Explicit VR Little Endian (the viewer's uncompressed export, or e.g. dcmdjpeg / gdcmconv --raw)");
        }
    }

    private SliceHeader readDataset(DicomInput in, List<String> notes) throws IOException {
        while (in.remaining() > 0) {
            long at = in.position();
            if (in.remaining() < 8) {
                throw damaged(label, "it ends in the middle of a data element at byte " + at + ": it was cut off");
            }
            int tag = in.tag();
            if (DicomTags.group(tag) == 0xFFFE) {
                throw damaged(label, "it has a sequence item or delimiter " + DicomTags.text(tag) + " outside any sequence"
                        + " at byte " + at);
            }
            String vr = explicit ? vr(in, tag, at) : null;
            long length = !explicit ? in.u32() : ElementWriter.LONG_VRS.contains(vr) ? skipReservedThenLength(in) : in.u16();
            if (tag == DicomTags.PIXEL_DATA) {
                if (length == DicomInput.UNDEFINED) {
                    throw damaged(label, "its Pixel Data is encapsulated (compressed), which its uncompressed transfer"
                            + " syntax does not allow");
                }
                if (length > in.remaining()) {
                    throw damaged(label, "it is truncated: its Pixel Data at byte " + in.position() + " holds " + length
                            + " bytes, but the file ends after " + in.remaining());
                }
                pixelOffset = in.position();
                pixelLength = length;
                break;  // what follows the pixels (padding, signatures) says nothing about them
            }
            if (tag == DicomTags.FLOAT_PIXEL_DATA || tag == DicomTags.DOUBLE_PIXEL_DATA) {
                throw new RelayException("DICOM file " + label + " holds floating-point pixel data (a Parametric Map);"
                        + " zarr-relay reads DICOM images of integers: return the result as nifti or npy");
            }
            if (tag == DicomTags.MODALITY_LUT_SEQUENCE) {
                modalityLut = true;
            }
            if (length == DicomInput.UNDEFINED) {
                // PS3.5 6.2.2: an UN value of undefined length holds Implicit VR elements
                skipSequence(in, explicit && !"UN".equals(vr), 1);
            } else if (WANTED.containsKey(tag)) {
                values.put(tag, bounded(in, length, tag, at));
            } else {
                in.skip(length, "the value of data element " + DicomTags.text(tag));
            }
        }
        return header(notes);
    }

    private static long skipReservedThenLength(DicomInput in) throws IOException {
        in.skip(2, "a reserved field");
        return in.u32();
    }

    private String vr(DicomInput in, int tag, long at) throws IOException {
        byte[] b = in.bytes(2, "a value representation");
        if (b[0] < 'A' || b[0] > 'Z' || b[1] < 'A' || b[1] > 'Z') {
            throw damaged(label, "data element " + DicomTags.text(tag) + " at byte " + at + " has no value representation"
                    + String.format(" (bytes 0x%02X 0x%02X)", b[0] & 0xff, b[1] & 0xff) + ", although the file says it is"
                    + " Explicit VR");
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private byte[] bounded(DicomInput in, long length, int tag, long at) throws IOException {
        if (length > MAX_VALUE_BYTES) {
            throw damaged(label, "its " + WANTED.getOrDefault(tag, "element") + " " + DicomTags.text(tag) + " at byte " + at
                    + " says it holds " + length + " bytes, far more than such a value has");
        }
        return in.bytes(length, "the value of " + DicomTags.text(tag));
    }

    /** Items until the sequence delimiter (PS3.5 7.5); item and delimiter tags have no VR in any syntax. */
    private void skipSequence(DicomInput in, boolean explicitInside, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw damaged(label, "its sequences nest deeper than " + MAX_DEPTH + " levels (at byte " + in.position() + ")");
        }
        while (true) {
            long at = in.position();
            int tag = in.tag();
            long length = in.u32();
            if (tag == DicomTags.SEQUENCE_END) {
                return;
            }
            if (tag != DicomTags.ITEM) {
                throw damaged(label, "a sequence holds " + DicomTags.text(tag) + " at byte " + at + " where an item or the"
                        + " end of the sequence belongs");
            }
            if (length == DicomInput.UNDEFINED) {
                skipItem(in, explicitInside, depth);
            } else {
                in.skip(length, "a sequence item");
            }
        }
    }

    private void skipItem(DicomInput in, boolean explicitInside, int depth) throws IOException {
        while (true) {
            long at = in.position();
            int tag = in.tag();
            if (tag == DicomTags.ITEM_END) {
                in.u32();
                return;
            }
            String vr = explicitInside && DicomTags.group(tag) != 0xFFFE ? vr(in, tag, at) : null;
            long length = vr == null ? in.u32() : ElementWriter.LONG_VRS.contains(vr) ? skipReservedThenLength(in) : in.u16();
            if (length == DicomInput.UNDEFINED) {
                skipSequence(in, explicitInside && !"UN".equals(vr), depth + 1);
            } else {
                in.skip(length, "the value of data element " + DicomTags.text(tag) + " in a sequence");
            }
        }
    }

    private SliceHeader header(List<String> notes) {
        boolean image = values.containsKey(DicomTags.ROWS);
        if (pixelOffset < 0) {
            if (image) {
                throw damaged(label, "it has the attributes of an image but no Pixel Data (7FE0,0010): it was cut off");
            }
            String sopClass = string(DicomTags.SOP_CLASS) != null ? string(DicomTags.SOP_CLASS) : mediaSopClass;
            notes.add(item.name() + " (no image" + (DicomUids.MEDIA_STORAGE_DIRECTORY.equals(sopClass) ? ": a DICOMDIR"
                    : sopClass == null ? "" : ", SOP Class " + sopClass) + ")");
            return null;
        }
        int bitsStored = required(DicomTags.BITS_STORED);
        return new SliceHeader(item, label, string(DicomTags.SERIES_INSTANCE), string(DicomTags.SERIES_DESCRIPTION),
                string(DicomTags.STUDY_DESCRIPTION), required(DicomTags.ROWS), required(DicomTags.COLUMNS),
                optional(DicomTags.SAMPLES_PER_PIXEL, 1), string(DicomTags.PHOTOMETRIC),
                (int) numbers(DicomTags.NUMBER_OF_FRAMES, 1, new double[] {1})[0], required(DicomTags.BITS_ALLOCATED),
                bitsStored, optional(DicomTags.HIGH_BIT, bitsStored - 1), required(DicomTags.PIXEL_REPRESENTATION),
                numbers(DicomTags.IMAGE_POSITION, 3, null), numbers(DicomTags.IMAGE_ORIENTATION, 6, null),
                numbers(DicomTags.PIXEL_SPACING, 2, null), boxed(numbers(DicomTags.SPACING_BETWEEN_SLICES, 1, null)),
                numbers(DicomTags.RESCALE_SLOPE, 1, new double[] {1})[0],
                numbers(DicomTags.RESCALE_INTERCEPT, 1, new double[] {0})[0], modalityLut, pixelOffset, pixelLength);
    }

    private static Double boxed(double[] v) {
        return v == null ? null : v[0];
    }

    private String string(int tag) {
        byte[] v = values.get(tag);
        if (v == null) {
            return null;
        }
        // trailing NUL and space padding, and the insignificant leading spaces of most VRs
        String s = new String(v, StandardCharsets.ISO_8859_1).replaceAll("[\\x00 ]+$", "").replaceAll("^ +", "");
        return s.isEmpty() ? null : s;
    }

    private static String text(byte[] v) {
        return new String(v, StandardCharsets.ISO_8859_1).replaceAll("[\\x00 ]+$", "").trim();
    }

    private int required(int tag) {
        if (!values.containsKey(tag)) {
            throw damaged(label, "it has Pixel Data but no " + WANTED.get(tag) + " " + DicomTags.text(tag) + ", which every"
                    + " image has");
        }
        return optional(tag, 0);
    }

    private int optional(int tag, int absent) {
        byte[] v = values.get(tag);
        if (v == null) {
            return absent;
        }
        if (v.length != 2) {
            throw damaged(label, "its " + WANTED.get(tag) + " " + DicomTags.text(tag) + " holds " + v.length + " bytes"
                    + " instead of one 2-byte number");
        }
        return (v[0] & 0xff) | (v[1] & 0xff) << 8;
    }

    /** A DS or IS value of {@code count} numbers; {@code absent} when missing or empty. */
    private double[] numbers(int tag, int count, double[] absent) {
        double[] v;
        try {
            v = DecimalStrings.parse(string(tag));
        } catch (NumberFormatException e) {
            throw damaged(label, "its " + WANTED.get(tag) + " " + DicomTags.text(tag) + " is not a list of numbers: "
                    + e.getMessage());
        }
        if (v == null) {
            return absent;
        }
        if (v.length != count) {
            throw damaged(label, "its " + WANTED.get(tag) + " " + DicomTags.text(tag) + " holds " + v.length + " numbers"
                    + " instead of " + count);
        }
        return v;
    }

    /** "IMG0001.dcm in /data/series", or only the path when the file is the whole input. */
    static String label(String name, String source) {
        return source.equals(name) || source.endsWith("/" + name) || source.endsWith("\\" + name) ? source
                : name + " in " + source;
    }

    static RelayException damaged(String label, String what) {
        return new RelayException("DICOM file " + label + " is damaged: " + what + "; save or copy the series again");
    }
}
