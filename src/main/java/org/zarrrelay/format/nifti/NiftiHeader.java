package org.zarrrelay.format.nifti;

import java.nio.ByteOrder;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that zarr-relay reads or writes, in NIfTI-2's wider
 * types (https://nifti.nimh.nih.gov/nifti-1/documentation/nifti1fields, https://nifti.nimh.nih.gov/nifti-2).
 * Arrays are as in the header: {@code dim[0]} is the number of dimensions, {@code dim[1..3]} the
 * extents of i, j, k (i fastest); {@code pixdim[0]} is qfac, {@code pixdim[1..3]} the voxel size;
 * {@code srow} is the sform's three rows (srow_x, srow_y, srow_z) of four numbers. Decoding and
 * encoding are in {@link NiftiHeaderCodec}; the checks against the file in {@link NiftiReader}.
 */
record NiftiHeader(int version, ByteOrder order, long[] dim, int datatype, double[] pixdim, long voxOffset,
                   double sclSlope, double sclInter, int xyztUnits, String descrip, int qformCode, int sformCode,
                   double[] quatern, double[] qoffset, double[][] srow) {
    /** sizeof_hdr of each version; the data of a single-file .nii starts after it plus 4 extension bytes. */
    static final int SIZE_1 = 348;
    static final int SIZE_2 = 540;

    NiftiHeader {
        dim = dim.clone();
        pixdim = pixdim.clone();
        quatern = quatern.clone();
        qoffset = qoffset.clone();
        srow = new double[][] {srow[0].clone(), srow[1].clone(), srow[2].clone()};
    }

    int headerSize() {
        return version == 1 ? SIZE_1 : SIZE_2;
    }

    @Override
    public long[] dim() {
        return dim.clone();
    }

    @Override
    public double[] pixdim() {
        return pixdim.clone();
    }

    @Override
    public double[] quatern() {
        return quatern.clone();
    }

    @Override
    public double[] qoffset() {
        return qoffset.clone();
    }

    @Override
    public double[][] srow() {
        return new double[][] {srow[0].clone(), srow[1].clone(), srow[2].clone()};
    }
}
