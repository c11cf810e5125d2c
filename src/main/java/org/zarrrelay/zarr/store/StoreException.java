package org.zarrrelay.zarr.store;

import org.zarrrelay.zarr.ZarrException;

/** A store could not be read or written (I/O failure, bad key). */
public class StoreException extends ZarrException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
