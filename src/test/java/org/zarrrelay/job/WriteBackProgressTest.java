package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;

/**
 * A write-back tells its phases in order, each counted in bytes from 0 up to the total it announced
 * first: staging the file where it cannot be read in boxes (during the caller's checking phase),
 * merging, writing.
 */
class WriteBackProgressTest {
    /** One chunk (4 x 8 x 8 uint16): every tile is a single chunk. */
    private static final long ONE_CHUNK = 4 * 8 * 8 * 2;

    @TempDir
    Path dir;

    /** What a write-back told, in order: "phase" lines and "done/total" lines. */
    private static final class Told implements Progress {
        final List<String> lines = new ArrayList<>();

        @Override
        public void phase(JobProgress.Phase phase) {
            lines.add(phase.text());
        }

        @Override
        public void update(long done, long total) {
            lines.add(done + "/" + total);
        }

        /** The counts told in {@code phase}, up to the next phase. */
        List<String> counts(String phase) {
            List<String> out = new ArrayList<>();
            for (int i = lines.indexOf(phase) + 1; i < lines.size() && lines.get(i).contains("/"); i++) {
                out.add(lines.get(i));
            }
            return out;
        }
    }

    @Test
    void mergingAndWritingAreCountedInBytesAndAnNpyResultIsReadInBoxesUnstaged() throws Exception {
        ZarrArray a = ExportSlabsTest.filled(dir.resolve("img.zarr"));
        String location = dir.resolve("img.zarr").toAbsolutePath().toString();
        ArrayOpener opener = new ArrayOpener(false, ChunkExecutor.shared());
        Job job = new ExportService(ONE_CHUNK, opener).exportJob(new RegionRequest("p", "img.zarr", "", "2:38,3:24,1:23",
                Formats.byName("npy"), null, null, WritebackOptions.NONE), "img.zarr", location, dir.resolve("p.npy"),
                Progress.NONE);
        Volume v;
        try (VolumeReader in = Formats.byName("npy").open(dir.resolve("p.npy"))) {
            v = in.readSlab(0, 36);
        }
        for (int i = 0; i < 18 * 21 * 22; i++) {
            v.setLong(i, (v.getLong(i) + 1) & 0xffff);  // the result changes the first 18 planes
        }
        Path result = dir.resolve("p-result.npy");
        try (NpyWriter w = NpyWriter.open(result, DataType.UINT16, new long[] {36, 21, 22})) {
            w.writeSlab(v);
            w.commit();
        }
        Volume one = Volume.allocate(DataType.UINT16, 1, 1, 1);
        one.setLong(0, 4242);
        a.write(new long[] {30, 10, 10}, one);  // a later edit in chunk (7, 1, 1), where the result kept the voxels

        Told told = new Told();
        new WriteBack(new WritebackService(ONE_CHUNK, Downsampling.MEAN), false, "test").run(job, opener.store(location),
                opener.executor(location), result, WritebackOptions.NONE, dir.resolve("p.conflict.tif"), told);

        assertEquals(List.of("merging", "writing"), told.lines.stream().filter(l -> !l.contains("/")).toList(), told.lines.toString());
        // before the first phase (the caller's, checking): nothing, an npy file is read in tiles as it is
        assertEquals(List.of(), told.lines.subList(0, told.lines.indexOf("merging")));
        // merging: the one tile that meets the edited chunk, z 28:32, y 8:16, x 8:16 of the array
        long merged = 4 * 8 * 8 * 2;
        assertEquals(List.of("0/" + merged, merged + "/" + merged), told.counts("merging"));
        List<String> writing = told.counts("writing");
        long region = 36 * 21 * 22 * 2;
        assertEquals(region + "/" + region, writing.get(writing.size() - 1), writing.toString());
    }

    @Test
    void aFileThatCannotBeReadInBoxesIsStagedAndTheCopyCounted() throws Exception {
        Volume v = Volume.allocate(DataType.UINT16, 36, 21, 22);
        new Random(4).nextBytes(v.data());
        Path file = dir.resolve("r.npy");
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[] {36, 21, 22})) {
            w.writeSlab(v);
            w.commit();
        }
        Told told = new Told();
        try (VolumeReader npy = Formats.byName("npy").open(file);
             VolumeReader planesOnly = new VolumeReader() {  // as a compressed format: whole planes only
                 @Override
                 public DataType dtype() {
                     return npy.dtype();
                 }

                 @Override
                 public long[] shape() {
                     return npy.shape();
                 }

                 @Override
                 public Volume readSlab(long start, int count) {
                     return npy.readSlab(start, count);
                 }

                 @Override
                 public void close() {
                 }
             };
             StagedReader staged = StagedReader.of(planesOnly, dir, "r.npy", ONE_CHUNK, told)) {
            long bytes = 36 * 21 * 22 * 2;
            assertEquals("0/" + bytes, told.lines.get(0), told.lines.toString());
            assertEquals(bytes + "/" + bytes, told.lines.get(told.lines.size() - 1), told.lines.toString());
            Volume box = Volume.allocate(DataType.UINT16, 5, 6, 7);
            BoxCopy.copy(v, new int[] {3, 4, 5}, box, new int[3], new int[] {5, 6, 7});
            assertArrayEquals(box.data(), staged.readBox(new long[] {3, 4, 5}, new int[] {5, 6, 7}).data());
        }
    }
}
