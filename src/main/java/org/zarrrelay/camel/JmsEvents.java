package org.zarrrelay.camel;

import java.nio.charset.StandardCharsets;
import java.util.Map;
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
    private volatile ProducerTemplate template;

    JmsEvents(String topic) {
        this.uri = "jms:topic:" + topic;
    }

    /** Called once Camel runs; changes before that (there are none: no route has started) are not published. */
    void start(CamelContext context) {
        template = context.createProducerTemplate();
    }

    @Override
    public void changed(JobStatus s) {
        ProducerTemplate t = template;
        if (t != null) {
            String body = new String(Json.bytes(Json.MAPPER.valueToTree(s)), StandardCharsets.UTF_8);
            t.sendBodyAndHeaders(uri, body, Map.of("relayJobId", s.id(), "relayState", s.state()));
        }
    }
}
