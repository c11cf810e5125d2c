package org.zarrrelay.camel;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.zarrrelay.job.JobListener;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.zarr.Json;

/**
 * Publishes every job state change to the events topic as the job's status JSON, with the id and
 * state also as the message properties relayJobId and relayState so subscribers can select on them.
 */
final class JmsEvents implements JobListener {
    private final String uri;
    private final Supplier<CamelContext> context;
    private ProducerTemplate template;

    /** @param context the relay's Camel context once it exists; jobs only change once it runs */
    JmsEvents(String topic, Supplier<CamelContext> context) {
        this.uri = "jms:topic:" + topic;
        this.context = context;
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            CamelContext c = context.get();
            if (c != null && c.isStarted()) {
                template = c.createProducerTemplate();
            }
        }
        return template;
    }

    @Override
    public void changed(JobStatus s) {
        ProducerTemplate t = template();
        if (t != null) {
            String body = new String(Json.bytes(Json.MAPPER.valueToTree(s)), StandardCharsets.UTF_8);
            t.sendBodyAndHeaders(uri, body, Map.of("relayJobId", s.id(), "relayState", s.state()));
        }
    }
}
