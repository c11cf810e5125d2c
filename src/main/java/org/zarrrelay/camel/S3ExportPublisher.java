package org.zarrrelay.camel;

import java.nio.file.Path;
import org.zarrrelay.job.ExportPublisher;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Objects;

/**
 * Copies each finished export, then its manifest, to the S3 exports prefix (a folder export's
 * files under {@code <name>/}). GET /api/jobs/{id}/export on a worker without the local copy
 * (another worker exported it, or relay.exports.keep-days removed it) streams this copy: the file,
 * or a folder's files zipped as they are read.
 */
final class S3ExportPublisher implements ExportPublisher {
    private final S3Objects objects;
    private final S3Location exports;

    S3ExportPublisher(S3Objects objects, S3Location exports) {
        this.objects = objects;
        this.exports = exports;
    }

    @Override
    public void publish(Path file, Path manifest) {
        if (java.nio.file.Files.isDirectory(file)) {
            // a folder export (a DICOM series): each file under <id>/, then the manifest
            try (var walk = java.nio.file.Files.walk(file)) {
                for (Path f : walk.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                    objects.putFile(exports, file.getFileName() + "/" + file.relativize(f).toString().replace('\\', '/'), f);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot list the export " + file, e);
            }
        } else {
            objects.putFile(exports, file.getFileName().toString(), file);
        }
        objects.putFile(exports, manifest.getFileName().toString(), manifest);
    }

    @Override
    public java.io.InputStream openPublished(String fileName) {
        return objects.open(exports, fileName);
    }

    @Override
    public java.io.InputStream openPublishedFolder(String folderName) {
        java.util.List<String> names = objects.listUnder(exports, folderName);
        if (names.isEmpty()) {
            return null;
        }
        return FolderZip.stream(exports.uri(folderName), names.stream()
                .map(n -> new FolderZip.Entry(n, () -> published(n))).toList());
    }

    private java.io.InputStream published(String name) throws java.io.IOException {
        java.io.InputStream in = objects.open(exports, name);
        if (in == null) {
            throw new java.io.FileNotFoundException(exports.uri(name) + " is gone");
        }
        return in;
    }

    @Override
    public String describe(Path file) {
        return exports.uri(file.getFileName().toString());
    }
}
