package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.DataType;

/**
 * Issue 13: an .npy export (mode 0600) could not be read by lab colleagues in another account. An
 * export and its manifest get the mode any new file gets from the umask, whatever the format.
 */
class ExportReadableTest {
    @TempDir
    Path dir;

    @Test
    void anNpyExportAndItsManifestHaveTheUmasksMode() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes only");
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(Files.createFile(dir.resolve("reference")));
        assumeTrue(mode.contains(PosixFilePermission.OTHERS_READ), "a umask that lets others read new files");
        try (RelayHarness h = new RelayHarness(dir.resolve("data"))) {
            h.makeStore("img.zarr", DataType.UINT16);
            h.exportNpy("shared-1", "0:4,0:4,0:4");
            for (String name : new String[] {"shared-1.npy", "shared-1.manifest.json"}) {
                Path file = h.folders.exports().resolve(name);
                assertEquals(PosixFilePermissions.toString(mode), PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        name);
            }
        }
    }
}
