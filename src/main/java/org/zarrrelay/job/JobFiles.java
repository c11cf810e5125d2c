package org.zarrrelay.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file name the relay derives from a job id or an input's name, in one place: the export
 * {@code <id>.<ext>} and its {@code <id>.manifest.json}, the status {@code <id>.json}, and beside
 * a parked input its {@code <name>.error.txt} and {@code <name>.conflict.tif}; beside a returned
 * file its options sidecar {@code <name>.json}.
 */
public final class JobFiles {
    private static final String MANIFEST = ".manifest.json";
    /** Characters that may follow a job id in a returned file's name ({@code <id>-blurred.tif}). */
    private static final String SEPARATORS = "._-";

    private JobFiles() {
    }

    /** The export of job {@code id}: {@code <id>.<ext>}, or the folder {@code <id>} for a folder format. */
    public static String export(String id, org.zarrrelay.format.VolumeFormat format) {
        return format.isFolder() ? id : id + "." + format.extension();
    }

    public static String manifest(String id) {
        return id + MANIFEST;
    }

    /** The manifest the CLI writes beside an export it was told to put at {@code out}. */
    public static Path manifestBeside(Path out) {
        return out.resolveSibling(out.getFileName() + MANIFEST);
    }

    public static String status(String id) {
        return id + ".json";
    }

    public static String error(String inputName) {
        return inputName + ".error.txt";
    }

    public static String conflictMask(String inputName) {
        return inputName + ".conflict.tif";
    }

    public static String sidecar(String returnedName) {
        return returnedName + ".json";
    }

    /** True for names that are the relay's own companions of another file, not inputs. */
    public static boolean isCompanion(String name) {
        return name.endsWith(".error.txt") || name.endsWith(".conflict.tif") || name.endsWith(MANIFEST);
    }

    /** True when {@code name} is the export of job {@code id} ({@code <id>.<ext>} or the folder {@code <id>}, not its manifest). */
    public static boolean isExportOf(String name, String id) {
        for (org.zarrrelay.format.VolumeFormat f : org.zarrrelay.format.Formats.all()) {
            if (name.equals(export(id, f))) {
                return true;
            }
        }
        return false;
    }

    /** Job {@code id}'s export in {@code folder} (its file or DICOM folder), or null when it is not there. */
    public static java.nio.file.Path exportIn(java.nio.file.Path folder, String id) {
        try (var list = java.nio.file.Files.list(folder)) {
            return list.filter(p -> isExportOf(p.getFileName().toString(), id)).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;  // no such folder (yet): no export
        }
    }

    /**
     * The job ids a returned file's name could start with, longest first: every prefix that ends
     * before a separator ({@code a-1-blurred.tif}: {@code a-1-blurred}, {@code a-1}, {@code a}) and the
     * whole name without its extension.
     */
    public static List<String> idsInName(String name) {
        List<String> ids = new ArrayList<>();
        for (int i = name.length() - 1; i > 0; i--) {
            if (SEPARATORS.indexOf(name.charAt(i)) >= 0) {
                String id = name.substring(0, i);
                if (RegionRequest.isValidId(id) && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        if (RegionRequest.isValidId(name) && !ids.contains(name)) {
            ids.add(0, name);
        }
        return ids;
    }
}
