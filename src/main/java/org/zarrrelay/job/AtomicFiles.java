package org.zarrrelay.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Small files written under a temporary name and renamed into place, so readers never see them half-written. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, byte[] bytes) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": check the folder exists and is writable", e);
        }
    }

    /** Moves a file into a folder under a name not yet taken there ({@code name}, {@code name-1.ext}, ...). */
    public static Path moveInto(Path file, Path folder) {
        try {
            Files.createDirectories(folder);
            Path target = freeName(folder, file.getFileName().toString());
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " into " + folder, e);
        }
    }

    /** Moves a file to a path, replacing what is there. */
    public static void move(Path file, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + target, e);
        }
    }

    static Path freeName(Path folder, String name) {
        Path target = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; Files.exists(target) || Files.exists(folder.resolve(JobFiles.error(target.getFileName().toString()))); i++) {
            target = folder.resolve(stem + "-" + i + ext);
        }
        return target;
    }
}
