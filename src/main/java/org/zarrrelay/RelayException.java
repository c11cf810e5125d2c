package org.zarrrelay;

/**
 * Root of every error zarr-relay reports. Unchecked, because a failure deep inside a chunk read
 * has nothing useful to do but travel up to the one place that tells the user. Messages name the
 * thing that was wrong (store, key, option, file) and what to do about it.
 */
public class RelayException extends RuntimeException {
    public RelayException(String message) {
        super(message);
    }

    public RelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
