package org.zarrrelay.format.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.ChannelIO;

/**
 * A series as files in a folder and its subfolders (some tools nest a series in study and series
 * folders), or as one file. Links are not followed: a series is regular files.
 */
final class FolderSource implements SeriesSource {
    /** Deeper than the patient/study/series/file nesting any tool writes. */
    private static final int MAX_DEPTH = 8;

    private final Path root;
    private final List<Item> items = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    FolderSource(Path root) {
        this.root = root;
        if (Files.isRegularFile(root)) {
            items.add(new FileItem(root.getFileName().toString(), root, size(root)));
            return;
        }
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            walk.forEach(this::consider);
        } catch (IOException | UncheckedIOException e) {
            throw new RelayException("cannot list the DICOM series folder " + root + ": " + e.getMessage(), e);
        }
        items.sort(Comparator.comparing(Item::name));
    }

    private void consider(Path p) {
        String name = root.relativize(p).toString().replace('\\', '/');
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new RelayException("cannot read " + p + " in the DICOM series folder " + root + ": " + e.getMessage(), e);
        }
        if (a.isDirectory()) {
            return;
        }
        String junk = SeriesSource.junk(name);
        if (junk != null || !a.isRegularFile()) {
            notes.add(name + " (" + (junk != null ? junk : "not a regular file") + ")");
            return;
        }
        if (items.size() == MAX_FILES) {
            throw new RelayException("the DICOM series folder " + root + " holds more than " + MAX_FILES + " files, more"
                    + " than a series of slices: return the one series only");
        }
        items.add(new FileItem(name, p, a.size()));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new RelayException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String where() {
        return root.toString();
    }

    @Override
    public List<Item> items() {
        return items;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        // files are opened per read
    }

    private record FileItem(String name, Path path, long size) implements Item {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public InputStream openAt(long offset) throws IOException {
            FileChannel c = FileChannel.open(path, StandardOpenOption.READ);
            c.position(offset);
            return Channels.newInputStream(c);
        }

        @Override
        public void readFully(long offset, byte[] dst, int off, int len) throws IOException {
            try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
                if (ChannelIO.read(c, dst, off, len, offset) < len) {
                    throw new IOException(ENDED);
                }
            }
        }
    }
}
