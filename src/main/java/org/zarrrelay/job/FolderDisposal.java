package org.zarrrelay.job;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Inputs kept in local folders: moved to {@code archive/} when used, to {@code failed/} with their
 * reason otherwise, which ends saying how to give the input again. A returned file's options
 * sidecar ({@code <name>.json}) goes with it.
 *
 * @param resend how the input is given again once fixed (a dropped file, a queue message, an HTTP call)
 */
public record FolderDisposal(Path archive, Path failed, String resend) implements InputDisposal {
    public static final String DROP_AGAIN = "drop the file into its folder again";

    /** For files dropped into the data folder's inbox or returns. */
    public static FolderDisposal of(DataFolders folders) {
        return of(folders, DROP_AGAIN);
    }

    /** For inputs that arrived another way and are kept in the data folder meanwhile. */
    public static FolderDisposal of(DataFolders folders, String resend) {
        return new FolderDisposal(folders.archive(), folders.failed(), resend);
    }

    @Override
    public void archive(Path file) {
        Path moved = AtomicFiles.moveInto(file, archive);
        moveSidecar(file, moved);
    }

    @Override
    public String park(Path file, String reason) {
        return park(file, reason, null);
    }

    @Override
    public String park(Path file, String reason, Path mask) {
        Path parked = new FailedInputs(failed).park(file, reason, resend);
        moveSidecar(file, parked);
        if (mask != null && Files.exists(mask)) {
            AtomicFiles.move(mask, parked.resolveSibling(JobFiles.conflictMask(parked.getFileName().toString())));
        }
        return failed.getFileName().resolve(parked.getFileName()).toString();
    }

    /** The sidecar of {@code file} follows it to where it was moved, under the matching name. */
    private static void moveSidecar(Path file, Path movedTo) {
        Path sidecar = Sidecars.of(file);
        if (Files.isRegularFile(sidecar)) {
            AtomicFiles.move(sidecar, Sidecars.of(movedTo));
        }
    }
}
