package org.zarrrelay.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.StatusStore;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * The CLI's export, import, undo and history are jobs of the relay on a data folder: recorded in
 * its ledger, merged with later changes, journaled, undoable. A manifest that does not match the
 * ledger's record is refused.
 */
class JobCommandsTest {
    @TempDir
    Path dir;

    private ExportImportCommandTest.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(dir.resolve("data").toString());
        return ExportImportCommandTest.runAsIs(all.toArray(String[]::new));
    }

    private ZarrArray store() {
        ZarrArray a = ZarrArray.create(new FileSystemStore(dir.resolve("s.zarr")), "img",
                NewArray.of(3, new long[] {16, 16, 16}, new int[] {8, 8, 8}, DataType.UINT16, "zstd:1").toMetadata());
        Volume v = Volume.allocate(DataType.UINT16, 16, 16, 16);
        Random rnd = new Random(3);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, rnd.nextInt(1000));
        }
        a.write(new long[3], v);
        return a;
    }

    private Volume whole() {
        return ZarrArray.open(new FileSystemStore(dir.resolve("s.zarr")), "img").read(new long[3], new int[] {16, 16, 16});
    }

    private JobStatus status(String id) {
        return new StatusStore(dir.resolve("data/status")).read(id);
    }

    private Path export(String id) {
        Path out = dir.resolve(id + ".npy");
        ExportImportCommandTest.Run r = run("export", "--store", dir.resolve("s.zarr").toString(), "--array", "img",
                "--region", "0:8,0:8,0:8", "--format", "npy", "--out", out.toString(), "--id", id);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("import --job " + id), r.out());
        return out;
    }

    @Test
    void anExportedResultIsWrittenBackByJobOrManifestAndRecordedInTheLedger() throws Exception {
        store();
        Path out = export("cli-1");
        assertTrue(Files.exists(dir.resolve("cli-1.npy.manifest.json")));
        assertEquals(JobStatus.EXPORTED, status("cli-1").state());
        Volume v = NpyReader.read(out);
        v.setLong(0, 999);
        NpyWriter.write(out, v);
        ExportImportCommandTest.Run r = run("import", "--manifest", dir.resolve("cli-1.npy.manifest.json").toString(),
                "--in", out.toString(), "--fsync");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("written-back"), r.out());
        assertEquals(JobStatus.WRITTEN_BACK, status("cli-1").state());
        assertEquals(999, whole().getLong(0));

        JsonNode history = Json.parse(run("history", "--store", dir.resolve("s.zarr").toString()).out().getBytes(), "history");
        assertEquals("cli-1", history.get(0).get("job").asText());
        assertEquals("write-back", history.get(0).get("kind").asText());
        assertEquals(512, history.get(0).get("voxels").asLong());
    }

    @Test
    void theSameResultImportedTwiceIsWrittenOnceAndTheSecondRunSaysSo() throws Exception {
        store();
        Path out = export("cli-twice");
        Volume v = NpyReader.read(out);
        v.setLong(0, 777);
        NpyWriter.write(out, v);
        assertEquals(0, run("import", "--job", "cli-twice", "--in", out.toString()).status());
        ExportImportCommandTest.Run again = run("import", "--job", "cli-twice", "--in", out.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("the same file taken again wrote nothing"), again.out());
        assertEquals(777, whole().getLong(0));
        JsonNode history = Json.parse(run("history", "--store", dir.resolve("s.zarr").toString()).out().getBytes(), "history");
        assertEquals(1, history.size(), history.toString());
    }

    @Test
    void anEditedManifestIsRefused() throws Exception {
        store();
        Path out = export("cli-2");
        Path manifest = dir.resolve("cli-2.npy.manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"0:8,0:8,0:8\"", "\"8:16,8:16,8:16\"")
                .replaceAll("\"offset\" : \\[ 0, 0, 0 \\]", "\"offset\" : [ 8, 8, 8 ]"));
        Volume before = whole();
        ExportImportCommandTest.Run r = run("import", "--manifest", manifest.toString(), "--in", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("does not match the ledger's record of job cli-2"), r.err());
        assertArrayEquals(before.data(), whole().data());
    }

    @Test
    void aPlacedFileIsAJobThatCanBeUndone() throws Exception {
        store();
        Volume before = whole();
        Volume patch = Volume.allocate(DataType.UINT16, 2, 2, 2);
        for (int i = 0; i < 8; i++) {
            patch.setLong(i, 40000 + i);
        }
        Path file = dir.resolve("patch.npy");
        NpyWriter.write(file, patch);
        ExportImportCommandTest.Run r = run("import", "--store", dir.resolve("s.zarr").toString(), "--array", "img",
                "--in", file.toString(), "--offset", "3,3,3");
        assertEquals(0, r.status(), r.err());
        String id = r.out().substring("job ".length(), r.out().indexOf(':'));
        assertEquals(40000, whole().getLong(whole().index(3, 3, 3)));

        r = run("undo", id);
        assertEquals(0, r.status(), r.err());
        assertEquals(JobStatus.UNDONE, status(id).state());
        assertArrayEquals(before.data(), whole().data(), "every voxel is back");
        r = run("undo", id);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("undone already"), r.err());
    }

    @Test
    void anUndoWhoseUndoDataLostACopyIsRefusedAndWritesNothing() throws Exception {
        store();
        String a = place(40000, 2, "3,3,3");
        String b = place(50000, 1, "0,0,0");  // a later change to the same chunk: the undo has to merge
        Path undoData;
        try (var txs = Files.list(dir.resolve("s.zarr/.zarr-relay/tx"))) {
            undoData = txs.filter(p -> p.getFileName().toString().endsWith("~" + a)).findFirst().orElseThrow()
                    .resolve("before");
        }
        try (var copies = Files.list(undoData)) {
            for (Path copy : copies.filter(p -> !p.getFileName().toString().equals("index.json")).toList()) {
                Files.delete(copy);  // removed by hand, or by a cleanup outside the relay
            }
        }
        Volume before = whole();
        ExportImportCommandTest.Run r = run("undo", a);
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("is missing") && r.err().contains("img/c/0/0/0"), r.err());
        assertArrayEquals(before.data(), whole().data(), "nothing was written: not the fill value, not half an undo");
        assertEquals(JobStatus.WRITTEN_BACK, status(a).state());
        assertEquals(50000, whole().getLong(0), "job " + b + "'s voxel is still there");
    }

    @Test
    void anUndoWhoseUndoDataIndexIsEmptiedOrGoneIsRefusedAndTheJobStaysUndoable() throws Exception {
        store();
        String a = place(40000, 2, "3,3,3");
        Path tx;
        try (var txs = Files.list(dir.resolve("s.zarr/.zarr-relay/tx"))) {
            tx = txs.filter(p -> p.getFileName().toString().endsWith("~" + a)).findFirst().orElseThrow();
        }
        Volume placed = whole();
        Files.write(tx.resolve("after/index.json"), new byte[0]);  // as a power loss can leave a file not yet synced
        ExportImportCommandTest.Run r = run("undo", a);
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("after/index.json is damaged (it is empty)"), r.err());
        assertArrayEquals(placed.data(), whole().data(), "nothing was undone");
        assertEquals(JobStatus.WRITTEN_BACK, status(a).state(), "not marked undone");

        Files.delete(tx.resolve("after/index.json"));
        r = run("undo", a);
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("cannot be undone: the index of its undo data (what it wrote) is missing"), r.err());
        assertArrayEquals(placed.data(), whole().data());
    }

    @Test
    void aNiftiWhoseHeaderAloneWasMirroredIsRefusedAndOneTurnedWithItsVoxelsIsWrittenBack() throws Exception {
        store();
        Volume before = whole();
        for (boolean voxelsToo : new boolean[] {false, true}) {
            String id = voxelsToo ? "turned" : "mirrored";
            Path out = dir.resolve(id + ".nii");
            ExportImportCommandTest.Run r = run("export", "--store", dir.resolve("s.zarr").toString(), "--array", "img",
                    "--region", "0:8,0:8,0:8", "--format", "nifti", "--out", out.toString(), "--id", id);
            assertEquals(0, r.status(), r.err());
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(out)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int data = (int) b.getFloat(108);
            for (int i = 0; i < 8 * 8 * 8; i++) {
                b.putShort(data + 2 * i, (short) (b.getShort(data + 2 * i) + 7));  // the tool's result: every voxel + 7
            }
            if (voxelsToo) {  // x stored right to left, and the header says so: the same grid, turned
                for (int row = 0; row < 64; row++) {
                    for (int x = 0; x < 4; x++) {
                        int p = data + 2 * (row * 8 + x);
                        int q = data + 2 * (row * 8 + 7 - x);
                        short t = b.getShort(p);
                        b.putShort(p, b.getShort(q));
                        b.putShort(q, t);
                    }
                }
            }
            b.putShort(252, (short) 0);  // qform_code 0: the sform alone places the grid
            b.putFloat(280, -1f);        // srow_x: x runs the other way ...
            b.putFloat(292, voxelsToo ? 7f : 0f);  // ... from x = 7 (turned) or from 0 (only the header changed, as SimpleITK does)
            Files.write(out, b.array());
            r = run("import", "--job", id, "--in", out.toString());
            if (voxelsToo) {
                assertEquals(0, r.status(), r.err());
                assertEquals((before.getLong(before.index(0, 0, 1)) + 7) & 0xffff, whole().getLong(whole().index(0, 0, 1)),
                        "turned back into place");
            } else {
                assertEquals(2, r.status(), r.out() + r.err());
                assertTrue(r.err().contains("changed the orientation in the header without moving the image"), r.err());
                assertArrayEquals(before.data(), whole().data(), "nothing was written, nothing mirrored");
            }
        }
    }

    @Test
    void aRescaledNiftiIsRefusedNamingTheRescaleAndWrittenBackExactlyWithRound() throws Exception {
        store();
        Volume before = whole();
        Path out = dir.resolve("scaled.nii");
        ExportImportCommandTest.Run r = run("export", "--store", dir.resolve("s.zarr").toString(), "--array", "img",
                "--region", "0:8,0:8,0:8", "--format", "nifti", "--out", out.toString(), "--id", "scaled");
        assertEquals(0, r.status(), r.err());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(out)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putFloat(112, 1f);  // scl_slope
        b.putFloat(116, 5f);  // scl_inter: every value reads 5 more, as whole numbers
        Files.write(out, b.array());
        r = run("import", "--job", "scaled", "--in", out.toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("scl_slope") && r.err().contains("\"round\""), r.err());
        r = run("import", "--job", "scaled", "--in", out.toString(), "--cast", "round");
        assertEquals(0, r.status(), r.err());
        assertEquals(before.getLong(0) + 5, whole().getLong(0));
    }

    /** Places a cube of {@code side} voxels of {@code value} at {@code offset} as a job of its own; returns its id. */
    private String place(int value, int side, String offset) throws Exception {
        Volume patch = Volume.allocate(DataType.UINT16, side, side, side);
        for (int i = 0; i < patch.elementCount(); i++) {
            patch.setLong(i, value);
        }
        Path file = dir.resolve("patch-" + value + ".npy");
        NpyWriter.write(file, patch);
        ExportImportCommandTest.Run r = run("import", "--store", dir.resolve("s.zarr").toString(), "--array", "img",
                "--in", file.toString(), "--offset", offset);
        assertEquals(0, r.status(), r.err());
        return r.out().substring("job ".length(), r.out().indexOf(':'));
    }

    @Test
    void aResultOfAnotherTypeNeedsCast() throws Exception {
        store();
        Path out = export("cli-3");
        Volume u8 = Volume.allocate(DataType.UINT8, 8, 8, 8);
        NpyWriter.write(out, u8);
        Volume before = whole();
        ExportImportCommandTest.Run r = run("import", "--job", "cli-3", "--in", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("uint8") && r.err().contains("--cast"), r.err());
        assertArrayEquals(before.data(), whole().data());
        r = run("import", "--job", "cli-3", "--in", out.toString(), "--cast", "lossless");
        assertEquals(0, r.status(), r.err());
        assertEquals(0, whole().getLong(0));
    }

    @Test
    void createRefusesAnExistingArrayUnlessForced() throws Exception {
        store();
        byte[] meta = Files.readAllBytes(dir.resolve("s.zarr/img/zarr.json"));
        ExportImportCommandTest.Run r = ExportImportCommandTest.runAsIs("create", "--store", dir.resolve("s.zarr").toString(),
                "--array", "img", "--shape", "4,4", "--chunks", "2,2", "--dtype", "uint8");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("already an array") && r.err().contains("--force"), r.err());
        assertArrayEquals(meta, Files.readAllBytes(dir.resolve("s.zarr/img/zarr.json")), "nothing was changed");
        r = ExportImportCommandTest.runAsIs("create", "--store", dir.resolve("s.zarr").toString(), "--shape", "4,4",
                "--chunks", "2,2", "--dtype", "uint8");
        assertEquals(0, r.status(), r.err());
        r = ExportImportCommandTest.runAsIs("create", "--store", dir.resolve("s.zarr").toString(), "--array", "img",
                "--shape", "4,4", "--chunks", "2,2", "--dtype", "uint8", "--force");
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.readString(dir.resolve("s.zarr/img/zarr.json")).contains("uint16"));
    }
}
