package org.zarrrelay.camel;

import java.nio.file.Path;
import org.zarrrelay.job.FailedInputs;
import org.zarrrelay.job.InputDisposal;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Objects;

/**
 * Where an object taken from an S3 inbox or returns prefix goes: copied to the {@code archive/}
 * or {@code failed/} prefix beside that prefix (failed ones with {@code <name>.error.txt}), then
 * the original deleted. A failed copy (S3 unreachable) leaves the object to be taken again at the
 * next poll rather than lost.
 */
final class S3ObjectDisposal implements InputDisposal {
    private final S3Objects objects;
    private final String bucket;
    private final String key;
    private final String sidecar;
    private final S3Location archive;
    private final S3Location failed;
    private final S3Location folder;

    /** @param sidecar the key of the object's options sidecar, or null */
    S3ObjectDisposal(S3Objects objects, String bucket, String key, String sidecar, S3Location folder) {
        this.objects = objects;
        this.bucket = bucket;
        this.key = key;
        this.sidecar = sidecar;
        this.folder = folder;
        this.archive = sibling(folder, "archive");
        this.failed = sibling(folder, "failed");
    }

    /** {@code s3://b/lab/inbox} → {@code s3://b/lab/<name>}. */
    static S3Location sibling(S3Location folder, String name) {
        String p = folder.prefix();
        int slash = p.lastIndexOf('/');
        return new S3Location(folder.bucket(), slash < 0 ? name : p.substring(0, slash + 1) + name);
    }

    @Override
    public void archive(Path file) {
        String name = objects.freeName(archive, name());
        objects.copy(bucket, key, archive, name);
        moveSidecar(archive, name);
        objects.delete(bucket, key);
        Spool.discard(file);
    }

    /** The sidecar follows its object. */
    private void moveSidecar(S3Location to, String name) {
        if (sidecar != null) {
            objects.copy(bucket, sidecar, to, JobFiles.sidecar(name));
            objects.delete(bucket, sidecar);
        }
    }

    @Override
    public String park(Path file, String reason) {
        return park(file, reason, null);
    }

    @Override
    public String park(Path file, String reason, Path mask) {
        String name = objects.freeName(failed, name());
        objects.copy(bucket, key, failed, name);
        objects.putText(failed, JobFiles.error(name), FailedInputs.reasonText(name(), reason,
                "put it into " + folder + " again"));
        moveSidecar(failed, name);
        if (mask != null && java.nio.file.Files.exists(mask)) {
            objects.putFile(failed, JobFiles.conflictMask(name), mask);
            Spool.discard(mask);
        }
        objects.delete(bucket, key);
        Spool.discard(file);
        return failed.uri(name);
    }

    private String name() {
        return Spool.safeName(key);
    }
}
