package org.zarrrelay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * An export killed while writing leaves its hidden temporary file (a DICOM series: folder) beside
 * the target. The next export to the same name removes what no export has written to for
 * {@link TempFiles#STALE}, and nothing else.
 */
class TempFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.zarrrelay.format.FormatFiles#names")
    void anExportRemovesWhatAKilledExportToTheSameNameLeft(String format) throws IOException {
        VolumeFormat f = Formats.byName(format);
        String name = "cells." + f.extension();
        Path staleFile = old(Files.write(dir.resolve("." + name + "-3fa9c0d2e1b4a567.tmp"), new byte[1000]), 2);
        Path staleFolder = dir.resolve("." + name + "-c0ffee.tmp");
        old(Files.write(Files.createDirectory(staleFolder).resolve("IMG0001.dcm"), new byte[10]), 3);
        old(staleFolder, 3);
        Path running = Files.write(dir.resolve("." + name + "-1234abcd.tmp"), new byte[10]);
        Path otherTarget = old(Files.write(dir.resolve(".other." + f.extension() + "-3fa9c0d2e1b4a567.tmp"), new byte[10]), 2);

        Path out = FormatFiles.write(dir.resolve(name), format, Volume.allocate(DataType.UINT16, 2, 3, 4), FileInfo.NONE);

        assertTrue(Files.exists(out));
        assertFalse(Files.exists(staleFile), "a killed export's file goes");
        assertFalse(Files.exists(staleFolder), "a killed export's folder goes");
        assertTrue(Files.exists(running), "a file written to a moment ago may be a running export's: kept");
        assertTrue(Files.exists(otherTarget), "another target's: kept");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(Stream.of(".other." + f.extension() + "-3fa9c0d2e1b4a567.tmp", "." + name + "-1234abcd.tmp", name).sorted().toList(),
                    left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".manifest.json")).sorted().toList());
        }
    }

    @Test
    void onlyOurHiddenNamesOfThatTargetGoAndAFolderCountsItsNewestFile() throws IOException {
        Path target = dir.resolve("x.npy");
        Path notHidden = old(Files.write(dir.resolve("x.npy-3fa9.tmp"), new byte[1]), 5);
        Path notHex = old(Files.write(dir.resolve(".x.npy-zz.tmp"), new byte[1]), 5);
        Path longer = old(Files.write(dir.resolve(".x.npy.gz-3fa9.tmp"), new byte[1]), 5);
        Path regexName = old(Files.write(dir.resolve(".xxnpy-3fa9.tmp"), new byte[1]), 5);
        Path user = old(Files.write(dir.resolve(".x.npy-3fa9.tmp.keep"), new byte[1]), 5);
        Path busyFolder = dir.resolve(".x.npy-beef.tmp");
        old(Files.write(Files.createDirectory(busyFolder).resolve("IMG0001.dcm"), new byte[1]), 5);
        Files.write(busyFolder.resolve("IMG0002.dcm"), new byte[1]);
        old(busyFolder, 5);
        Path stale = old(Files.write(dir.resolve(".x.npy-3fa9.tmp"), new byte[1]), 5);
        Path justStale = old(Files.write(dir.resolve(".x.npy-aaaa.tmp"), new byte[1]), 0);
        Files.setLastModifiedTime(justStale, FileTime.from(Instant.now().minus(TempFiles.STALE).minusSeconds(1)));
        Path justFresh = Files.write(dir.resolve(".x.npy-bbbb.tmp"), new byte[1]);
        Files.setLastModifiedTime(justFresh, FileTime.from(Instant.now().minus(TempFiles.STALE).plusSeconds(60)));

        TempFiles.removeStale(target, Instant.now());

        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(justStale));
        for (Path kept : List.of(notHidden, notHex, longer, regexName, user, busyFolder, justFresh)) {
            assertTrue(Files.exists(kept), kept.getFileName() + " is kept");
        }
    }

    @Test
    void aTargetInAFolderThatDoesNotExistYetIsNoError() {
        TempFiles.removeStale(dir.resolve("missing/x.tif"), Instant.now());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    private static Path old(Path p, int hours) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(hours))));
        return p;
    }
}
