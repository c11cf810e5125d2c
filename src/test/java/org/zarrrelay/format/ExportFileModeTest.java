package org.zarrrelay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Issue 13: .npy exports had mode 0600 (Files.createTempFile's) while TIFFs had the umask's, so
 * lab colleagues in another account could not read them. Every format's file, and every file and
 * folder of a DICOM series, gets the mode a new file (folder) gets from the umask.
 */
class ExportFileModeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("org.zarrrelay.format.FormatFiles#names")
    void anExportIsAsReadableAsAnyNewFile(String format) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes only");
        Set<PosixFilePermission> fileMode = Files.getPosixFilePermissions(Files.createFile(dir.resolve("reference")));
        Set<PosixFilePermission> folderMode = Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("reference-dir")));
        assumeTrue(fileMode.contains(PosixFilePermission.OTHERS_READ), "a umask that lets others read new files");

        Volume v = Volume.allocate(DataType.UINT16, 2, 3, 4);
        VolumeFormat f = Formats.byName(format);
        Path out = FormatFiles.write(dir.resolve("cells." + f.extension()), format, v, FileInfo.NONE);

        try (Stream<Path> written = Files.walk(out)) {
            for (Path p : written.toList()) {
                Set<PosixFilePermission> expected = Files.isDirectory(p) ? folderMode : fileMode;
                assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(mode(p)), p.toString());
            }
        }
        assertTrue(Files.exists(out));
    }

    private static Set<PosixFilePermission> mode(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
