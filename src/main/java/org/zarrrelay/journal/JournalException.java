package org.zarrrelay.journal;

import org.zarrrelay.RelayException;

/** The journal of a store cannot be used as it is; the message says what to check. */
public class JournalException extends RelayException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
