package org.zarrrelay.format.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/** The files a series arrived in: a folder (searched recursively), a {@code .zip}, or one file. */
interface SeriesSource extends AutoCloseable {
    /** More files than any series zarr-relay exports or reads (one per slice). */
    int MAX_FILES = 100_000;

    /** The folder, archive or file, for messages. */
    String where();

    /** The candidate files, sorted by name (for repeatable messages; slices are ordered by position). */
    List<Item> items();

    /** Files left out before any was opened (hidden files, folders of macOS resource forks...), with why. */
    List<String> notes();

    @Override
    void close();

    /** One file of the series. */
    interface Item {
        /** Why a read of its pixels stopped short. */
        String ENDED = "it ended inside its Pixel Data (did it change while being read?)";

        /** Its path inside the folder or archive. */
        String name();

        /** Its length in bytes, known before it is read. */
        long size();

        InputStream open() throws IOException;

        /** A stream of the file from byte {@code offset}; the caller has checked that it lies inside. */
        default InputStream openAt(long offset) throws IOException {
            InputStream in = open();
            try {
                in.skipNBytes(offset);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return in;
        }

        /**
         * Fills {@code dst[off, off + len)} from byte {@code offset}; the caller has checked that the
         * bytes lie inside. Here through {@link #openAt}; a folder's files read through
         * {@link org.zarrrelay.volume.ChannelIO} instead, which a stream does not use.
         */
        default void readFully(long offset, byte[] dst, int off, int len) throws IOException {
            try (InputStream in = openAt(offset)) {
                readPixels(in, dst, off, len);
            }
        }

        /** Fills {@code dst[off, off + len)} from {@code in}, which must hold that many more bytes of pixels. */
        static void readPixels(InputStream in, byte[] dst, int off, int len) throws IOException {
            if (in.readNBytes(dst, off, len) < len) {
                throw new IOException(ENDED);
            }
        }
    }

    /**
     * Files no tool writes as part of a series: hidden files (.DS_Store), macOS resource forks
     * (._name, __MACOSX/), Windows thumbnails; null when the file is a candidate.
     */
    static String junk(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (path.startsWith("__MACOSX/") || path.contains("/__MACOSX/")) {
            return "a macOS resource fork";
        }
        if (name.startsWith(".")) {
            return "a hidden file";
        }
        if (lower.equals("thumbs.db") || lower.equals("desktop.ini")) {
            return "a Windows folder file";
        }
        return null;
    }
}
