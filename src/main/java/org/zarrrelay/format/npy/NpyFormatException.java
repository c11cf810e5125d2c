package org.zarrrelay.format.npy;

import org.zarrrelay.RelayException;

/**
 * A {@code .npy} file that zarr-relay cannot use: not an npy file, a damaged or truncated one, or
 * one holding a data type or layout it does not read. The message names the file, what is wrong
 * and how to save the array so that it works.
 */
public class NpyFormatException extends RelayException {
    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
