package org.zarrrelay.job;

import java.nio.file.Path;

/** Inputs that live in local folders: moved to {@code archive/} when used, to {@code failed/} with their reason otherwise. */
public record FolderDisposal(Path archive, Path failed) implements InputDisposal {

    public static FolderDisposal of(DataFolders folders) {
        return new FolderDisposal(folders.archive(), folders.failed());
    }

    @Override
    public void archive(Path file) {
        AtomicFiles.moveInto(file, archive);
    }

    @Override
    public String park(Path file, String reason) {
        Path parked = new FailedInputs(failed).park(file, reason);
        return failed.getFileName().resolve(parked.getFileName()).toString();
    }
}
