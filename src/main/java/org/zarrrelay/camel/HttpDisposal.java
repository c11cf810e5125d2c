package org.zarrrelay.camel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.zarrrelay.job.AtomicFiles;
import org.zarrrelay.job.DataFolders;
import org.zarrrelay.job.FolderDisposal;
import org.zarrrelay.job.InputDisposal;
import org.zarrrelay.job.JobFiles;

/**
 * Where a body received over HTTP goes once used or refused: archive/ or failed/, as a dropped
 * file does. The reason kept beside a refused one tells its sender to send it again, since there
 * is no folder they could drop it into.
 */
final class HttpDisposal implements InputDisposal {
    private final FolderDisposal folders;
    private final String resend;

    /** @param resend what to do once the problem is fixed, e.g. "send the request again (POST /api/requests)" */
    HttpDisposal(DataFolders folders, String resend) {
        this.folders = FolderDisposal.of(folders);
        this.resend = resend;
    }

    @Override
    public void archive(Path file) {
        folders.archive(file);
    }

    @Override
    public String park(Path file, String reason) {
        return park(file, reason, null);
    }

    @Override
    public String park(Path file, String reason, Path mask) {
        Path parked = AtomicFiles.moveInto(file, folders.failed());
        String name = parked.getFileName().toString();
        AtomicFiles.write(parked.resolveSibling(JobFiles.error(name)), ("zarr-relay could not use " + name
                + ", received over HTTP\nwhen: " + OffsetDateTime.now(ZoneOffset.UTC) + "\n\n" + reason
                + "\n\nFix the problem and " + resend + ".\n").getBytes(StandardCharsets.UTF_8));
        if (mask != null && Files.exists(mask)) {
            AtomicFiles.move(mask, parked.resolveSibling(JobFiles.conflictMask(name)));
        }
        return folders.failed().getFileName().resolve(name).toString();
    }
}
