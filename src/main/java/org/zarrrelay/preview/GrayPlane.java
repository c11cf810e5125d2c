package org.zarrrelay.preview;

/**
 * One 2D plane of voxel values to be shown as a grayscale picture, row by row ({@code values[y *
 * width + x]}), in the voxels' own units: a slice, a projection, or the middle plane of a region.
 */
public record GrayPlane(int width, int height, double[] values) {
    public GrayPlane {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a plane must be at least 1 x 1, not " + width + " x " + height);
        }
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + " x " + height + " plane holds " + (long) width * height
                    + " values, not " + values.length);
        }
    }

    double at(int x, int y) {
        return values[y * width + x];
    }
}
