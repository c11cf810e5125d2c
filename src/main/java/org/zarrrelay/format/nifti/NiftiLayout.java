package org.zarrrelay.format.nifti;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Where a NIfTI file's voxels are and how many there are, checked against the file before anything
 * is allocated: dimensions positive and at most 3 in use, their product without overflow, a type
 * zarr-relay reads, vox_offset after the header and, for an uncompressed file, the voxels inside it.
 * A gzip file's uncompressed length is known only by decompressing it, so there the claim is held
 * to what deflate can reach (about 1032 bytes out per byte in); the stream itself reports the rest.
 *
 * @param rank   the dimensions in use, 1 to 3 (trailing dimensions 4 to 7 of extent 1 dropped)
 * @param n      extents of i, j, k (1 beyond the rank)
 */
record NiftiLayout(int rank, long[] n, NiftiType type, ByteOrder order, long voxOffset, long dataBytes) {
    /** deflate emits at most 258 bytes per 2-bit code, ~1032 per input byte; plus gzip's headers. */
    private static final long DEFLATE_MAX_RATIO = 1032;
    private static final long GZIP_SLACK = 1024;

    NiftiLayout {
        n = n.clone();
    }

    @Override
    public long[] n() {
        return n.clone();
    }

    long voxels() {
        return n[0] * n[1] * n[2];
    }

    static NiftiLayout check(NiftiHeader h, Path file, long fileSize, boolean gzip) {
        long[] dim = h.dim();
        if (dim[0] < 1 || dim[0] > 7) {
            throw damaged(file, "its dim[0] (the number of dimensions) is " + dim[0] + ", not 1 to 7");
        }
        int used = (int) dim[0];
        for (int d = 1; d <= used; d++) {
            if (dim[d] < 1) {
                throw damaged(file, "its dim[" + d + "] is " + dim[d] + ": every extent must be at least 1");
            }
            if (dim[d] > Integer.MAX_VALUE) {
                throw damaged(file, "its dim[" + d + "] is " + dim[d] + ", more voxels along one axis than any image has");
            }
        }
        for (int d = 4; d <= used; d++) {
            if (dim[d] > 1) {
                throw new NiftiException("NIfTI file " + file + " has " + dim[d] + " " + (d == 4 ? "volumes (time points)"
                        : "values per voxel") + " along its dimension " + d + " (dim = " + java.util.Arrays.toString(dim)
                        + "); zarr-relay reads 2D and 3D images: save one volume on its own, e.g. with nibabel"
                        + " img.slicer[..., 0] or fslroi");
            }
        }
        int rank = Math.min(used, 3);
        long[] n = {1, 1, 1};
        for (int a = 0; a < rank; a++) {
            n[a] = dim[a + 1];
        }
        NiftiType type = NiftiType.forCode(h.datatype(), file);
        long dataBytes;
        try {
            dataBytes = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(n[0], n[1]), n[2]), (long) type.dtype.size());
        } catch (ArithmeticException e) {
            throw damaged(file, "its dimensions " + n[0] + " x " + n[1] + " x " + n[2] + " of " + type.dtype.numpyName()
                    + " add up to more than 2^63 bytes");
        }
        long voxOffset = h.voxOffset();
        if (voxOffset < h.headerSize()) {
            throw damaged(file, "its vox_offset is " + voxOffset + ", inside its " + h.headerSize() + "-byte header");
        }
        String claim = "its header says " + n[0] + " x " + n[1] + " x " + n[2] + " " + type.dtype.numpyName()
                + " voxels (" + dataBytes + " bytes) from byte " + voxOffset;
        if (!gzip) {
            if (voxOffset > fileSize) {
                throw damaged(file, "its vox_offset (" + voxOffset + ") is past the end of the file (" + fileSize + " bytes)");
            }
            if (dataBytes > fileSize - voxOffset) {
                throw new NiftiException("NIfTI file " + file + " is truncated: " + claim + ", but the file ends after "
                        + fileSize + " bytes, " + (dataBytes - (fileSize - voxOffset)) + " bytes short; save or copy it"
                        + " again");
            }
        } else if (voxOffset > fileSize * DEFLATE_MAX_RATIO + GZIP_SLACK
                || dataBytes > fileSize * DEFLATE_MAX_RATIO + GZIP_SLACK - voxOffset) {
            throw damaged(file, claim + ", more than a gzip file of " + fileSize + " bytes can hold (deflate expands at"
                    + " most about " + DEFLATE_MAX_RATIO + " times): the dimensions are wrong or the file was cut off");
        }
        return new NiftiLayout(rank, n, type, h.order(), voxOffset, dataBytes);
    }

    private static NiftiException damaged(Path file, String what) {
        return new NiftiException("NIfTI file " + file + " is damaged: " + what + "; save the image again");
    }
}
