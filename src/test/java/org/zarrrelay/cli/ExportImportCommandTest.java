package org.zarrrelay.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyFormat;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;
import picocli.CommandLine;

/** The export and import commands, run in-process as a user would run them. */
class ExportImportCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    /** Runs a command the way a user would, with this test's data folder (so its ledger) for job commands. */
    Run run(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        if (java.util.Set.of("export", "import", "undo", "history").contains(args[0]) && !all.contains("--help")) {
            all.add("--data");
            all.add(dir.resolve("data").toString());
        }
        return runAsIs(all.toArray(String[]::new));
    }

    static Run runAsIs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private ZarrArray filledArray(Path store) {
        ZarrArray a = ZarrArray.create(new FileSystemStore(store), "img",
                NewArray.of(3, new long[] {20, 30, 40}, new int[] {8, 8, 8}, DataType.INT16, "gzip:1").toMetadata());
        Volume v = Volume.allocate(DataType.INT16, 20, 30, 40);
        new Random(7).nextBytes(v.data());
        a.write(new long[3], v);
        return a;
    }

    @Test
    void exportWritesTheRegionAndImportPutsItBack() {
        Path store = dir.resolve("s.zarr");
        ZarrArray a = filledArray(store);
        Volume before = a.read(new long[3], new int[] {20, 30, 40});
        Path npy = dir.resolve("cut.npy");
        Run r = run("export", "--store", store.toString(), "--array", "img", "--region", "3:17,5:30,0:33",
                "--format", "npy", "--out", npy.toString());
        assertEquals(0, r.status(), r.err());
        Volume cut;
        try (VolumeReader reader = new NpyFormat().open(npy)) {
            assertArrayEquals(new long[] {14, 25, 33}, reader.shape());
            cut = reader.readSlab(0, 14);
        }
        Volume expected = Volume.allocate(DataType.INT16, 14, 25, 33);
        BoxCopy.copy(before, new int[] {3, 5, 0}, expected, new int[3], new int[] {14, 25, 33});
        assertArrayEquals(expected.data(), cut.data());

        // import the same file somewhere else and check the rest of the array is untouched
        r = run("import", "--store", store.toString(), "--array", "img", "--in", npy.toString(), "--offset", "6,1,7");
        assertEquals(0, r.status(), r.err());
        Volume after = ZarrArray.open(new FileSystemStore(store), "img").read(new long[3], new int[] {20, 30, 40});
        Volume model = before;
        BoxCopy.copy(cut, new int[3], model, new int[] {6, 1, 7}, new int[] {14, 25, 33});
        assertArrayEquals(model.data(), after.data());
    }

    /**
     * A tool that rewrites a chunk's file in place also rewrites the merge base's copy (a hard link
     * to the same file): merging against it would put the exported values back over that tool's
     * change. Refused, nothing written; overwrite lets the result win; a tool that replaces the file
     * (a new file renamed over it) is merged as before and its change kept.
     */
    @Test
    void aChunkRewrittenInPlaceSinceTheExportIsRefusedInsteadOfMergedAway() throws Exception {
        Path store = dir.resolve("s.zarr");
        ZarrArray a = filledArray(store);
        Path chunk = store.resolve("img/c/0/0/0");
        byte[] other = Files.readAllBytes(store.resolve("img/c/0/0/1"));  // another chunk's values
        Path npy = dir.resolve("cut.npy");
        assertEquals(0, run("export", "--store", store.toString(), "--array", "img", "--region", "0:16,0:16,0:16",
                "--out", npy.toString(), "--id", "j1").status());
        Volume result;
        try (VolumeReader reader = new NpyFormat().open(npy)) {
            result = reader.readSlab(0, 16);
        }
        Files.delete(npy);
        BoxCopy.fill(result, new int[] {8, 8, 8}, new int[] {8, 8, 8}, new byte[2]);  // the result changes chunk 1/1/1 only
        writeNpy(npy, result);

        Object inode = Files.getAttribute(chunk, "unix:ino");
        Files.write(chunk, other);  // in place: the same file, truncated and rewritten
        assertEquals(inode, Files.getAttribute(chunk, "unix:ino"));
        Volume edited = a.read(new long[3], new int[] {20, 30, 40});

        Run r = run("import", "--job", "j1", "--in", npy.toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("img/c/0/0/0") && r.err().contains("rewritten in place")
                && r.err().contains("Nothing was written"), r.err());
        assertArrayEquals(edited.data(), a.read(new long[3], new int[] {20, 30, 40}).data(), "nothing written");

        r = run("import", "--job", "j1", "--in", npy.toString(), "--on-conflict", "overwrite");
        assertEquals(0, r.status(), r.err());
        Volume written = edited;
        BoxCopy.copy(result, new int[3], written, new int[3], new int[] {16, 16, 16});
        assertArrayEquals(written.data(), a.read(new long[3], new int[] {20, 30, 40}).data(), "the result won");

        // a tool that replaces the file: its change is merged and kept
        Path again = dir.resolve("again.npy");
        r = run("export", "--store", store.toString(), "--array", "img", "--region", "0:16,0:16,0:16",
                "--out", again.toString(), "--id", "j2");
        assertEquals(0, r.status(), r.err());
        Path replacement = store.resolve("img/c/0/0/.replacement");
        Files.write(replacement, other);
        Files.move(replacement, chunk, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Volume replaced = a.read(new long[3], new int[] {20, 30, 40});
        r = run("import", "--job", "j2", "--in", again.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(replaced.data(), a.read(new long[3], new int[] {20, 30, 40}).data(),
                "the result was the export unchanged, so the store keeps the other tool's chunk");
    }

    private static void writeNpy(Path file, Volume v) {
        try (org.zarrrelay.format.VolumeWriter w = new NpyFormat().create(file, v.dtype(),
                java.util.Arrays.stream(v.shape()).asLongStream().toArray(), org.zarrrelay.format.FileInfo.NONE)) {
            w.writeSlab(v);
            w.commit();
        }
    }

    @Test
    void aSingleIndexDropsThatAxis() {
        Path store = dir.resolve("s.zarr");
        filledArray(store);
        Path npy = dir.resolve("plane.npy");
        Run r = run("export", "--store", store.toString(), "--array", "img", "--region", "4,0:30,0:40", "--format", "npy", "--out", npy.toString());
        assertEquals(0, r.status(), r.err());
        try (VolumeReader reader = new NpyFormat().open(npy)) {
            assertArrayEquals(new long[] {30, 40}, reader.shape());
        }
    }

    @Test
    void badInputsGiveOneLineErrorsAndStatus2() {
        Path store = dir.resolve("s.zarr");
        filledArray(store);
        Run r = run("export", "--store", store.toString(), "--array", "img", "--region", "0:10,0:10", "--out", "x.npy");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("has 2 axes but the array has 3"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for a user error");

        r = run("export", "--store", store.toString(), "--array", "nope", "--region", "0:1,0:1,0:1", "--out", "x.npy");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("arrays in this store: img"), r.err());

        r = run("export", "--store", dir.resolve("missing").toString(), "--region", "0:1", "--out", "x.npy");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("not an existing directory"), r.err());

        r = run("import", "--store", store.toString(), "--array", "img", "--in", dir.resolve("none.npy").toString(), "--offset", "0,0,0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void theFormatComesFromTheFileNameAndAMismatchIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path store = dir.resolve("s.zarr");
        filledArray(store);
        String[] common = {"export", "--store", store.toString(), "--array", "img", "--region", "0:2,0:10,0:10"};
        Path nii = dir.resolve("cut.nii.gz");
        assertEquals(0, run(concat(common, "--out", nii.toString())).status());
        assertEquals(0x1f8b, (Files.readAllBytes(nii)[0] & 0xff) << 8 | Files.readAllBytes(nii)[1] & 0xff, "NIfTI, gzipped");

        Run r = run(concat(common, "--format", "nifti", "--out", dir.resolve("b.tif").toString()));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("name it b.nii.gz, or give --format tiff"), r.err());
        r = run(concat(common, "--format", "tiff", "--out", dir.resolve("c.ome.tif").toString()));
        assertTrue(r.err().contains("has the extension of ome-tiff files (.ome.tif), not of tiff ones"), r.err());
        r = run(concat(common, "--out", dir.resolve("plain").toString()));
        assertTrue(r.err().contains("cannot tell the format from --out") && r.err().contains("give --format"), r.err());
        r = run(concat(common, "--out", dir.resolve("series.dcm").toString()));
        assertTrue(r.err().contains("a dicom export is a folder"), r.err());
        r = run(concat(common, "--format", "dicom", "--out", dir.resolve("series.zip").toString()));
        assertTrue(r.err().contains("give a folder name without a file extension"), r.err());

        // an existing file is never overwritten: it may be another job's export
        byte[] first = Files.readAllBytes(nii);
        r = run(concat(common, "--out", nii.toString()));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("exists already") && r.err().contains("choose another --out"), r.err());
        assertArrayEquals(first, Files.readAllBytes(nii));

        try (var files = Files.list(dir)) {
            assertEquals(java.util.Set.of("s.zarr", "data", "cut.nii.gz", "cut.nii.gz.manifest.json"),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "the refused exports left nothing behind");
        }
    }

    @Test
    void aBareFileNameIsWrittenInTheWorkingFolder() throws Exception {
        Path store = dir.resolve("s.zarr");
        filledArray(store);
        String name = "bare-" + System.nanoTime() + ".npy";
        Path inCwd = Path.of(name).toAbsolutePath();
        try {
            Run r = run("export", "--store", store.toString(), "--array", "img", "--region", "0:2,0:3,0:4", "--out", name);
            assertEquals(0, r.status(), r.err());
            assertEquals(128 + 2 * 3 * 4 * 2, Files.size(inCwd));
        } finally {
            Files.deleteIfExists(inCwd);
            Files.deleteIfExists(Path.of(name + ".manifest.json").toAbsolutePath());
        }
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void importRefusesAFileThatDoesNotFit() throws Exception {
        Path store = dir.resolve("s.zarr");
        filledArray(store);
        Path npy = dir.resolve("cut.npy");
        assertEquals(0, run("export", "--store", store.toString(), "--array", "img", "--region", "0:10,0:10,0:10",
                "--format", "npy", "--out", npy.toString()).status());
        byte[] before = Files.readAllBytes(store.resolve("img/c/1/1/4"));
        Run r = run("import", "--store", store.toString(), "--array", "img", "--in", npy.toString(), "--offset", "15,0,0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("does not fit") && r.err().contains("axis 0"), r.err());
        assertArrayEquals(before, Files.readAllBytes(store.resolve("img/c/1/1/4")));
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"serve", "info", "export", "import", "undo", "history", "create", "demo", "bench",
            "roundtrip-bench"}) {
            Run r = run(c, "--help");
            assertEquals(0, r.status(), c);
            assertTrue(r.out().contains("Usage: zarr-relay " + c), r.out());
        }
    }
}
