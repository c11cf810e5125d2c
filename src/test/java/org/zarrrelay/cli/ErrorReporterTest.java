package org.zarrrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorReporterTest {

    private static String report(Exception e, int expectedStatus) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(expectedStatus, new ErrorReporter().handleExecutionException(e, cl, null));
        return err.toString();
    }

    @Test
    void runningOutOfMemoryDeepInsideIsOneLineNamingTheSettings() {
        // as it arrives from the chunk pool: wrapped in whatever carried it
        String text = report(new IllegalStateException("chunk read failed",
                new UncheckedIOException(new java.io.IOException("read", new OutOfMemoryError("Java heap space")))),
                ErrorReporter.USER_ERROR);
        assertTrue(text.startsWith("error: ran out of memory (Java heap space, Java heap "), text);
        assertTrue(text.contains("-Xmx") && text.contains("relay.slab-mb"), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void aBugStillGetsItsStackTrace() {
        String text = report(new IllegalStateException("unexpected"), ErrorReporter.BUG);
        assertTrue(text.startsWith("internal error") && text.contains("\tat "), text);
    }
}
