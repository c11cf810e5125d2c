package org.zarrrelay.job;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.zarrrelay.journal.StoreArea;

/** Finds the stores on disk under the roots that hold a journal, without walking into the stores' chunks. */
final class JournalScan {
    /** Stores are found this many folders below a root at most ({@code lab/project/image.zarr}). */
    private static final int DEPTH = 4;

    private JournalScan() {
    }

    static List<String> storesWithJournals(List<Path> roots) {
        List<String> found = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, java.util.Set.of(), DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (Files.isDirectory(dir.resolve(StoreArea.ROOT))) {
                            found.add(dir.toString());
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        boolean zarrNode = Files.exists(dir.resolve("zarr.json")) || Files.exists(dir.resolve(".zgroup"))
                                || Files.exists(dir.resolve(".zarray"));
                        // a store without a journal needs nothing; its chunk folders are not walked
                        return (name.startsWith(".") || zarrNode) && !dir.equals(root) ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // an unreadable root holds nothing to recover here; its stores recover when next locked
            }
        }
        return found;
    }
}
