package org.zarrrelay.format.dicom;

/**
 * The data elements zarr-relay writes or reads, as {@code (group << 16) | element}, grouped by the
 * PS3.3 module that defines them; names and VRs as in the PS3.6 data dictionary.
 */
final class DicomTags {
    private DicomTags() {
    }

    static int group(int tag) {
        return tag >>> 16;
    }

    static String text(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xffff);
    }

    // PS3.10 7.1 File Meta Information (group 0002, always Explicit VR Little Endian)
    static final int META_GROUP_LENGTH = 0x0002_0000;
    static final int META_VERSION = 0x0002_0001;
    static final int MEDIA_SOP_CLASS = 0x0002_0002;
    static final int MEDIA_SOP_INSTANCE = 0x0002_0003;
    static final int TRANSFER_SYNTAX = 0x0002_0010;
    static final int IMPLEMENTATION_CLASS = 0x0002_0012;
    static final int IMPLEMENTATION_VERSION = 0x0002_0013;

    // SOP Common, General Image, General Study, General Series, General Equipment
    static final int IMAGE_TYPE = 0x0008_0008;
    static final int INSTANCE_CREATION_DATE = 0x0008_0012;
    static final int INSTANCE_CREATION_TIME = 0x0008_0013;
    static final int SOP_CLASS = 0x0008_0016;
    static final int SOP_INSTANCE = 0x0008_0018;
    static final int STUDY_DATE = 0x0008_0020;
    static final int SERIES_DATE = 0x0008_0021;
    static final int CONTENT_DATE = 0x0008_0023;
    static final int STUDY_TIME = 0x0008_0030;
    static final int SERIES_TIME = 0x0008_0031;
    static final int CONTENT_TIME = 0x0008_0033;
    static final int ACCESSION_NUMBER = 0x0008_0050;
    static final int MODALITY = 0x0008_0060;
    static final int MANUFACTURER = 0x0008_0070;
    static final int REFERRING_PHYSICIAN = 0x0008_0090;
    static final int TIMEZONE_OFFSET = 0x0008_0201;
    static final int STUDY_DESCRIPTION = 0x0008_1030;
    static final int SERIES_DESCRIPTION = 0x0008_103E;
    static final int DERIVATION_DESCRIPTION = 0x0008_2111;

    // Patient
    static final int PATIENT_NAME = 0x0010_0010;
    static final int PATIENT_ID = 0x0010_0020;
    static final int PATIENT_BIRTH_DATE = 0x0010_0030;
    static final int PATIENT_SEX = 0x0010_0040;

    // MR Image, Image Plane, General Series
    static final int SCANNING_SEQUENCE = 0x0018_0020;
    static final int SEQUENCE_VARIANT = 0x0018_0021;
    static final int SCAN_OPTIONS = 0x0018_0022;
    static final int MR_ACQUISITION_TYPE = 0x0018_0023;
    static final int SLICE_THICKNESS = 0x0018_0050;
    static final int REPETITION_TIME = 0x0018_0080;
    static final int ECHO_TIME = 0x0018_0081;
    static final int SPACING_BETWEEN_SLICES = 0x0018_0088;
    static final int ECHO_TRAIN_LENGTH = 0x0018_0091;
    static final int PATIENT_POSITION = 0x0018_5100;

    // General Study, General Series, General Image, Image Plane, Frame of Reference
    static final int STUDY_INSTANCE = 0x0020_000D;
    static final int SERIES_INSTANCE = 0x0020_000E;
    static final int STUDY_ID = 0x0020_0010;
    static final int SERIES_NUMBER = 0x0020_0011;
    static final int INSTANCE_NUMBER = 0x0020_0013;
    static final int IMAGE_POSITION = 0x0020_0032;
    static final int IMAGE_ORIENTATION = 0x0020_0037;
    static final int FRAME_OF_REFERENCE = 0x0020_0052;
    static final int LATERALITY = 0x0020_0060;
    static final int POSITION_REFERENCE = 0x0020_1040;
    static final int SLICE_LOCATION = 0x0020_1041;

    // Image Pixel, Multi-frame, Modality LUT, VOI LUT
    static final int SAMPLES_PER_PIXEL = 0x0028_0002;
    static final int PHOTOMETRIC = 0x0028_0004;
    static final int NUMBER_OF_FRAMES = 0x0028_0008;
    static final int ROWS = 0x0028_0010;
    static final int COLUMNS = 0x0028_0011;
    static final int PIXEL_SPACING = 0x0028_0030;
    static final int BITS_ALLOCATED = 0x0028_0100;
    static final int BITS_STORED = 0x0028_0101;
    static final int HIGH_BIT = 0x0028_0102;
    static final int PIXEL_REPRESENTATION = 0x0028_0103;
    static final int WINDOW_CENTER = 0x0028_1050;
    static final int WINDOW_WIDTH = 0x0028_1051;
    static final int RESCALE_INTERCEPT = 0x0028_1052;
    static final int RESCALE_SLOPE = 0x0028_1053;
    static final int MODALITY_LUT_SEQUENCE = 0x0028_3000;

    // PS3.5 7.5 and 8: pixel data, sequence items and delimiters (the last three have no VR)
    static final int FLOAT_PIXEL_DATA = 0x7FE0_0008;
    static final int DOUBLE_PIXEL_DATA = 0x7FE0_0009;
    static final int PIXEL_DATA = 0x7FE0_0010;
    static final int ITEM = 0xFFFE_E000;
    static final int ITEM_END = 0xFFFE_E00D;
    static final int SEQUENCE_END = 0xFFFE_E0DD;
}
