package org.zarrrelay.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** {@code {"undo": "<job id>"}}: undo that job's write-back, at every level, merging around later changes. */
public record UndoRequest(String jobId) implements Request {
    static final Set<String> FIELDS = Set.of("undo");

    public UndoRequest {
        if (jobId == null || jobId.isBlank()) {
            throw new RequestException("\"undo\" names no job: write {\"undo\": \"<job id>\"}");
        }
        RegionRequest.checkId(jobId);
    }

    static UndoRequest from(ObjectNode obj) {
        Requests.onlyFields(obj, FIELDS);
        return new UndoRequest(Requests.text(obj, "undo"));
    }
}
