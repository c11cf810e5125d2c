package org.zarrrelay.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.zarrrelay.job.FolderDisposal;
import org.zarrrelay.job.InputDisposal;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.job.Request;
import org.zarrrelay.job.UndoRequest;
import org.zarrrelay.job.RequestException;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.zarr.Json;

/**
 * Requests that arrive on the JMS queue (routes/jms.camel.yaml). {@link #dispatch} checks a message
 * and gives it the JMS group of its store+array, so that when several workers consume the job
 * queue the broker hands one array's jobs to one worker at a time; a message that is not a valid
 * request is marked for the dead-letter queue with its reason (and kept in failed/ like any bad
 * input) instead of being redelivered forever. {@link #run} does the job, as the inbox does.
 */
public final class QueueBean {
    /** Set on a message that goes to the dead-letter queue: why it could not be used. */
    public static final String ERROR = "relayError";
    /** The JMS message group: messages of one group are consumed by one consumer at a time. */
    public static final String GROUP = "JMSXGroupID";
    private static final long MAX_MESSAGE_BYTES = 1 << 20;

    private final RoundTrip roundTrip;
    private final Spool spool;
    private final InputDisposal local;

    QueueBean(RoundTrip roundTrip, Spool spool) {
        this.roundTrip = roundTrip;
        this.spool = spool;
        this.local = FolderDisposal.of(roundTrip.folders(), "send the request to the queue again");
    }

    /** The group of a request's jobs: its store and array (for an undo, those of the job it undoes). */
    public String group(Request r) {
        if (r instanceof RegionRequest region) {
            return region.store() + "|" + region.array();
        }
        String id = ((UndoRequest) r).jobId();
        Job job = roundTrip.jobs().job(id);
        return job == null ? "undo|" + id : job.manifest().store() + "|" + job.manifest().array();
    }

    public void dispatch(Exchange ex) {
        Message m = ex.getMessage();
        byte[] body = bodyBytes(m);
        Path file = spool.save(name(m), new ByteArrayInputStream(body), MAX_MESSAGE_BYTES, "the queue's 1 MB message limit");
        Request request;
        try {
            request = roundTrip.parse(file, local);
        } catch (RequestException e) {
            Spool.release(file);
            m.setHeader(ERROR, e.getMessage());
            return;
        }
        Spool.discard(file);
        // the id is fixed now, so a generated one stays the same on the job queue and in every event
        JsonNode tree = Json.parse(body, "the message");
        if (request instanceof RegionRequest r) {
            ((ObjectNode) tree).put("id", r.id());
        }
        m.setBody(new String(Json.bytes(tree), StandardCharsets.UTF_8));
        m.setHeader(GROUP, group(request));
    }

    public JobStatus run(Exchange ex) {
        Message m = ex.getMessage();
        Path file = spool.save(name(m), new ByteArrayInputStream(bodyBytes(m)), MAX_MESSAGE_BYTES,
                "the queue's 1 MB message limit");
        try {
            return roundTrip.onRequest(file, local);
        } finally {
            Spool.release(file);
        }
    }

    private static byte[] bodyBytes(Message m) {
        String text = m.getBody(String.class);
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }

    /** A file name for failed/ and archive/: the JMS message id, made safe. */
    private static String name(Message m) {
        String id = m.getHeader("JMSMessageID", String.class);
        return "jms-" + Spool.safeName(id == null ? "message" : id.replace("ID:", "")) + ".json";
    }
}
