package org.zarrrelay.zarr;

import org.zarrrelay.RelayException;

/** Something about a Zarr store or array is wrong or cannot be handled. */
public class ZarrException extends RelayException {
    public ZarrException(String message) {
        super(message);
    }

    public ZarrException(String message, Throwable cause) {
        super(message, cause);
    }
}
