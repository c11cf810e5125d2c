package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;

/** A second relay on the data folder one already serves is refused at start, saying why; after it stops, one may start. */
class OneRelayPerDataFolderTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRelayOnTheSameDataFolderIsRefused() throws Exception {
        try (RelayHarness first = new RelayHarness(dir)) {
            RelayException e = assertThrows(RelayException.class, () -> new RelayHarness(dir, Map.of()));
            assertTrue((e.getMessage().contains("serves the data folder") || e.getMessage().contains("serving the data folder"))
                    && e.getMessage().contains("relay.data"),
                    e.getMessage());
        }
        try (RelayHarness again = new RelayHarness(dir)) {
            assertTrue(again.relay.camelContext().isStarted());
        }
    }
}
