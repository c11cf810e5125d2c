package org.zarrrelay.format.dicom;

/**
 * What one image file of a series says about its pixels and where they lie, read from its header;
 * the pixels themselves are {@code pixelLength} bytes from byte {@code pixelOffset}. Optional
 * attributes are null when absent.
 *
 * @param label        the file and where it is, for messages: "IMG0001.dcm in /data/series"
 * @param position     Image Position (Patient): x, y, z in mm
 * @param orientation  Image Orientation (Patient): row direction then column direction
 * @param pixelSpacing Pixel Spacing: between rows (y), then between columns (x), in mm
 */
record SliceHeader(SeriesSource.Item item, String label, String seriesUid, String seriesDescription, String studyDescription,
                   int rows, int columns, int samplesPerPixel, String photometric, int frames, int bitsAllocated,
                   int bitsStored, int highBit, int pixelRepresentation, double[] position, double[] orientation,
                   double[] pixelSpacing, Double spacingBetweenSlices, double slope, double intercept, boolean modalityLut,
                   long pixelOffset, long pixelLength) {

    String name() {
        return item.name();
    }

    boolean rescaled() {
        return slope != 1 || intercept != 0;
    }

    /** Bytes of stored pixels one frame needs. */
    long frameBytes() {
        return (long) rows * columns * (bitsAllocated / 8);
    }
}
