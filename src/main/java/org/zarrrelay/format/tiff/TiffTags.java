package org.zarrrelay.format.tiff;

import java.util.Set;

/**
 * The TIFF 6.0 tags we write and read (TIFF 6.0 specification, section 8 "Baseline Fields" and
 * section 19 "Data Sample Format"), and ImageJ's private metadata tags (ij.io.TiffDecoder).
 */
final class TiffTags {
    static final int NEW_SUBFILE_TYPE = 254;
    static final int IMAGE_WIDTH = 256;
    static final int IMAGE_LENGTH = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int IMAGE_DESCRIPTION = 270;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int ROWS_PER_STRIP = 278;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int X_RESOLUTION = 282;
    static final int Y_RESOLUTION = 283;
    static final int PLANAR_CONFIGURATION = 284;
    static final int RESOLUTION_UNIT = 296;
    static final int PREDICTOR = 317;
    static final int TILE_WIDTH = 322;
    static final int SAMPLE_FORMAT = 339;
    /** ImageJ: byte counts of the blocks in {@link #IJ_METADATA}, the first being its header. */
    static final int IJ_METADATA_BYTE_COUNTS = 50838;
    /** ImageJ: "IJIJ", then (type, count) pairs, then the blocks; type "info" holds the Info property. */
    static final int IJ_METADATA = 50839;

    /** What a page's directory must tell: its size, sample type and where its strips are. */
    static final Set<Integer> PAGE_TAGS = Set.of(NEW_SUBFILE_TYPE, IMAGE_WIDTH, IMAGE_LENGTH, BITS_PER_SAMPLE,
            COMPRESSION, STRIP_OFFSETS, SAMPLES_PER_PIXEL, STRIP_BYTE_COUNTS, PLANAR_CONFIGURATION, TILE_WIDTH,
            SAMPLE_FORMAT);
    /** The first directory also carries the stack's metadata. */
    static final Set<Integer> FIRST_PAGE_TAGS = Set.of(NEW_SUBFILE_TYPE, IMAGE_WIDTH, IMAGE_LENGTH, BITS_PER_SAMPLE,
            COMPRESSION, STRIP_OFFSETS, SAMPLES_PER_PIXEL, STRIP_BYTE_COUNTS, PLANAR_CONFIGURATION, TILE_WIDTH,
            SAMPLE_FORMAT, IMAGE_DESCRIPTION, X_RESOLUTION, Y_RESOLUTION, IJ_METADATA_BYTE_COUNTS, IJ_METADATA);

    static final int IJ_MAGIC = 0x494a494a;   // "IJIJ"
    static final int IJ_INFO = 0x696e666f;    // "info"

    // field types (section 2)
    static final short BYTE = 1;
    static final short ASCII = 2;
    static final short SHORT = 3;
    static final short LONG = 4;
    static final short RATIONAL = 5;
    /** BigTIFF (TIFF Technical Note: BigTIFF): unsigned 8-byte integers, e.g. strip offsets past 4 GB. */
    static final short LONG8 = 16;

    /** The version word of a classic TIFF header, and of a BigTIFF header (whose offsets are 8 bytes). */
    static final int CLASSIC_MAGIC = 42;
    static final int BIG_MAGIC = 43;

    // SampleFormat values
    static final int UNSIGNED = 1;
    static final int SIGNED = 2;
    static final int FLOAT = 3;

    private TiffTags() {
    }
}
