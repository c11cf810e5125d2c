package org.zarrrelay.zarr;

/**
 * The array uses a Zarr feature this engine does not implement. Raised before any data is read
 * or written, so an unsupported array never yields wrong voxels.
 */
public class UnsupportedFeatureException extends ZarrException {
    public UnsupportedFeatureException(String message) {
        super(message);
    }
}
