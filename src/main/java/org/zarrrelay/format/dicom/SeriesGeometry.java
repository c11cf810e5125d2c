package org.zarrrelay.format.dicom;

import java.util.Arrays;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.ome.Units;

/**
 * Where an export's slices lie, in millimetres (the unit DICOM fixes, PS3.3 C.7.6.2): slice
 * {@code k} at {@code origin + k * spacing} along z, rows along y, columns along x, so that Image
 * Orientation (Patient) is 1\0\0\0\1\0 and the file's axes are the array's. Without geometry the
 * spacing is 1 mm and the origin 0; sizes without a known length unit are taken as millimetres.
 *
 * @param planes  number of slices (files)
 * @param threeD  false for a 2D export (y, x): one file, and no z spacing to state
 * @param spacing z, y, x voxel size in mm
 * @param origin  z, y, x position of the first voxel in mm
 */
record SeriesGeometry(int planes, int rows, int columns, boolean threeD, double[] spacing, double[] origin) {

    static SeriesGeometry of(long[] shape, FileInfo info) {
        if (shape.length != 2 && shape.length != 3) {
            throw new RelayException("a DICOM series holds 2 or 3 axes (z, y, x), but the region has " + shape.length
                    + " (shape " + Arrays.toString(shape) + "): select single indices for the other axes (e.g. one time"
                    + " point and one channel), or use nifti or npy");
        }
        boolean threeD = shape.length == 3;
        long planes = threeD ? shape[0] : 1;
        long rows = shape[shape.length - 2];
        long columns = shape[shape.length - 1];
        if (planes < 1 || rows < 1 || columns < 1) {
            throw new RelayException("a DICOM series needs at least one slice of at least 1 x 1 pixels, not shape "
                    + Arrays.toString(shape));
        }
        if (rows > 0xffff || columns > 0xffff) {
            throw new RelayException("a DICOM image has at most 65535 rows and columns, but the region's slices are "
                    + rows + " x " + columns + ": export it in parts, or as nifti or npy");
        }
        if (planes > 999_999) {
            throw new RelayException("the region has " + planes + " slices, more files than a DICOM series of zarr-relay"
                    + " holds (999999): export it in parts, or as nifti or npy");
        }
        double[] size = mm(info.voxelSize(), shape.length, info.unit(), 1, "voxel size");
        double[] at = mm(info.origin(), shape.length, info.unit(), 0, "origin");
        for (double s : size) {
            if (!(s > 0)) {
                throw new RelayException("the voxel size " + Arrays.toString(info.voxelSize()) + " is not positive on every"
                        + " axis, which a DICOM series cannot state: fix the image's scale, or export as npy");
            }
        }
        double[] spacing = threeD ? size : new double[] {1, size[0], size[1]};
        double[] origin = threeD ? at : new double[] {0, at[0], at[1]};
        return new SeriesGeometry((int) planes, (int) rows, (int) columns, threeD, spacing, origin);
    }

    private static double[] mm(double[] values, int rank, String unit, double absent, String what) {
        double[] out = new double[rank];
        Arrays.fill(out, absent);
        if (values == null) {
            return out;
        }
        if (values.length != rank) {
            throw new IllegalArgumentException("the " + what + " " + Arrays.toString(values) + " has " + values.length
                    + " axes, the region " + rank);
        }
        Double metres = Units.metres(unit);
        double factor = metres == null ? 1 : metres * 1000;
        for (int d = 0; d < rank; d++) {
            out[d] = values[d] * factor;
            if (!Double.isFinite(out[d])) {
                throw new RelayException("the " + what + " " + Arrays.toString(values) + " " + unit + " is not a finite"
                        + " number of millimetres on axis " + d + ": fix the image's metadata, or export as npy");
            }
        }
        return out;
    }

    /** Image Position (Patient) of slice {@code k}: x, y, z. */
    double[] position(int k) {
        return new double[] {origin[2], origin[1], origin[0] + k * spacing[0]};
    }
}
