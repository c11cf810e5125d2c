package org.zarrrelay.format.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.volume.DataType;

/**
 * The volume a set of image headers makes: slices ordered by Image Position (Patient) along the
 * slice normal (never by file name: tools name and number files in any order), checked to be one
 * series of equal slices, evenly spaced, in zarr-relay's orientation (rows along x, columns along
 * y, 1\0\0\0\1\0). Anything else is refused with what is wrong, because a voxel placed at the
 * wrong position is worse than no result.
 */
final class SeriesLayout {
    /** Direction cosines as written with a few decimals (0.99999) still count as exact. */
    private static final double ORIENTATION_TOLERANCE = 1e-4;
    /** Gaps between slices may differ from their mean by this fraction: positions are rounded text. */
    private static final double GAP_TOLERANCE = 0.01;
    /** Plus this many mm, for positions written with 6 decimals. */
    private static final double ABSOLUTE_MM = 1e-6;
    private static final Pattern JOB = Pattern.compile(Pattern.quote(MrImageHeader.JOB_PREFIX) + "([A-Za-z0-9._-]+)");

    final List<SliceHeader> slices;
    final long[] shape;
    final PixelModel model;
    final DataType dtype;
    final FileInfo info;

    private SeriesLayout(List<SliceHeader> slices, long[] shape, PixelModel model, DataType dtype, FileInfo info) {
        this.slices = slices;
        this.shape = shape;
        this.model = model;
        this.dtype = dtype;
        this.info = info;
    }

    static SeriesLayout of(List<SliceHeader> headers, String where, List<String> notes) {
        if (headers.isEmpty()) {
            throw new RelayException(where + " holds no DICOM image" + (notes.isEmpty() ? "" : " (left out: "
                    + String.join(", ", notes.subList(0, Math.min(5, notes.size()))) + (notes.size() > 5 ? ", ..." : "") + ")")
                    + ": return the folder (or .zip) of the series' image files");
        }
        oneSeries(headers, where);
        SliceHeader first = headers.get(0);
        PixelModel model = PixelModel.of(first);
        for (SliceHeader h : headers) {
            sameImage(first, h, where);
            if (h.pixelSpacing() != null && !(h.pixelSpacing()[0] > 0 && h.pixelSpacing()[1] > 0)) {
                throw HeaderParser.damaged(h.label(), "its Pixel Spacing " + text(h.pixelSpacing()) + " is not positive");
            }
            if (h.pixelLength() < h.frameBytes()) {
                throw HeaderParser.damaged(h.label(), "its Pixel Data holds " + h.pixelLength() + " bytes, but "
                        + h.rows() + " rows x " + h.columns() + " columns of " + h.bitsAllocated() + " bits need "
                        + h.frameBytes());
            }
        }
        boolean rescaled = headers.stream().anyMatch(SliceHeader::rescaled);
        DataType dtype = rescaled ? DataType.FLOAT64 : model.dtype();
        String jobId = jobId(headers);
        if (headers.size() == 1) {
            return single(first, model, dtype, jobId);
        }
        List<SliceHeader> ordered = ordered(headers, where);
        SliceHeader low = ordered.get(0);
        double mean = (ordered.get(ordered.size() - 1).position()[2] - low.position()[2]) / (ordered.size() - 1);
        double[] ps = first.pixelSpacing();
        double[] size = ps == null ? null : new double[] {mean, ps[0], ps[1]};
        double[] origin = {low.position()[2], low.position()[1], low.position()[0]};
        long[] shape = {ordered.size(), first.rows(), first.columns()};
        return new SeriesLayout(List.copyOf(ordered), shape, model, dtype, new FileInfo(jobId, size, origin, "millimeter"));
    }

    /** One file: a 2D image, or a 3D export of one slice, which states its Spacing Between Slices. */
    private static SeriesLayout single(SliceHeader h, PixelModel model, DataType dtype, String jobId) {
        if (h.orientation() != null) {
            checkOrientation(h);
        }
        boolean threeD = h.spacingBetweenSlices() != null && h.spacingBetweenSlices() > 0;
        double[] ps = h.pixelSpacing();
        double[] p = h.position();
        double[] size = ps == null ? null : threeD ? new double[] {h.spacingBetweenSlices(), ps[0], ps[1]} : ps.clone();
        double[] origin = p == null ? null : threeD ? new double[] {p[2], p[1], p[0]} : new double[] {p[1], p[0]};
        long[] shape = threeD ? new long[] {1, h.rows(), h.columns()} : new long[] {h.rows(), h.columns()};
        String unit = size == null && origin == null ? null : "millimeter";
        return new SeriesLayout(List.of(h), shape, model, dtype, new FileInfo(jobId, size, origin, unit));
    }

    private static void oneSeries(List<SliceHeader> headers, String where) {
        Map<String, List<SliceHeader>> bySeries = new LinkedHashMap<>();
        for (SliceHeader h : headers) {
            bySeries.computeIfAbsent(String.valueOf(h.seriesUid()), k -> new ArrayList<>()).add(h);
        }
        if (bySeries.size() > 1) {
            List<String> parts = new ArrayList<>();
            for (List<SliceHeader> s : bySeries.values()) {
                SliceHeader h = s.get(0);
                parts.add(s.size() + " file(s) like " + h.name() + (h.seriesDescription() == null ? "" : " (\""
                        + h.seriesDescription() + "\")"));
            }
            throw new RelayException(where + " holds " + bySeries.size() + " DICOM series: " + String.join("; ", parts)
                    + ". Return one series only (the result), in a folder or .zip of its own");
        }
    }

    private static void sameImage(SliceHeader a, SliceHeader b, String where) {
        String diff = a.rows() != b.rows() || a.columns() != b.columns() ? "size " + a.rows() + " x " + a.columns() + " and "
                + b.rows() + " x " + b.columns()
                : a.bitsAllocated() != b.bitsAllocated() || a.bitsStored() != b.bitsStored()
                        || a.pixelRepresentation() != b.pixelRepresentation()
                ? "pixel types (Bits Allocated/Stored, Pixel Representation) " + a.bitsAllocated() + "/" + a.bitsStored() + "/"
                        + a.pixelRepresentation() + " and " + b.bitsAllocated() + "/" + b.bitsStored() + "/" + b.pixelRepresentation()
                : a.samplesPerPixel() != b.samplesPerPixel() || a.frames() != b.frames() || a.highBit() != b.highBit()
                ? "image layouts (samples, frames, high bit)" : null;
        if (diff == null && !sameSpacing(a.pixelSpacing(), b.pixelSpacing())) {
            diff = "Pixel Spacing " + text(a.pixelSpacing()) + " and " + text(b.pixelSpacing());
        }
        if (diff != null) {
            throw new RelayException("the slices of the DICOM series in " + where + " differ: " + a.name() + " and " + b.name()
                    + " have " + diff + "; a volume needs equal slices: return one series of the exported slices");
        }
    }

    private static boolean sameSpacing(double[] a, double[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        for (int i = 0; i < 2; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4 * Math.max(Math.abs(a[i]), Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    private static List<SliceHeader> ordered(List<SliceHeader> headers, String where) {
        for (SliceHeader h : headers) {
            if (h.position() == null || h.orientation() == null) {
                throw new RelayException("DICOM file " + h.label() + " has no Image "
                        + (h.position() == null ? "Position" : "Orientation") + " (Patient), so where it lies in the"
                        + " volume is unknown (zarr-relay orders slices by position, never by file name): return a series"
                        + " of images with Image Plane attributes, e.g. MR or CT images");
            }
            checkOrientation(h);
        }
        List<SliceHeader> ordered = new ArrayList<>(headers);
        // orientation 1\0\0\0\1\0: the slice normal (row x column direction) is +z
        ordered.sort(Comparator.comparingDouble(h -> h.position()[2]));
        SliceHeader low = ordered.get(0);
        double typical = medianGap(ordered);
        double[] ps = low.pixelSpacing();
        for (int i = 0; i < ordered.size(); i++) {
            SliceHeader h = ordered.get(i);
            for (int axis = 0; axis < 2; axis++) {
                double allowed = GAP_TOLERANCE * (ps == null ? 1 : ps[1 - axis]) + ABSOLUTE_MM;
                if (Math.abs(h.position()[axis] - low.position()[axis]) > allowed) {
                    throw new RelayException("the slices of the DICOM series in " + where + " are shifted against each"
                            + " other: " + low.name() + " starts at " + text(low.position()) + " mm and " + h.name() + " at "
                            + text(h.position()) + " mm, not on one line along z; return the series as exported (not"
                            + " resliced or cropped per slice)");
                }
            }
            if (i == 0) {
                continue;
            }
            SliceHeader prev = ordered.get(i - 1);
            double gap = h.position()[2] - prev.position()[2];
            if (gap <= ABSOLUTE_MM + 1e-3 * typical) {
                throw new RelayException("DICOM files " + prev.name() + " and " + h.name() + " in " + where + " lie at the"
                        + " same position (z = " + DecimalStrings.format(h.position()[2]) + " mm): the folder holds more than"
                        + " one volume (echoes, time points) or a slice twice; return one volume only");
            }
            if (Math.abs(gap - typical) > GAP_TOLERANCE * typical + ABSOLUTE_MM) {
                throw new RelayException("the slices of the DICOM series in " + where + " are not evenly spaced: " + prev.name()
                        + " lies at z = " + DecimalStrings.format(prev.position()[2]) + " mm and the next, " + h.name() + ", at z = "
                        + DecimalStrings.format(h.position()[2]) + " mm, a gap of " + DecimalStrings.format(gap) + " mm where"
                        + " the series' slices are " + DecimalStrings.format(typical) + " mm apart (is a slice missing?);"
                        + " return the complete series with evenly spaced slices");
            }
        }
        return ordered;
    }

    /** The gap most slices have, so the message names the odd gap rather than the first. */
    private static double medianGap(List<SliceHeader> ordered) {
        double[] gaps = new double[ordered.size() - 1];
        for (int i = 1; i < ordered.size(); i++) {
            gaps[i - 1] = ordered.get(i).position()[2] - ordered.get(i - 1).position()[2];
        }
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    private static void checkOrientation(SliceHeader h) {
        double[] o = h.orientation();
        double[] want = {1, 0, 0, 0, 1, 0};
        for (int i = 0; i < 6; i++) {
            if (Math.abs(o[i] - want[i]) > ORIENTATION_TOLERANCE) {
                throw new RelayException("DICOM file " + h.label() + " has Image Orientation (Patient) "
                        + text(o) + " (" + describe(o) + "), not 1\\0\\0\\0\\1\\0 as zarr-relay's exports: its voxels would"
                        + " land in the wrong places, so the series is refused (it is not resampled); return the series in"
                        + " the orientation it was exported in");
            }
        }
    }

    /** What an orientation does to the exported axes, for the message. */
    static String describe(double[] o) {
        boolean rowAlongX = Math.abs(Math.abs(o[0]) - 1) < ORIENTATION_TOLERANCE;
        boolean colAlongY = Math.abs(Math.abs(o[4]) - 1) < ORIENTATION_TOLERANCE;
        boolean rowAlongY = Math.abs(Math.abs(o[1]) - 1) < ORIENTATION_TOLERANCE;
        boolean colAlongX = Math.abs(Math.abs(o[3]) - 1) < ORIENTATION_TOLERANCE;
        if (rowAlongX && colAlongY) {
            return (o[0] < 0 && o[4] < 0 ? "rows and columns" : o[0] < 0 ? "rows" : "columns") + " flipped";
        }
        if (rowAlongY && colAlongX) {
            return "rows and columns swapped (transposed or rotated by 90 degrees)";
        }
        if (Math.abs(o[2]) > 0.5 || Math.abs(o[5]) > 0.5) {
            return "slices in another plane (coronal or sagittal)";
        }
        return "rotated";
    }

    private static String jobId(List<SliceHeader> headers) {
        for (boolean series : new boolean[] {true, false}) {
            for (SliceHeader h : headers) {
                String text = series ? h.seriesDescription() : h.studyDescription();
                Matcher m = text == null ? null : JOB.matcher(text);
                if (m != null && m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    static String text(double[] v) {
        return v == null ? "(none)" : DecimalStrings.format(v);
    }
}
