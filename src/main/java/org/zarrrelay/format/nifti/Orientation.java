package org.zarrrelay.format.nifti;

import java.nio.file.Path;

/**
 * How a file's voxel axes (i, j, k) lie along the world axes (x, y, z), for grids that are
 * axis-aligned: each file axis runs along one world axis, forwards or backwards (the affine's 3 x 3
 * part is a permutation matrix with signs, times positive spacings). Our exports are written with
 * i = x, j = y, k = z, all forwards; a tool may return the same grid permuted or mirrored (a "flip"
 * or "reorient" command, a different RAS/LPS convention), and the reader then delivers the voxels
 * back in the export's order, so that nothing is ever written back mirrored. A rotated or sheared
 * grid has no such reading and is refused: its voxels are not the exported ones.
 *
 * @param world   per file axis (0 = i): the world axis it runs along (0 = x)
 * @param forward per file axis: whether it runs in the direction of its world axis
 * @param spacing per world axis (0 = x): the distance between neighbouring voxels
 * @param origin  per world axis: the coordinate of the first delivered voxel (the lowest one)
 */
record Orientation(int[] world, boolean[] forward, double[] spacing, double[] origin) {
    /**
     * An entry off the one world axis a column runs along may be this much of the column's length:
     * float32 rounding of the header (a quaternion of a 90-degree turn has entries like 0.70710677)
     * leaves ~1e-7; 1e-5 moves the farthest voxel of a 32767-voxel axis by at most a third of a voxel.
     */
    static final double TOLERANCE = 1e-5;

    Orientation {
        world = world.clone();
        forward = forward.clone();
        spacing = spacing.clone();
        origin = origin.clone();
    }

    /**
     * The orientation of the first {@code rank} file axes (extents {@code n}, i first) under {@code affine}.
     *
     * @throws NiftiException when the grid is not axis-aligned, naming the matrix
     */
    static Orientation of(NiftiAffine affine, int rank, long[] n, Path file) {
        double[][] m = affine.m();
        int[] world = new int[rank];
        boolean[] forward = new boolean[rank];
        double[] spacing = new double[rank];
        double[] origin = new double[rank];
        boolean[] taken = new boolean[3];
        for (int a = 0; a < rank; a++) {
            int w = 0;
            double norm = 0;
            for (int r = 0; r < 3; r++) {
                norm = Math.hypot(norm, m[r][a]);
                if (Math.abs(m[r][a]) > Math.abs(m[w][a])) {
                    w = r;
                }
            }
            if (norm == 0) {
                throw new NiftiException("NIfTI file " + file + " is damaged: its " + affine.source() + " " + affine.text()
                        + " gives voxel axis " + "ijk".charAt(a) + " no length (its column is zero); save the image again");
            }
            for (int r = 0; r < 3; r++) {
                if (r != w && Math.abs(m[r][a]) > TOLERANCE * norm) {
                    throw notAligned(file, affine, "voxel axis " + "ijk".charAt(a) + " runs along no single axis x, y or z:"
                            + " the grid is rotated or sheared");
                }
            }
            if (w >= rank) {
                throw notAligned(file, affine, "its " + rank + "D image lies in a plane that contains the " + "xyz".charAt(w)
                        + " axis (voxel axis " + "ijk".charAt(a) + " runs along " + "xyz".charAt(w) + "), not in the x-y plane");
            }
            if (taken[w]) {
                throw notAligned(file, affine, "two voxel axes run along " + "xyz".charAt(w) + ": the grid is degenerate");
            }
            taken[w] = true;
            world[a] = w;
            forward[a] = m[w][a] > 0;
            spacing[w] = Math.abs(m[w][a]);
            // a backwards axis is delivered reversed: its last voxel comes first
            origin[w] = m[w][3] + (forward[a] ? 0 : m[w][a] * (n[a] - 1));
        }
        return new Orientation(world, forward, spacing, origin);
    }

    private static NiftiException notAligned(Path file, NiftiAffine affine, String why) {
        return new NiftiException("NIfTI file " + file + " cannot be written back: its " + affine.source()
                + " maps voxel (i, j, k) to world (x, y, z) by " + affine.text() + " (rows x, y, z; the last column is the"
                + " origin), and " + why + ". zarr-relay exports grids with i along x, j along y and k along z and takes"
                + " back only that grid, permuted or mirrored at most; resample the result onto the exported image's grid"
                + " (e.g. in ITK-SNAP or 3D Slicer, resample with the exported file as the reference) and save it again");
    }

    int rank() {
        return world.length;
    }

    /** True when the file is already in the export's order: i along x, j along y, k along z, all forwards. */
    boolean isIdentity() {
        for (int a = 0; a < world.length; a++) {
            if (world[a] != a || !forward[a]) {
                return false;
            }
        }
        return true;
    }

    /** The file axis that runs along world axis {@code w}. */
    int fileAxisOf(int w) {
        for (int a = 0; a < world.length; a++) {
            if (world[a] == w) {
                return a;
            }
        }
        throw new IllegalArgumentException("no file axis runs along world axis " + w);
    }

    @Override
    public int[] world() {
        return world.clone();
    }

    @Override
    public boolean[] forward() {
        return forward.clone();
    }

    @Override
    public double[] spacing() {
        return spacing.clone();
    }

    @Override
    public double[] origin() {
        return origin.clone();
    }
}
