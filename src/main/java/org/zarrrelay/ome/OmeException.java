package org.zarrrelay.ome;

import org.zarrrelay.RelayException;

/** OME-NGFF metadata that is missing, inconsistent or not supported. */
public class OmeException extends RelayException {
    public OmeException(String message) {
        super(message);
    }
}
