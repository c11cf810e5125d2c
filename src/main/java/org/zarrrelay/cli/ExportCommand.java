package org.zarrrelay.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.camel.RelayContext;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.job.WritebackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Exports one region of an array to one file as a job of the relay on the data folder: the same"
                + " code as the pipeline (store lock, merge base, ledger record). The manifest goes beside the file as"
                + " <FILE>.manifest.json; write the result back with: import --job <id> --in RESULT.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "S",
            description = "the Zarr store: a directory or s3://bucket/prefix (S3 settings: RELAY_S3_* environment variables)")
    String store;

    @Option(names = "--array", paramLabel = "A", defaultValue = "",
            description = "the array's path inside the store (for OME-Zarr, the level, e.g. 0, or the image group with --level)")
    String array;

    @Option(names = "--level", paramLabel = "N", description = "OME-Zarr: export this resolution level (0 is the finest)")
    Integer level;

    @Option(names = "--region", required = true, paramLabel = "R",
            description = "numpy-style start:stop per axis, comma-separated, e.g. 40:50,40:50,40:50; a plain integer selects one index")
    String region;

    @Option(names = "--format", paramLabel = "F",
            description = "tiff, ome-tiff, npy, nifti or dicom (default: the one whose extension --out has)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "the file to write, named with its format's extension (.tif, .ome.tif, .npy, .nii.gz); for dicom, a new folder")
    Path out;

    @Option(names = "--id", paramLabel = "ID", description = "the job's id (default: generated)")
    String id;

    @Option(names = "--target", paramLabel = "labels/NAME",
            description = "the result goes into this label image of the OME-Zarr image instead of in place")
    String target;

    @Option(names = "--cast", paramLabel = "lossless|clamp|round", description = "write-back option recorded with the job")
    String cast;

    @Option(names = "--levels", paramLabel = "this-and-coarser", description = "write-back option recorded with the job")
    String levels;

    @Option(names = "--on-conflict", paramLabel = "overwrite", description = "write-back option recorded with the job")
    String onConflict;

    @Mixin
    RelayOptions relay;

    @Override
    public Integer call() {
        RegionRequest request;
        try {
            request = new RegionRequest(id == null ? RegionRequest.newId() : id, store, array, region, formatOf(format, out),
                    level, target, WritebackOptions.parse(cast, levels, onConflict, " (option)"));
        } catch (RelayException e) {
            throw new RelayException(e.getMessage().replace("\"cast\" (option)", "--cast")
                    .replace("\"levels\" (option)", "--levels").replace("\"on-conflict\" (option)", "--on-conflict"), e);
        }
        try (RelayContext ctx = relay.open(store, Map.of())) {
            Job job = ctx.roundTrip().exportTo(request, out.toAbsolutePath());
            spec.commandLine().getOut().printf("exported %s region %s of %s to %s (shape %s) as job %s%n"
                            + "manifest: %s%nwrite the result back with: import --job %s --in RESULT%n",
                    job.manifest().dtype(), job.manifest().region(), job.manifest().store(), out,
                    Arrays.toString(job.manifest().fileShape()), job.id(), JobFiles.manifestBeside(out), job.id());
        }
        return 0;
    }

    /**
     * The format asked for, or the one the name of {@code out} claims. A file whose extension is
     * another format's is refused: Fiji and nibabel pick their reader by the extension.
     */
    static VolumeFormat formatOf(String asked, Path out) {
        String name = out.getFileName() == null ? out.toString() : out.getFileName().toString();
        Optional<VolumeFormat> claimant = Formats.claimant(name);
        if (asked == null) {
            VolumeFormat f = claimant.orElseThrow(() -> new RelayException("cannot tell the format from --out " + out
                    + ": give --format (" + names() + "), or end the file name in " + extensions()));
            if (f.isFolder()) {
                throw new RelayException("--out " + out + ": a " + f.name() + " export is a folder with one file per slice;"
                        + " give --format " + f.name() + " and a folder name");
            }
            return f;
        }
        VolumeFormat f = Formats.byName(asked);
        if (f.isFolder()) {
            if (claimant.isPresent() && claimant.get() != f || name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                throw new RelayException("--out " + out + ": a " + f.name() + " export is a folder with one file per slice;"
                        + " give a folder name without a file extension");
            }
            return f;
        }
        if (claimant.isEmpty()) {
            throw new RelayException("--out " + out + " does not end in ." + f.extension() + ", the extension of " + f.name()
                    + " files, so other tools would not open it as one: name it " + name + "." + f.extension());
        }
        VolumeFormat c = claimant.get();
        if (c != f) {
            String stem = stem(name, c);
            throw new RelayException("--out " + out + " has the extension of " + c.name() + " files ("
                    + name.substring(stem.length()) + "), not of " + f.name() + " ones (." + f.extension() + "): name it "
                    + stem + "."
                    + f.extension() + (c.isFolder() ? "" : ", or give --format " + c.name()));
        }
        return f;
    }

    /** The name without the ending that makes it a {@code claimant} file: my.data.tif → my.data. */
    private static String stem(String name, VolumeFormat claimant) {
        return name.substring(0, name.length() - Formats.suffix(name).orElse("").length());
    }

    private static String names() {
        return String.join(", ", Formats.all().stream().map(VolumeFormat::name).toList());
    }

    private static String extensions() {
        return String.join(", ", Formats.all().stream().filter(f -> !f.isFolder()).map(f -> "." + f.extension()).toList());
    }
}
