package org.zarrrelay.zarr.store;

/**
 * A conditional put was refused because the key no longer held the value the writer had seen: a
 * writer outside the relay changed it in between.
 */
public class ConcurrentChangeException extends StoreException {
    public ConcurrentChangeException(String message) {
        super(message);
    }

    public ConcurrentChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
