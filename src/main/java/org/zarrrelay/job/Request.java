package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.zarrrelay.zarr.Json;

/** What a request file or message asks for: an export of a region, or the undo of a job's write-back. */
public sealed interface Request permits RegionRequest, UndoRequest {

    /** Parses request JSON, with messages that say what a valid request looks like. */
    static Request parse(byte[] json) {
        if (json.length == 0) {
            throw new RequestException("the request is empty (0 bytes): write a JSON object like {\"store\": \"sample.zarr\","
                    + " \"array\": \"0\", \"region\": \"0:10,0:10,0:10\"}");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new RequestException("the request is not valid JSON (" + Requests.firstLine(e.getMessage())
                    + "): write an object like {\"store\": \"sample.zarr\", \"array\": \"0\", \"region\": \"0:10,0:10,0:10\"}");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new RequestException("the request must be a JSON object, like {\"store\": \"sample.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:10,0:10,0:10\"}");
        }
        return obj.has("undo") ? UndoRequest.from(obj) : RegionRequest.from(obj);
    }
}
