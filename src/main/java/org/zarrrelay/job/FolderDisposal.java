package org.zarrrelay.job;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Inputs that live in local folders: moved to {@code archive/} when used, to {@code failed/} with
 * their reason otherwise. A returned file's options sidecar ({@code <name>.json}) goes with it.
 */
public record FolderDisposal(Path archive, Path failed) implements InputDisposal {

    public static FolderDisposal of(DataFolders folders) {
        return new FolderDisposal(folders.archive(), folders.failed());
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
        Path parked = new FailedInputs(failed).park(file, reason);
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
