package org.zarrrelay.format.nifti;

import org.zarrrelay.RelayException;

/**
 * A NIfTI file zarr-relay cannot use: not NIfTI, damaged or truncated, or holding something it does
 * not read (colour, complex or 4D data, a rotated or sheared grid). The message names the file,
 * what is wrong and how to save the image so that it works.
 */
public class NiftiException extends RelayException {
    public NiftiException(String message) {
        super(message);
    }

    public NiftiException(String message, Throwable cause) {
        super(message, cause);
    }
}
