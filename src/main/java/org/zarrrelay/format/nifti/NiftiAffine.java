package org.zarrrelay.format.nifti;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a file's voxels lie: the 3 x 4 matrix that maps voxel indices (i, j, k, 1) to world
 * coordinates (x, y, z), chosen as the spec's methods rank them: the sform when sform_code > 0
 * (method 3), else the qform when qform_code > 0 (method 2: quaternion, qfac and pixdim), else
 * pixdim alone (method 1, kept for ANALYZE files: no origin, no orientation).
 *
 * @param placed false for method 1, whose translation is unknown rather than 0
 * @param source the method, for messages ("sform", "qform", "pixdim")
 */
record NiftiAffine(double[][] m, boolean placed, String source) {
    /** Quaternion (b, c, d) lengths a little above 1 come from float32 rounding of a 180-degree rotation. */
    private static final double QUATERNION_SLACK = 1e-6;
    /**
     * Below this, 1 - (b² + c² + d²) is float32 noise and a is taken as 0. Every mirror-and-permute
     * a tool writes as a qform is a 180-degree turn (a = 0), which float32 b, c, d can only
     * approximate: their squares sum to 1 within ~1e-7, and the square root of that noise (3e-4)
     * would otherwise read as a small rotation. nifti1_io snaps below 1e-7; quaternions computed in
     * float32 arithmetic need a little more room.
     */
    private static final double QUATERNION_NOISE = 1e-6;

    NiftiAffine {
        m = new double[][] {m[0].clone(), m[1].clone(), m[2].clone()};
    }

    @Override
    public double[][] m() {
        return new double[][] {m[0].clone(), m[1].clone(), m[2].clone()};
    }

    /**
     * The affine of {@code h} for a file of {@code rank} axes; pixdim and matrix entries of the axes
     * beyond the rank (k of a 2D file) are not needed and not checked.
     */
    static NiftiAffine of(NiftiHeader h, int rank, Path file) {
        if (h.sformCode() > 0) {
            double[][] s = h.srow();
            for (double[] row : s) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        throw damaged(file, "its sform (srow_x, srow_y, srow_z) holds " + v + ": " + Arrays.deepToString(s));
                    }
                }
            }
            return new NiftiAffine(s, true, "sform");
        }
        if (h.qformCode() > 0) {
            return qform(h, rank, file);
        }
        double[] p = h.pixdim();
        double[][] m = new double[3][4];
        for (int a = 0; a < 3; a++) {
            m[a][a] = Double.isFinite(p[a + 1]) && p[a + 1] != 0 ? Math.abs(p[a + 1]) : 1;
        }
        return new NiftiAffine(m, false, "pixdim");
    }

    /** Method 2 of nifti1.h: R(quaternion) * diag(dx, dy, qfac * dz), translated by qoffset. */
    private static NiftiAffine qform(NiftiHeader h, int rank, Path file) {
        double[] q = h.quatern();
        double[] p = h.pixdim();
        double b = q[0];
        double c = q[1];
        double d = q[2];
        double sum = b * b + c * c + d * d;
        if (!Double.isFinite(sum) || sum > 1 + QUATERNION_SLACK) {
            throw damaged(file, "its qform quaternion (quatern_b, quatern_c, quatern_d) = " + Arrays.toString(q)
                    + " is longer than 1, so it is no rotation");
        }
        double a;
        if (1 - sum < QUATERNION_NOISE) {
            double norm = Math.sqrt(sum);
            b /= norm;
            c /= norm;
            d /= norm;
            a = 0;
        } else {
            a = Math.sqrt(1 - sum);
        }
        double[][] r = {
            {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
            {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
            {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
        // pixdim[0] is qfac: -1 mirrors k; the spec treats any other value (0 in old files) as 1
        double qfac = p[0] < 0 ? -1 : 1;
        double[] size = new double[3];
        for (int a3 = 0; a3 < 3; a3++) {
            double s = p[a3 + 1];
            if (a3 < rank && !(s > 0 && Double.isFinite(s))) {
                // nifti1_io would silently use |pixdim| (or 1 for 0), nibabel refuses negative ones: tools
                // disagree on what such a file means, so it is not guessed at
                throw damaged(file, "its qform is in use (qform_code " + h.qformCode() + ") but pixdim[" + (a3 + 1)
                        + "] = " + s + ", not a positive voxel size");
            }
            size[a3] = a3 < rank ? s : s > 0 && Double.isFinite(s) ? s : 1;
        }
        size[2] *= qfac;
        double[] t = h.qoffset();
        double[][] m = new double[3][4];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                m[row][col] = r[row][col] * size[col];
            }
            m[row][3] = t[row];
            if (!Double.isFinite(t[row])) {
                throw damaged(file, "its qform offset (qoffset_x, qoffset_y, qoffset_z) = " + Arrays.toString(t)
                        + " is not a position");
            }
        }
        return new NiftiAffine(m, true, "qform");
    }

    private static NiftiException damaged(Path file, String what) {
        return new NiftiException("NIfTI file " + file + " is damaged: " + what + "; save the image again");
    }

    /** The matrix as rows, for messages: {@code [[0.5, 0, 0, 10], [0, 0.5, 0, 20], [0, 0, 2, 0]]}. */
    String text() {
        StringBuilder sb = new StringBuilder("[");
        for (int row = 0; row < 3; row++) {
            sb.append(row == 0 ? "[" : ", [");
            for (int col = 0; col < 4; col++) {
                sb.append(col == 0 ? "" : ", ").append(number(m[row][col]));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Float.toString((float) v);
    }
}
