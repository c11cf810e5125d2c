package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;

class RelaySettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsPutEveryFolderUnderTheDataFolder() {
        RelaySettings s = RelaySettings.load(null, Map.of(), Map.of("relay.data", dir.toString()));
        assertEquals(dir.resolve("inbox"), s.folders().inbox());
        assertEquals(dir.resolve("archive"), s.folders().archive());
        assertEquals(List.of(dir), s.storeRoots());
        assertEquals(128L << 20, s.slabBytes());
        assertEquals(org.zarrrelay.job.Cast.SAME, s.cast(), "a result must keep the exported type unless told otherwise");
    }

    @Test
    void setBeatsEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Path file = dir.resolve("relay.properties");
        Files.writeString(file, "relay.slab-mb=16\nrelay.cast=clamp\nrelay.inbox=" + dir.resolve("file-inbox") + "\n");
        RelaySettings s = RelaySettings.load(file, Map.of("RELAY_CAST", "round", "RELAY_SLAB_MB", "32"),
                Map.of("relay.slab-mb", "64"));
        assertEquals(64L << 20, s.slabBytes());
        assertEquals(org.zarrrelay.job.Cast.ROUND, s.cast());
        assertEquals(dir.resolve("file-inbox"), s.folders().inbox());
    }

    @Test
    void unknownKeysAndBadValuesFailAtStart() throws Exception {
        RelayException e = assertThrows(RelayException.class,
                () -> RelaySettings.load(null, Map.of(), Map.of("relay.inbx", "x")));
        assertTrue(e.getMessage().contains("unknown setting 'relay.inbx'") && e.getMessage().contains("relay.inbox"), e.getMessage());
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "relay.slabmb=3\n");
        e = assertThrows(RelayException.class, () -> RelaySettings.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("relay.slabmb"), e.getMessage());
        RelaySettings bad = RelaySettings.load(null, Map.of(), Map.of("relay.slab-mb", "lots", "relay.cast", "wrap"));
        assertThrows(RelayException.class, bad::slabBytes);
        assertThrows(RelayException.class, bad::cast);
        e = assertThrows(RelayException.class, () -> RelaySettings.load(dir.resolve("missing.properties"), Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void theShippedConfigFileDocumentsEveryKeyTheJarKnows() throws Exception {
        // config/application.properties is the source of the defaults in the jar; both must agree
        Path shipped = Path.of("config", "application.properties");
        RelaySettings fromFile = RelaySettings.load(shipped, Map.of(), Map.of());
        for (String line : Files.readAllLines(shipped)) {
            if (line.startsWith("relay.")) {
                String key = line.substring(0, line.indexOf('='));
                String prev = previousCommentLine(Files.readAllLines(shipped), line);
                assertTrue(prev.startsWith("#"), key + " has a comment above it");
                fromFile.get(key);
            }
        }
    }

    private static String previousCommentLine(List<String> lines, String line) {
        int i = lines.indexOf(line);
        return i > 0 ? lines.get(i - 1) : "";
    }
}
