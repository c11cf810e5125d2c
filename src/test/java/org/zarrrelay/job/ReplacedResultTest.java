package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;

/**
 * A result saved again or replaced while its write-back reads it is not committed: what was read may
 * be part of one file and part of the other.
 */
class ReplacedResultTest {
    @TempDir
    Path dir;

    private static void write(Path file, Volume v) {
        try (NpyWriter w = NpyWriter.open(file, v.dtype(), java.util.Arrays.stream(v.shape()).asLongStream().toArray())) {
            w.writeSlab(v);
            w.commit();
        }
    }

    private static Volume plus(Volume v, int n) {
        Volume out = Volume.allocate(v.dtype(), v.shape());
        for (int i = 0; i < v.elementCount(); i++) {
            out.setLong(i, (v.getLong(i) + n) & 0xffff);
        }
        return out;
    }

    @Test
    void aResultReplacedWhileItIsWrittenBackIsRefusedAndNothingIsWritten() throws Exception {
        ZarrArray a = ExportSlabsTest.filled(dir.resolve("img.zarr"));
        String location = dir.resolve("img.zarr").toAbsolutePath().toString();
        ArrayOpener opener = new ArrayOpener(false, ChunkExecutor.shared());
        Job job = new ExportService(64L << 20, opener).exportJob(new RegionRequest("r", "img.zarr", "", "0:8,0:16,0:16",
                Formats.byName("npy"), null, null, WritebackOptions.NONE), "img.zarr", location, dir.resolve("r.npy"),
                Progress.NONE);
        Volume exported;
        try (VolumeReader in = Formats.byName("npy").open(dir.resolve("r.npy"))) {
            exported = in.readSlab(0, 8);
        }
        Path result = dir.resolve("r-result.npy");
        write(result, plus(exported, 11));
        Path other = dir.resolve("other.npy");
        write(other, plus(exported, 22));
        Files.setLastModifiedTime(other, FileTime.fromMillis(Files.getLastModifiedTime(result).toMillis() + 60_000));

        Progress replacing = new Progress() {
            @Override
            public void phase(JobProgress.Phase phase) {
                if (phase == JobProgress.Phase.WRITING) {  // the user's tool saves the result again meanwhile
                    try {
                        Files.move(other, result, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void update(long done, long total) {
            }
        };
        RequestException e = assertThrows(RequestException.class, () -> new WriteBack(
                new WritebackService(64L << 20, Downsampling.MEAN), false, "test").run(job, opener.store(location),
                opener.executor(location), result, WritebackOptions.NONE, dir.resolve("r.conflict.tif"), replacing));
        assertTrue(e.getMessage().contains("changed while it was being written back") && e.getMessage().contains("nothing"
                + " was written"), e.getMessage());
        assertArrayEquals(exported.data(), a.read(new long[3], new int[] {8, 16, 16}).data(), "the store is as it was");
        assertEquals(0, Journal.of(opener.store(location), ChunkExecutor.shared()).history().size(), "no write-back committed");
    }
}
