package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two different files of the same name, size and modification time (two uploads in one
 * millisecond, a copy that kept its time) are not the same input; the same file is, also against a
 * journal record made before identities had a file number.
 */
class InputIdentityTest {
    @TempDir
    Path dir;

    @Test
    void anotherFileOfTheSameNameSizeAndTimeIsAnotherInput() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")).resolve("r-upload.npy");
        Path b = Files.createDirectories(dir.resolve("b")).resolve("r-upload.npy");
        Files.write(a, new byte[] {1, 2, 3});
        Files.write(b, new byte[] {4, 5, 6});
        FileTime t = FileTime.fromMillis(1_796_147_983_985L);
        Files.setLastModifiedTime(a, t);
        Files.setLastModifiedTime(b, t);

        String recorded = InputIdentity.of(a);
        assertTrue(InputIdentity.same(recorded, InputIdentity.of(a)), "the same file");
        assertFalse(InputIdentity.same(recorded, InputIdentity.of(b)), "another file, same name, size and time: " + recorded);

        String older = "r-upload.npy|3|" + t.toMillis();  // as journals recorded it before
        assertTrue(InputIdentity.same(older, InputIdentity.of(a)));
        assertFalse(InputIdentity.same("r-upload.npy|4|" + t.toMillis(), InputIdentity.of(a)), "another size");
    }
}
