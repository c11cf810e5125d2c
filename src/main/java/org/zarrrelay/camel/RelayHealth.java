package org.zarrrelay.camel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.zarrrelay.RelayException;
import org.zarrrelay.job.Jobs;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.store.S3ConditionalWrites;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Objects;

/**
 * What GET /health answers: whether each thing this relay depends on answers now — the ledger,
 * each store root, the broker (when requests come from a queue) and each S3 prefix it reads or
 * writes (inbox, returns, exports). Every part is {@code UP} or {@code DOWN: why}; the whole is
 * {@code DOWN} (503) when any part is.
 */
final class RelayHealth {
    /** An answer: its HTTP status and its JSON. */
    record Answer(int code, ObjectNode body) {
    }

    private final Jobs jobs;
    private final Supplier<Map<String, String>> storeRoots;
    private final ConnectionFactory broker;
    private final String brokerUrl;
    private final S3Objects s3;
    private final Map<String, S3Location> s3Folders;
    private final Map<String, S3ConditionalWrites.Outcome> conditionalWrites;

    /**
     * @param broker            the queue's broker, or null when there is none
     * @param s3Folders         the S3 prefixes by setting name (relay.inbox, ...); empty without S3
     * @param conditionalWrites what the start-up probe found per S3 store root (informational)
     */
    RelayHealth(Jobs jobs, Supplier<Map<String, String>> storeRoots, ConnectionFactory broker, String brokerUrl,
                S3Objects s3, Map<String, S3Location> s3Folders, Map<String, S3ConditionalWrites.Outcome> conditionalWrites) {
        this.jobs = jobs;
        this.storeRoots = storeRoots;
        this.broker = broker;
        this.brokerUrl = brokerUrl;
        this.s3 = s3;
        this.s3Folders = Collections.unmodifiableMap(new LinkedHashMap<>(s3Folders));  // in the order given
        this.conditionalWrites = Map.copyOf(conditionalWrites);
    }

    Answer check() {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("status", "UP");  // first in the answer; set below once every check is in
        boolean up = put(answer, "ledger", ledger());
        ObjectNode stores = answer.putObject("storeRoots");
        for (Map.Entry<String, String> root : storeRoots.get().entrySet()) {
            up &= put(stores, root.getKey(), root.getValue());
        }
        if (broker != null) {
            up &= put(answer, "broker", broker());
        }
        if (!s3Folders.isEmpty()) {
            ObjectNode folders = answer.putObject("s3Folders");
            for (Map.Entry<String, S3Location> f : s3Folders.entrySet()) {
                up &= put(folders, f.getKey(), s3Folder(f.getValue()));
            }
        }
        answer.put("status", up ? "UP" : "DOWN");
        // informational: a server ignoring If-Match weakens detection of outside writers, the relay still works
        if (!conditionalWrites.isEmpty()) {
            ObjectNode probed = answer.putObject("s3ConditionalWrites");
            conditionalWrites.forEach((root, outcome) -> probed.put(root, outcome.describe()));
        }
        return new Answer(up ? 200 : 503, answer);
    }

    private static boolean put(ObjectNode node, String name, String state) {
        node.put(name, state);
        return "UP".equals(state);
    }

    private String ledger() {
        try {
            jobs.list(null, 1);
            return "UP";
        } catch (RelayException e) {
            return "DOWN: " + e.getMessage();
        }
    }

    private String broker() {
        try (jakarta.jms.Connection c = broker.createConnection()) {
            return "UP";
        } catch (JMSException | RuntimeException e) {
            return "DOWN: cannot connect to the broker at " + brokerUrl + " (" + e.getMessage()
                    + "); check that it runs and that relay.jms.url names it";
        }
    }

    private String s3Folder(S3Location folder) {
        try {
            s3.list(folder);
            return "UP";
        } catch (RuntimeException e) {
            return "DOWN: " + e.getMessage();
        }
    }
}
