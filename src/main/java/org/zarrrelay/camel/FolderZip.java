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

    /** One file of the zip: its name inside the zip and how to read it. */
    record Entry(String name, Opener open) {
    }

    /** Opens an entry's bytes when the zip gets to it. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** The folder's files, zipped under the folder's name, as they are read: never held whole in memory or on disk. */
    static InputStream stream(Path folder) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return stream(folder.getFileName().toString(), files.stream().map(f -> new Entry(folder.getFileName() + "/"
                + folder.relativize(f).toString().replace('\\', '/'), () -> Files.newInputStream(f))).toList());
    }

    /** The entries zipped in order as they are read, by a thread of its own; {@code what} names the zip in the log. */
    static InputStream stream(String what, List<Entry> entries) {
        try {
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> {
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    for (Entry e : entries) {
                        zip.putNextEntry(new ZipEntry(e.name()));
                        try (InputStream bytes = e.open().open()) {
                            bytes.transferTo(zip);
                        }
                        zip.closeEntry();
                    }
                } catch (IOException | RuntimeException e) {
                    // the client went away, or the files changed: the download is cut short
                    LOG.warn("zipping {} for download stopped: {}", what, e.getMessage());
                }
            }, "zip-" + what);
            writer.setDaemon(true);
            writer.start();
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stream " + what, e);
        }
    }
}
