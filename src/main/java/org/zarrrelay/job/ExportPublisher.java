package org.zarrrelay.job;

import java.nio.file.Path;

/**
 * Makes a finished export visible where the user looks for it. Exports are always written to the
 * local exports folder first (slab by slab, behind a temporary name); when the shared exports
 * folder is elsewhere (an S3 prefix) the finished file and then its manifest are copied there.
 */
public interface ExportPublisher {

    /** The local exports folder is the shared one: nothing to copy. */
    ExportPublisher LOCAL = new ExportPublisher() {
        @Override
        public void publish(Path file, Path manifest) {
        }

        @Override
        public String describe(Path file) {
            return file.getParent().getFileName().resolve(file.getFileName()).toString();
        }
    };

    /** Copies the export, then its manifest, so a watcher that sees the manifest finds the file complete. */
    void publish(Path file, Path manifest);

    /** Where the user finds the exported file, for status messages ({@code exports/<id>.tif}, {@code s3://...}). */
    String describe(Path file);

    /**
     * The published copy of an exported file by its name, for a worker that does not hold the local
     * one (another worker exported it); null when there is none (the local folder is the shared one).
     */
    default java.io.InputStream openPublished(String fileName) {
        return null;
    }

    /**
     * The published copy of a folder export (a DICOM series) by the folder's name, as one zip of
     * its files under that name, streamed as it is read; null when there is none.
     */
    default java.io.InputStream openPublishedFolder(String folderName) {
        return null;
    }
}
