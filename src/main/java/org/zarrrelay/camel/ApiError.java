package org.zarrrelay.camel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.zarrrelay.zarr.Json;

/** The body of every refusal the HTTP API sends: {"status": <code>, "error": "what to change"}. */
record ApiError(int status, String error) {
    ApiError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status must be 4xx or 5xx, not " + status);
        }
    }

    String json() {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("status", status);
        e.put("error", error);
        return new String(Json.bytes(e), StandardCharsets.UTF_8);
    }
}
