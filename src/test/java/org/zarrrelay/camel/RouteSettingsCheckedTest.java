package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;

/**
 * Issue 13: settings only the routes read (polling, read lock, returns' endings, queue consumers)
 * were not checked, so relay.poll-delay-ms=abc started with Camel's default. Each stops the relay
 * at start, naming the key, the value and what is allowed.
 */
class RouteSettingsCheckedTest {
    @TempDir
    Path dir;

    @Test
    void aBadRouteSettingStopsTheRelayAtStart() {
        assertRefused("relay.poll-delay-ms", "abc", "a whole number of milliseconds, at least 1");
        assertRefused("relay.poll-delay-ms", "0", "at least 1");
        assertRefused("relay.read-lock-min-age-ms", "-5", "a whole number of milliseconds, at least 0");
        assertRefused("relay.read-lock-min-age-ms", "1s", "at least 0");
        assertRefused("relay.returns-extensions", "tif|(", "separated by |");
        assertRefused("relay.jms.consumers", "two", "a whole number, at least 1");
    }

    private void assertRefused(String key, String value, String allowed) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("relay.data", dir.resolve("data").toString());
        settings.put("relay.sample", "false");
        settings.put(key, value);
        RelayException e = assertThrows(RelayException.class,
                () -> new RelayService(RelaySettings.load(null, Map.of(), settings)).stop(), key + "=" + value);
        assertTrue(e.getMessage().startsWith(key + " is '" + value + "'") && e.getMessage().contains(allowed), e.getMessage());
    }
}
