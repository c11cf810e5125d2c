package org.zarrrelay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.camel.RelayContext;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.Manifest;
import org.zarrrelay.job.WritebackOptions;
import org.zarrrelay.volume.Region;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Writes one file into a store as a job of the relay on the data folder: the same transaction as the"
                + " pipeline's write-back (store lock, checks, merge with changes made since the export, journal, pyramid,"
                + " ledger record). A refused write-back writes nothing; a conflict mask goes beside the file.")
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE",
            description = "the file to write back (or the folder of a DICOM series)")
    Path in;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Placement placement;

    static final class Placement {
        @Option(names = "--job", paramLabel = "ID", description = "write back the result of this exported job")
        String job;

        @Option(names = "--manifest", paramLabel = "M",
                description = "the export's manifest (<id>.manifest.json): write back the result of that job")
        Path manifest;

        @Option(names = "--offset", paramLabel = "z,y,x",
                description = "write the file at this offset (one integer per array axis) of --store/--array: a job of its own")
        String offset;
    }

    @Option(names = "--store", paramLabel = "S", description = "with --offset: the Zarr store, a directory or s3://bucket/prefix")
    String store;

    @Option(names = "--array", paramLabel = "A", defaultValue = "", description = "with --offset: the array's path inside the store")
    String array;

    @Option(names = "--target", paramLabel = "labels/NAME",
            description = "with --offset: write into this label image of the OME-Zarr image (created on first use)")
    String target;

    @Option(names = "--cast", paramLabel = "lossless|clamp|round",
            description = "allow a result of another type: lossless (every value fits), clamp (truncate and clamp) or round")
    String cast;

    @Option(names = "--levels", paramLabel = "this-and-coarser",
            description = "allow writing into a coarser level of an OME-Zarr pyramid (the finer levels are left as they are)")
    String levels;

    @Option(names = "--on-conflict", paramLabel = "overwrite",
            description = "let the result win where it and a change made since the export disagree")
    String onConflict;

    @Option(names = "--fsync", description = "make the write-back survive a power loss (same as --set relay.fsync=true)")
    boolean fsync;

    @Mixin
    RelayOptions relay;

    @Override
    public Integer call() {
        if (!Files.exists(in)) {
            throw new RelayException("input " + in + " does not exist: check the path (a file, or the folder of a DICOM"
                    + " series)");
        }
        WritebackOptions options = options();
        Map<String, String> extra = fsync ? Map.of("relay.fsync", "true") : Map.of();
        JobStatus s;
        try (RelayContext ctx = relay.open(store, extra)) {
            if (placement.offset != null) {
                if (store == null) {
                    throw new RelayException("--offset needs --store (and --array): say which array the file goes into");
                }
                s = ctx.roundTrip().place(store, array, Region.parseLongs(placement.offset, "--offset"), in, target, options);
            } else {
                if (store != null || target != null) {
                    throw new RelayException("--store, --array and --target go with --offset; a job's result goes where"
                            + " the job says");
                }
                String id = placement.job != null ? placement.job : jobOfManifest(ctx, placement.manifest);
                s = ctx.roundTrip().writeBackFile(id, in, options);
            }
        }
        spec.commandLine().getOut().println("job " + s.id() + ": " + s.state() + " - " + s.message());
        return 0;
    }

    private WritebackOptions options() {
        try {
            return WritebackOptions.parse(cast, levels, onConflict, " (option)");
        } catch (RelayException e) {
            throw new RelayException(e.getMessage().replace("\"cast\" (option)", "--cast")
                    .replace("\"levels\" (option)", "--levels").replace("\"on-conflict\" (option)", "--on-conflict"), e);
        }
    }

    /** The job a manifest names, if the ledger's own record of that job agrees with it. */
    private static String jobOfManifest(RelayContext ctx, Path manifest) {
        Manifest m = Manifest.read(manifest);
        Job job = ctx.jobs().job(m.id());
        if (job == null) {
            throw new RelayException(manifest + " names job " + m.id() + ", which the ledger of " + ctx.settings().data()
                    + " does not know: give the --data (or --config) of the relay that exported it, or place the file"
                    + " with --store and --offset");
        }
        if (!job.manifest().samePlace(m)) {
            throw new RelayException(manifest + " does not match the ledger's record of job " + m.id() + " (store "
                    + job.manifest().store() + ", array " + job.manifest().array() + ", region " + job.manifest().region()
                    + "): the manifest was edited or copied from elsewhere; use --job " + m.id() + " to write where the"
                    + " job really came from");
        }
        return m.id();
    }
}
