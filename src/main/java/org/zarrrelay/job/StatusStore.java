package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.zarrrelay.zarr.Json;

/** Reads and writes {@code status/<id>.json}, each replaced atomically so a poller never sees half a file. */
public final class StatusStore {
    private final Path dir;

    public StatusStore(Path dir) {
        this.dir = dir;
    }

    public Path file(String id) {
        return dir.resolve(id + ".json");
    }

    public boolean exists(String id) {
        return Files.exists(file(id));
    }

    public JobStatus read(String id) {
        Path f = file(id);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(f.toFile(), JobStatus.class);
        } catch (IOException e) {
            throw new UncheckedIOException("status file " + f + " is unreadable", e);
        }
    }

    /** Writes the status, with {@code updated} set to now when it has none. */
    public JobStatus write(JobStatus s) {
        String updated = s.updated() != null ? s.updated()
                : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString();
        JobStatus stamped = s.stamped(updated, s.created(), s.worker());
        AtomicFiles.write(file(s.id()), Json.bytes(Json.MAPPER.valueToTree(stamped)));
        return stamped;
    }
}
