package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;

/**
 * What a killed relay leaves in its data folder is removed at the next start: hidden temporary
 * files of unfinished exports and masks, and every folder under spool/ but the requests accepted
 * by HTTP (accepted/) and uploads waiting for their write-back (uploads/), which are run instead.
 * A leftover that is a symbolic link is removed as a link: nothing outside the data folder goes.
 */
class LeftoversAtStartTest {
    @TempDir
    Path dir;

    @Test
    void leftoversAreRemovedAndAcceptedRequestsKeptAndRun() throws Exception {
        RelayHarness.makeStore(dir, "img.zarr", DataType.UINT8);
        // an export killed half-way (NpyWriter's and TiffStackWriter's temporary names)
        Path npyTemp = write("exports/.half.npy.8812034.tmp", "partial");
        Path tiffTemp = write("exports/.half.tif-5e1f0c.tmp", "partial");
        // a conflict mask and a status being written when the relay died
        Path maskTemp = write("returns/.r.tif.conflict.tif.tmp", "partial");
        Path statusTemp = write("status/.half.json.tmp", "{");
        // a body spooled from S3 or the queue that was never handed on, and Camel's stream cache
        Path spooled = write("spool/0b9f5c1e-1c52-4d7a-9d4e-3f3c2b1a0e9d/request.json", "{}");
        Path cached = write("spool/http/cos7781.tmp", "upload bytes");
        // a leftover that is a link to a folder outside the data folder: the link goes, not what it points to
        Path precious = write("precious/keep.txt", "not the relay's");
        Path link = Files.createSymbolicLink(dir.resolve("spool/linked"), precious.getParent());
        Path tmpLink = Files.createSymbolicLink(dir.resolve("exports/.linked.tmp"), precious.getParent());
        // kept: an export that finished, and a request HTTP accepted before the relay died
        Path finished = write("exports/done.npy", "a finished export");
        write("spool/accepted/kept-1.json", "{\"id\": \"kept-1\", \"store\": \"img.zarr\", \"array\": \"0\","
                + " \"region\": \"0:2,0:2,0:2\", \"format\": \"npy\"}");

        try (RelayHarness h = new RelayHarness(dir)) {
            for (Path gone : List.of(npyTemp, tiffTemp, maskTemp, statusTemp, spooled, cached)) {
                assertFalse(Files.exists(gone), gone + " was removed");
            }
            assertFalse(Files.exists(spooled.getParent()), "the spooled body's folder too");
            assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS) || Files.exists(tmpLink, LinkOption.NOFOLLOW_LINKS),
                    "leftover links are removed");
            assertEquals("not the relay's", Files.readString(precious), "what they pointed to is not");
            assertTrue(Files.exists(finished), "a finished export is kept");

            h.awaitState("kept-1", JobStatus.EXPORTED);
            assertTrue(Files.exists(h.folders.exports().resolve("kept-1.npy")), "the accepted request ran");
            RelayHarness.await(h.folders.archive().resolve("kept-1.json"));
            try (var spool = Files.list(h.folders.spool())) {
                List<String> left = spool.map(p -> p.getFileName().toString()).sorted().toList();
                assertTrue(List.of("accepted", "uploads").containsAll(left), "only kept folders remain: " + left);
            }
            assertEquals(List.of(), listing(h.folders.spool().resolve("accepted")), "the run request left accepted/");
        }
    }

    private Path write(String relative, String text) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static List<String> listing(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
