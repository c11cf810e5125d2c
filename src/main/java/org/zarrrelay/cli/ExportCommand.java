package org.zarrrelay.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.camel.RelayContext;
import org.zarrrelay.format.Formats;
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

    @Option(names = "--format", defaultValue = "tiff", paramLabel = "F", description = "output format (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the file to write")
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
            request = new RegionRequest(id == null ? RegionRequest.newId() : id, store, array, region, Formats.byName(format),
                    level, target, WritebackOptions.parse(cast, levels, onConflict, " (option)"));
        } catch (RelayException e) {
            throw new RelayException(e.getMessage().replace("\"cast\" (option)", "--cast")
                    .replace("\"levels\" (option)", "--levels").replace("\"on-conflict\" (option)", "--on-conflict"), e);
        }
        try (RelayContext ctx = relay.open(store, Map.of())) {
            Job job = ctx.roundTrip().exportTo(request, out);
            spec.commandLine().getOut().printf("exported %s region %s of %s to %s (shape %s) as job %s%n"
                            + "manifest: %s%nwrite the result back with: import --job %s --in RESULT%n",
                    job.manifest().dtype(), job.manifest().region(), job.manifest().store(), out,
                    Arrays.toString(job.manifest().fileShape()), job.id(), JobFiles.manifestBeside(out), job.id());
        }
        return 0;
    }
}
