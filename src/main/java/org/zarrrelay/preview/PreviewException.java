package org.zarrrelay.preview;

import org.zarrrelay.RelayException;

/** A picture that cannot be made as asked (a plane too large, a slice outside the array), saying what to ask instead. */
public class PreviewException extends RelayException {
    public PreviewException(String message) {
        super(message);
    }
}
