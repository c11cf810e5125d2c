package org.zarrrelay.camel;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A folder export (a DICOM series) as one zip stream, written by a thread of its own while it is read. */
final class FolderZip {
    private static final Logger LOG = LoggerFactory.getLogger(FolderZip.class);

    private FolderZip() {
    }

    /** The folder's files, zipped under the folder's name, as they are read: never held whole in memory or on disk. */
    static InputStream stream(Path folder) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        try {
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> {
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    for (Path f : files) {
                        zip.putNextEntry(new ZipEntry(folder.getFileName() + "/"
                                + folder.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, zip);
                        zip.closeEntry();
                    }
                } catch (IOException e) {
                    // the client went away, or the folder changed: the download is cut short
                    LOG.warn("zipping {} for download stopped: {}", folder, e.getMessage());
                }
            }, "zip-" + folder.getFileName());
            writer.setDaemon(true);
            writer.start();
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stream " + folder, e);
        }
    }
}
