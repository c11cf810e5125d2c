package org.zarrrelay.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.zarrrelay.volume.Volume;

/** Files in any format for tests, as a user's tool would read and save them. */
public final class FormatFiles {
    private FormatFiles() {
    }

    /** Every format's name, for parameterised tests. */
    public static List<String> names() {
        return Formats.all().stream().map(VolumeFormat::name).toList();
    }

    /** Every voxel of a file (or series folder, or zip), by its name's format. */
    public static Volume readAll(Path file) {
        try (VolumeReader r = Formats.forPath(file).open(file)) {
            return r.readSlab(0, (int) r.shape()[0]);
        }
    }

    /** What the file says of itself: job id, voxel size, origin, unit. */
    public static FileInfo infoOf(Path file) {
        try (VolumeReader r = Formats.forPath(file).open(file)) {
            return r.info();
        }
    }

    /** Writes {@code v} as a {@code format} file (a folder for DICOM) at {@code path}. */
    public static Path write(Path path, String format, Volume v, FileInfo info) {
        long[] shape = Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = Formats.byName(format).create(path, v.dtype(), shape, info)) {
            w.writeSlab(v);
            w.commit();
        }
        return path;
    }

    /** Zips the files of {@code folder} (a DICOM series) into {@code zip}, as a user would to upload it. */
    public static Path zip(Path folder, Path zip) {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             var files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry(folder.getFileName() + "/" + f.getFileName()));
                Files.copy(f, z);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }
}
