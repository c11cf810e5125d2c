package org.zarrrelay.job;

import org.zarrrelay.RelayException;

/** A request or returned file that cannot be used as it is; the message tells the user how to fix it. */
public class RequestException extends RelayException {
    public RequestException(String message) {
        super(message);
    }

    public RequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
