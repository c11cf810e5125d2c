package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zarrrelay.zarr.Json;

/**
 * Write-back options dropped beside a returned file as {@code <returned name>.json}, e.g.
 * {@code cells-1-processed.tif.json} holding {@code {"cast": "round"}}. Write it before the file
 * itself: the file is taken as soon as it is complete.
 */
final class Sidecars {
    private Sidecars() {
    }

    /** The sidecar's path beside a returned file. */
    static Path of(Path returned) {
        return returned.resolveSibling(JobFiles.sidecar(returned.getFileName().toString()));
    }

    /** The options in the file's sidecar, or none when there is no sidecar. */
    static WritebackOptions read(Path returned) {
        Path sidecar = of(returned);
        if (!Files.isRegularFile(sidecar)) {
            return WritebackOptions.NONE;
        }
        JsonNode json;
        try {
            byte[] bytes = Files.readAllBytes(sidecar);
            if (bytes.length > 64 * 1024) {
                throw new RequestException("the sidecar " + sidecar.getFileName() + " is " + bytes.length + " bytes; it"
                        + " should hold a small JSON object like {\"cast\": \"round\"}");
            }
            json = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new RequestException("the sidecar " + sidecar.getFileName() + " is not valid JSON (" + e.getMessage()
                    + "): write an object like {\"cast\": \"round\", \"on-conflict\": \"overwrite\"}", e);
        }
        return WritebackOptions.fromSidecar(json, " in the sidecar " + sidecar.getFileName());
    }
}
