package org.zarrrelay.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Puts an input that could not be used into {@code failed/}, with {@code <name>.error.txt} beside it saying why. */
public final class FailedInputs {
    private final Path dir;

    public FailedInputs(Path dir) {
        this.dir = dir;
    }

    /**
     * Moves the file (if it still exists) and writes the reason; returns where the file went.
     *
     * @param resend how the input is given again once fixed, e.g. "drop the file into its folder again"
     */
    public Path park(Path file, String reason, String resend) {
        Path target = Files.exists(file) ? AtomicFiles.moveInto(file, dir) : AtomicFiles.freeName(dir, file.getFileName().toString());
        AtomicFiles.write(target.resolveSibling(JobFiles.error(target.getFileName().toString())),
                reasonText(file.getFileName().toString(), reason, resend).getBytes(StandardCharsets.UTF_8));
        return target;
    }

    /** What {@code <name>.error.txt} says, wherever the failed input is kept. */
    public static String reasonText(String name, String reason, String resend) {
        return "zarr-relay could not use " + name + "\n"
                + "when: " + OffsetDateTime.now(ZoneOffset.UTC) + "\n\n"
                + reason + "\n\n"
                + "Fix the problem and " + resend + ".\n";
    }
}
