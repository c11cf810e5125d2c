package org.zarrrelay.format.dicom;

import org.zarrrelay.RelayException;
import org.zarrrelay.volume.DataType;

/**
 * How a series stores its pixels (PS3.3 C.7.6.3 Image Pixel Module): one grayscale sample of
 * {@code bitsAllocated} bits, of which the low {@code bitsStored} hold the value, signed or not.
 * The type read is the container's, except that 8 stored bits in a 16-bit container (as the MR and
 * CT images that fix 16 bits hold 8-bit data, zarr-relay's own exports among them) read as 8-bit.
 *
 * @param container the type of the bits allocated
 * @param dtype     the type the values are read as, before any rescale
 */
record PixelModel(int bitsAllocated, int bitsStored, boolean signed, DataType container, DataType dtype) {

    static PixelModel of(SliceHeader h) {
        String file = "DICOM file " + h.label();
        if (h.samplesPerPixel() != 1 || (h.photometric() != null && !h.photometric().startsWith("MONOCHROME"))) {
            throw new RelayException(file + " is a colour image (" + h.samplesPerPixel() + " samples per pixel, "
                    + h.photometric() + "); zarr-relay reads grayscale volumes: return the series as grayscale (MONOCHROME2)");
        }
        if (h.frames() != 1) {
            throw new RelayException(file + " is a multi-frame image (" + h.frames() + " frames, e.g. an Enhanced MR or CT);"
                    + " zarr-relay reads a series of single-frame images, one per slice: save the result as classic"
                    + " single-frame images");
        }
        if (h.modalityLut()) {
            throw new RelayException(file + " maps its stored values through a Modality LUT Sequence (0028,3000), which"
                    + " zarr-relay does not apply: save the result without one (the values themselves, or a linear Rescale"
                    + " Slope and Intercept)");
        }
        int allocated = h.bitsAllocated();
        int stored = h.bitsStored();
        boolean signed = h.pixelRepresentation() == 1;
        if (allocated != 8 && allocated != 16 && allocated != 32) {
            throw new RelayException(file + " has " + allocated + " bits allocated per pixel; zarr-relay reads 8, 16 or 32:"
                    + " save the result as an 8- or 16-bit image");
        }
        if (stored < 1 || stored > allocated || h.highBit() != stored - 1 || h.pixelRepresentation() > 1) {
            throw HeaderParser.damaged(h.label(), "its Bits Stored " + stored + ", High Bit " + h.highBit()
                    + " and Pixel Representation " + h.pixelRepresentation() + " do not fit its " + allocated
                    + " bits allocated (Bits Stored at most Bits Allocated, High Bit = Bits Stored - 1, representation 0"
                    + " or 1)");
        }
        DataType container = type(allocated, signed);
        DataType dtype = allocated == 16 && stored <= 8 ? type(8, signed) : container;
        return new PixelModel(allocated, stored, signed, container, dtype);
    }

    private static DataType type(int bits, boolean signed) {
        return switch (bits) {
            case 8 -> signed ? DataType.INT8 : DataType.UINT8;
            case 16 -> signed ? DataType.INT16 : DataType.UINT16;
            default -> signed ? DataType.INT32 : DataType.UINT32;
        };
    }

    /** Whether every container value must be checked to lie within the stored bits. */
    boolean partial() {
        return bitsStored < bitsAllocated;
    }

    long lowest() {
        return signed ? -(1L << (bitsStored - 1)) : 0;
    }

    long highest() {
        return signed ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
    }
}
