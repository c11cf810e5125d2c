package org.zarrrelay.format.dicom;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.zarrrelay.volume.DataType;

/**
 * The bytes before the pixels of one slice of an export: a PS3.10 file (preamble, "DICM", File
 * Meta Information) holding an MR Image (PS3.3 A.4) in Explicit VR Little Endian.
 *
 * <p>Why MR Image: it and CT Image are the single-frame IODs with Image Plane that every viewer
 * stacks into a volume. Both fix Bits Allocated at 16, but CT also fixes Bits Stored at 12 to 16
 * (so uint8 could not come back as uint8) and implies Hounsfield units and CT window presets; MR
 * lets Bits Stored be 8, has Spacing Between Slices in its IOD, and has no Modality LUT, so the
 * stored values are the values. Its acquisition attributes get neutral placeholders: Scanning
 * Sequence RM (research mode), Sequence Variant NONE, and the Type 2 ones present but empty.
 * Patient and study attributes are placeholders too, with the job id in Patient ID and in the
 * Study and Series Descriptions ("zarr-relay job ID"), which tools keep when they save a series.
 */
final class MrImageHeader {
    static final String JOB_PREFIX = "zarr-relay job ";
    /** Window Center and Width are written as this many spaces and filled in once the data range is known. */
    static final int WINDOW_WIDTH_CHARS = DecimalStrings.MAX_LENGTH;

    /** What every slice of one export shares. */
    record Series(String jobId, DataType dtype, SeriesGeometry geometry, String studyUid, String seriesUid,
                  String frameOfReferenceUid, ZonedDateTime created) {

        static Series create(String jobId, DataType dtype, SeriesGeometry geometry) {
            return new Series(jobId, dtype, geometry, DicomUids.random(), DicomUids.random(), DicomUids.random(),
                    ZonedDateTime.now(ZoneOffset.UTC));
        }
    }

    /** A slice's header and where its window values are, to be filled in on commit. */
    record Bytes(byte[] header, int windowCenterAt, int windowWidthAt) {
    }

    private MrImageHeader() {
    }

    /** Bits stored for a type; the container is always 16 bits (the MR Image Module fixes Bits Allocated). */
    static int bitsStored(DataType dtype) {
        return dtype.size() * 8;
    }

    static Bytes slice(Series s, int k, long pixelBytes) {
        String instanceUid = DicomUids.random();
        byte[] meta = meta(instanceUid);
        ElementWriter d = dataset(s, k, instanceUid);
        int center = d.placeholder(DicomTags.WINDOW_CENTER, "DS", WINDOW_WIDTH_CHARS);
        int width = d.placeholder(DicomTags.WINDOW_WIDTH, "DS", WINDOW_WIDTH_CHARS);
        d.headerOnly(DicomTags.PIXEL_DATA, "OW", pixelBytes);
        byte[] dataset = d.toBytes();
        byte[] out = new byte[128 + 4 + meta.length + dataset.length];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, out, 128, 4);
        System.arraycopy(meta, 0, out, 132, meta.length);
        int base = 132 + meta.length;
        System.arraycopy(dataset, 0, out, base, dataset.length);
        return new Bytes(out, base + center, base + width);
    }

    /** PS3.10 7.1: the group length first, counting the bytes after it. */
    private static byte[] meta(String instanceUid) {
        byte[] rest = new ElementWriter()
                .ob(DicomTags.META_VERSION, new byte[] {0, 1})
                .text(DicomTags.MEDIA_SOP_CLASS, "UI", DicomUids.MR_IMAGE_STORAGE)
                .text(DicomTags.MEDIA_SOP_INSTANCE, "UI", instanceUid)
                .text(DicomTags.TRANSFER_SYNTAX, "UI", DicomUids.EXPLICIT_LITTLE)
                .text(DicomTags.IMPLEMENTATION_CLASS, "UI", DicomUids.IMPLEMENTATION_CLASS)
                .text(DicomTags.IMPLEMENTATION_VERSION, "SH", DicomUids.IMPLEMENTATION_VERSION)
                .toBytes();
        byte[] length = new ElementWriter().ul(DicomTags.META_GROUP_LENGTH, rest.length).toBytes();
        byte[] out = new byte[length.length + rest.length];
        System.arraycopy(length, 0, out, 0, length.length);
        System.arraycopy(rest, 0, out, length.length, rest.length);
        return out;
    }

    private static ElementWriter dataset(Series s, int k, String instanceUid) {
        SeriesGeometry g = s.geometry();
        String date = s.created().format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        String time = s.created().format(DateTimeFormatter.ofPattern("HHmmss"));
        // without a job (a plain export) nothing may look like a job id to our reader
        String description = s.jobId() == null ? "zarr-relay export" : JOB_PREFIX + s.jobId();
        int stored = bitsStored(s.dtype());
        boolean signed = s.dtype().kind() == DataType.Kind.SIGNED;
        double[] position = g.position(k);
        ElementWriter w = new ElementWriter()
                .text(DicomTags.IMAGE_TYPE, "CS", "DERIVED\\SECONDARY\\OTHER")
                .text(DicomTags.INSTANCE_CREATION_DATE, "DA", date)
                .text(DicomTags.INSTANCE_CREATION_TIME, "TM", time)
                .text(DicomTags.SOP_CLASS, "UI", DicomUids.MR_IMAGE_STORAGE)
                .text(DicomTags.SOP_INSTANCE, "UI", instanceUid)
                .text(DicomTags.STUDY_DATE, "DA", date)
                .text(DicomTags.SERIES_DATE, "DA", date)
                .text(DicomTags.CONTENT_DATE, "DA", date)
                .text(DicomTags.STUDY_TIME, "TM", time)
                .text(DicomTags.SERIES_TIME, "TM", time)
                .text(DicomTags.CONTENT_TIME, "TM", time)
                .empty(DicomTags.ACCESSION_NUMBER, "SH")
                .text(DicomTags.MODALITY, "CS", "MR")
                .text(DicomTags.MANUFACTURER, "LO", "zarr-relay")
                .empty(DicomTags.REFERRING_PHYSICIAN, "PN")
                .text(DicomTags.TIMEZONE_OFFSET, "SH", "+0000")
                .text(DicomTags.STUDY_DESCRIPTION, "LO", description)
                .text(DicomTags.SERIES_DESCRIPTION, "LO", description)
                .text(DicomTags.DERIVATION_DESCRIPTION, "ST", "Region of a Zarr array exported by zarr-relay"
                        + (s.jobId() == null ? "" : ", job " + s.jobId()))
                .text(DicomTags.PATIENT_NAME, "PN", "zarr-relay^export")
                .text(DicomTags.PATIENT_ID, "LO", s.jobId() == null ? "zarr-relay" : s.jobId())
                .empty(DicomTags.PATIENT_BIRTH_DATE, "DA")
                .empty(DicomTags.PATIENT_SEX, "CS")
                .text(DicomTags.SCANNING_SEQUENCE, "CS", "RM")
                .text(DicomTags.SEQUENCE_VARIANT, "CS", "NONE")
                .empty(DicomTags.SCAN_OPTIONS, "CS")
                .empty(DicomTags.MR_ACQUISITION_TYPE, "CS");
        if (g.threeD()) {
            w.text(DicomTags.SLICE_THICKNESS, "DS", DecimalStrings.format(g.spacing()[0]));
        } else {
            w.empty(DicomTags.SLICE_THICKNESS, "DS");
        }
        w.empty(DicomTags.REPETITION_TIME, "DS").empty(DicomTags.ECHO_TIME, "DS");
        if (g.threeD()) {
            // its presence also tells our reader that a one-file series is a 3D export of one slice
            w.text(DicomTags.SPACING_BETWEEN_SLICES, "DS", DecimalStrings.format(g.spacing()[0]));
        }
        return w.empty(DicomTags.ECHO_TRAIN_LENGTH, "IS")
                .empty(DicomTags.PATIENT_POSITION, "CS")
                .text(DicomTags.STUDY_INSTANCE, "UI", s.studyUid())
                .text(DicomTags.SERIES_INSTANCE, "UI", s.seriesUid())
                .text(DicomTags.STUDY_ID, "SH", "zarr-relay")
                .text(DicomTags.SERIES_NUMBER, "IS", "1")
                .text(DicomTags.INSTANCE_NUMBER, "IS", Integer.toString(k + 1))
                .text(DicomTags.IMAGE_POSITION, "DS", DecimalStrings.format(position))
                .text(DicomTags.IMAGE_ORIENTATION, "DS", "1\\0\\0\\0\\1\\0")
                .text(DicomTags.FRAME_OF_REFERENCE, "UI", s.frameOfReferenceUid())
                .empty(DicomTags.LATERALITY, "CS")
                .empty(DicomTags.POSITION_REFERENCE, "LO")
                .text(DicomTags.SLICE_LOCATION, "DS", DecimalStrings.format(position[2]))
                .us(DicomTags.SAMPLES_PER_PIXEL, 1)
                .text(DicomTags.PHOTOMETRIC, "CS", "MONOCHROME2")
                .us(DicomTags.ROWS, g.rows())
                .us(DicomTags.COLUMNS, g.columns())
                .text(DicomTags.PIXEL_SPACING, "DS", DecimalStrings.format(g.spacing()[1], g.spacing()[2]))
                .us(DicomTags.BITS_ALLOCATED, 16)
                .us(DicomTags.BITS_STORED, stored)
                .us(DicomTags.HIGH_BIT, stored - 1)
                .us(DicomTags.PIXEL_REPRESENTATION, signed ? 1 : 0);
    }
}
