package org.zarrrelay.format.ometiff;

import java.util.Arrays;

/**
 * Which TIFF directory holds each plane, from the TiffData blocks (OME-TIFF specification: a
 * TiffData says that {@code PlaneCount} planes, the first at (FirstZ, FirstC, FirstT) and the rest
 * following in DimensionOrder, are in directories IFD, IFD + 1, ...). The planes of a file are read
 * in this order, not in the order of its directories. Every number is checked against the Pixels'
 * sizes and the file's directories before it is used.
 */
final class PlaneMap {
    private PlaneMap() {
    }

    /**
     * The directory (from 0) of every plane, indexed by {@link OmePixels#index}.
     *
     * @param directories the directories in the file's chain
     */
    static int[] directories(OmeMetadata meta, OmePixels pixels, int directories) throws OmeXmlReader.Refusal {
        long total = pixels.planes();
        if (total > directories) {
            throw new OmeXmlReader.Refusal("its OME-XML describes " + total + " planes (SizeZ " + pixels.sizeZ() + " x SizeC "
                    + pixels.sizeC() + " x SizeT " + pixels.sizeT() + ") but the file has only " + directories
                    + " image directories");
        }
        if (meta.tiffData().isEmpty()) {
            throw new OmeXmlReader.Refusal("its OME-XML has no TiffData, so it does not say which page holds which plane");
        }
        int[] ifdOf = new int[(int) total];
        Arrays.fill(ifdOf, -1);
        for (OmeMetadata.TiffData td : meta.tiffData()) {
            place(td, meta, pixels, directories, ifdOf);
        }
        for (int i = 0; i < ifdOf.length; i++) {
            if (ifdOf[i] < 0) {
                throw new OmeXmlReader.Refusal("its OME-XML puts plane " + describe(pixels, i) + " in no TiffData");
            }
        }
        return ifdOf;
    }

    private static void place(OmeMetadata.TiffData td, OmeMetadata meta, OmePixels pixels, int directories, int[] ifdOf)
            throws OmeXmlReader.Refusal {
        if (td.uuid() != null && !td.uuid().equals(meta.uuid())) {
            throw new OmeXmlReader.Refusal("its OME-XML puts planes in another file (TiffData UUID " + td.uuid()
                    + (td.fileName() == null ? "" : ", " + td.fileName()) + "): a multi-file OME-TIFF dataset is not read;"
                    + " save the image as one OME-TIFF file");
        }
        if (td.firstZ() >= pixels.sizeZ() || td.firstC() >= pixels.sizeC() || td.firstT() >= pixels.sizeT()) {
            throw new OmeXmlReader.Refusal("its OME-XML has a TiffData starting at FirstZ=" + td.firstZ() + ", FirstC="
                    + td.firstC() + ", FirstT=" + td.firstT() + ", outside the Pixels' SizeZ=" + pixels.sizeZ() + ", SizeC="
                    + pixels.sizeC() + ", SizeT=" + pixels.sizeT());
        }
        if (td.ifd() >= directories) {
            throw new OmeXmlReader.Refusal("its OME-XML has a TiffData pointing to IFD " + td.ifd() + ", but the file has"
                    + " only " + directories + " image directories (IFD 0 to " + (directories - 1) + ")");
        }
        long start = pixels.index(td.firstZ(), td.firstC(), td.firstT());
        long count;
        if (td.planeCount() > 0) {
            count = td.planeCount();
        } else {
            // the schema's default: one plane when an IFD is named, else every IFD of the file (as many as there are planes)
            count = td.ifdGiven() ? 1 : Math.min(directories - td.ifd(), ifdOf.length - start);
        }
        if (start + count > ifdOf.length) {
            throw new OmeXmlReader.Refusal("its OME-XML has a TiffData of " + count + " planes from plane "
                    + describe(pixels, start) + ", past the " + ifdOf.length + " planes of the Pixels");
        }
        if (td.ifd() + count > directories) {
            throw new OmeXmlReader.Refusal("its OME-XML has a TiffData of " + count + " planes from IFD " + td.ifd()
                    + ", past the file's " + directories + " image directories");
        }
        for (int k = 0; k < count; k++) {
            int plane = (int) (start + k);
            int ifd = (int) (td.ifd() + k);
            if (ifdOf[plane] >= 0 && ifdOf[plane] != ifd) {
                throw new OmeXmlReader.Refusal("its OME-XML puts plane " + describe(pixels, plane) + " in IFD "
                        + ifdOf[plane] + " and in IFD " + ifd);
            }
            ifdOf[plane] = ifd;
        }
    }

    /** "z=3, c=0, t=0" for a plane index. */
    static String describe(OmePixels pixels, long index) {
        long z = 0;
        long c = 0;
        long t = 0;
        long rest = index;
        for (int i = 2; i <= 4; i++) {  // fastest axis first
            char axis = pixels.dimensionOrder().charAt(i);
            long size = axis == 'Z' ? pixels.sizeZ() : axis == 'C' ? pixels.sizeC() : pixels.sizeT();
            long v = rest % size;
            rest /= size;
            if (axis == 'Z') {
                z = v;
            } else if (axis == 'C') {
                c = v;
            } else {
                t = v;
            }
        }
        return "z=" + z + ", c=" + c + ", t=" + t;
    }
}
