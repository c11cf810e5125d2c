package org.zarrrelay.ome;

import org.zarrrelay.zarr.store.Store;

/**
 * The physical size of one voxel of an OME-Zarr level: the level's {@code scale} and
 * {@code translation} (top-level transformations included), and the unit of its space axes.
 */
public record Calibration(double[] scale, double[] translation, String unit) {

    /** The calibration of the array at {@code arrayPath}; null when it is not a level of a multiscale image. */
    public static Calibration of(Store store, String arrayPath) {
        Multiscales ms = Multiscales.ofArray(store, arrayPath);
        if (ms == null) {
            return null;
        }
        Level level = ms.levels().get(ms.levelOf(arrayPath));
        return new Calibration(level.scale(), level.translation(), ms.spaceUnit());
    }
}
