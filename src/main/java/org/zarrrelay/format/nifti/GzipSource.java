package org.zarrrelay.format.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A {@code .nii.gz} read as one forward stream: slabs read in order cost one pass of
 * decompression in all; a read before the current position starts again from the beginning
 * (gzip has no index). For reads in any order, {@link #unpack} decompresses to a file first.
 */
final class GzipSource implements VoxelSource {
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private InputStream in;
    private long position;

    GzipSource(Path file) {
        this.file = file;
        this.in = open(file);
    }

    static InputStream open(Path file) {
        try {
            return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER), BUFFER);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** Fills {@code head} from the start of the uncompressed data; returns how many bytes there were (fewer when it is shorter). */
    static int readHead(Path file, byte[] head) {
        try (InputStream s = open(file)) {
            return s.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    @Override
    public void read(long at, byte[] dst, int off, int len) {
        try {
            if (at < position) {
                in.close();
                in = open(file);
                position = 0;
            }
            skipTo(at);
            int n = in.readNBytes(dst, off, len);
            position += n;
            if (n < len) {
                throw endedEarly(file, position, at + len);
            }
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private void skipTo(long at) throws IOException {
        byte[] scratch = null;
        while (position < at) {
            if (scratch == null) {
                scratch = new byte[(int) Math.min(BUFFER, at - position)];
            }
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, at - position));
            if (n < 0) {
                throw endedEarly(file, position, at);
            }
            position += n;
        }
    }

    /**
     * Decompresses the first {@code bytes} bytes into a hidden {@code .tmp} file beside {@code file}
     * (or in the system's temp folder when that folder is not writable), for random access.
     */
    static Path unpack(Path file, long bytes) {
        Path temp = createTemp(file);
        try (InputStream s = open(file); OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[BUFFER];
            long done = 0;
            while (done < bytes) {
                int n = s.read(buf, 0, (int) Math.min(buf.length, bytes - done));
                if (n < 0) {
                    throw endedEarly(file, done, bytes);
                }
                out.write(buf, 0, n);
                done += n;
            }
            return temp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw failure(file, (IOException) e);
        }
    }

    /** Opens what {@link #unpack} made; when that fails the copy is deleted. */
    static FileChannel openTemp(Path temp) {
        try {
            return FileChannel.open(temp, StandardOpenOption.READ);
        } catch (IOException e) {
            NiftiException failure = new NiftiException("cannot read the decompressed copy " + temp + ": " + e.getMessage(), e);
            deleteQuietly(temp, failure);
            throw failure;
        }
    }

    private static Path createTemp(Path file) {
        String name = "." + file.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
        Path beside = file.toAbsolutePath().resolveSibling(name);
        try {
            return Files.createFile(beside);
        } catch (IOException besideFailed) {
            try {
                return Files.createTempFile(name, "");
            } catch (IOException e) {
                e.addSuppressed(besideFailed);
                throw new NiftiException("cannot decompress NIfTI file " + file + " for reading: no temporary file could"
                        + " be created beside it or in the system's temp folder (" + e.getMessage() + "); free some disk"
                        + " space or make the folder writable", e);
            }
        }
    }

    private static void deleteQuietly(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    static NiftiException endedEarly(Path file, long at, long needed) {
        return new NiftiException("NIfTI file " + file + " is truncated: its decompressed data ends after " + at
                + " bytes, but its header needs " + needed + "; save or copy it again");
    }

    /** A gzip stream that ends without its trailer was cut off; any other decoding error is damage. */
    static NiftiException failure(Path file, IOException e) {
        if (e instanceof EOFException) {
            return new NiftiException("NIfTI file " + file + " is truncated: its gzip data ends early (" + e.getMessage()
                    + "), so it was cut off while being saved or copied; save or copy it again", e);
        }
        if (e instanceof ZipException) {
            return new NiftiException("NIfTI file " + file + " is damaged: its gzip data cannot be decompressed ("
                    + e.getMessage() + "); save or copy it again", e);
        }
        return new NiftiException("NIfTI file " + file + " could not be read: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // closing a file we only read: nothing is lost
        }
    }
}
