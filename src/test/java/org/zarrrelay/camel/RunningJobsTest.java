package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the relay counts as running jobs (the number in "stopping: waiting for N running job(s)"):
 * an exchange of a route that takes a request or a returned file, but not a tick of the returns
 * folders' timer that only looks at the folders. Counting those made a stop during an export say
 * "2 running job(s)" now and then (GracefulStopTest failed so in a CI run).
 */
class RunningJobsTest {
    @TempDir
    Path dir;

    @Test
    void aTickOfTheReturnsFoldersTimerIsNoJobAnInboxExchangeIs() throws Exception {
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            CamelContext camel = h.relay.camelContext();
            InflightRepository inflight = camel.getInflightRepository();
            Exchange tick = new DefaultExchange(camel);
            Exchange request = new DefaultExchange(camel);
            enter(inflight, tick, RelayService.RETURNS_FOLDERS_ROUTE);
            try {
                assertEquals(0, h.relay.inFlight(), "a timer tick that writes nothing back is no job");
                enter(inflight, request, "inbox");
                try {
                    assertEquals(1, h.relay.inFlight(), "a request in the inbox route is one");
                } finally {
                    leave(inflight, request, "inbox");
                }
            } finally {
                leave(inflight, tick, RelayService.RETURNS_FOLDERS_ROUTE);
            }
        }
    }

    /** As Camel records an exchange entering a route: in the whole count and in the route's. */
    private static void enter(InflightRepository inflight, Exchange e, String route) {
        inflight.add(e);
        inflight.add(e, route);
    }

    private static void leave(InflightRepository inflight, Exchange e, String route) {
        inflight.remove(e, route);
        inflight.remove(e);
    }
}
