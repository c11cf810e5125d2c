package org.zarrrelay.cli;

import org.zarrrelay.OutOfMemory;
import org.zarrrelay.RelayException;
import picocli.CommandLine;

/**
 * Prints our own errors as one line (they already say what is wrong and what to do) and keeps
 * stack traces for bugs, where they help whoever fixes them.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;
    static final int BUG = 3;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof RelayException) {
            cl.getErr().println("error: " + e.getMessage());
            return USER_ERROR;
        }
        OutOfMemoryError oom = OutOfMemory.in(e);
        if (oom != null) {
            return outOfMemory(cl, oom);
        }
        cl.getErr().println("internal error (please report it with the command you ran):");
        e.printStackTrace(cl.getErr());
        return BUG;
    }

    /** Running out of memory is the user's to fix (heap, slab size, region), not a bug: one line. */
    static int outOfMemory(CommandLine cl, OutOfMemoryError e) {
        cl.getErr().println("error: " + OutOfMemory.advice(e));
        return USER_ERROR;
    }
}
