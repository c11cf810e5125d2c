package org.zarrrelay.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folder trees copied as {@code cp -a} does (times kept, links copied as links) and deleted. */
final class TreeCopy {
    private TreeCopy() {
    }

    static void copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from)) {
            all = walk.toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isSymbolicLink(p)) {
                Files.createSymbolicLink(target, Files.readSymbolicLink(p));
            } else if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
        }
        // a folder's time changes as its entries are made: set it once they are all there
        for (Path p : all) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.setLastModifiedTime(to.resolve(from.relativize(p).toString()), Files.getLastModifiedTime(p));
            }
        }
    }

    /** Deletes a tree without following links out of it. */
    static void delete(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }
}
