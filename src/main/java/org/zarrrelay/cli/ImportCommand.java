package org.zarrrelay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.job.Manifest;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.ZarrArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Writes one file into an array, at an offset or where its export's manifest says"
                + " (same code as the pipeline's write-back).")
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "S", description = "the Zarr store: a directory or s3://bucket/prefix"
            + " (S3 settings: RELAY_S3_* environment variables); not needed with --manifest")
    String store;

    @Option(names = "--array", paramLabel = "A", defaultValue = "", description = "the array's path inside the store")
    String array;

    @Option(names = "--fsync", description = "fsync every chunk file before it replaces the old one")
    boolean fsync;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "the file to write back")
    Path in;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Placement placement;

    static final class Placement {
        @Option(names = "--offset", paramLabel = "z,y,x", description = "where the file's first voxel goes, one integer per array axis")
        String offset;

        @Option(names = "--manifest", paramLabel = "M", description = "the export's <id>.manifest.json: write back to the exported region")
        Path manifest;
    }

    @Option(names = "--cast", paramLabel = "clamp|round",
            description = "allow a conversion that changes values (e.g. float32 into uint16): clamp truncates, round rounds")
    String cast;

    @Option(names = "--target", paramLabel = "labels/NAME",
            description = "write into this label image of the OME-Zarr image (created on first use) instead of in place")
    String target;

    @Option(names = "--levels", paramLabel = "this-and-coarser",
            description = "allow writing into a coarser level of an OME-Zarr pyramid (the finer levels are left as they are)")
    String levels;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(in)) {
            throw new RelayException("input file " + in + " does not exist or is not a file: check the path");
        }
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(), "import");
        if (placement.manifest != null) {
            if (target != null) {
                throw new RelayException("--target goes with --offset; with --manifest the target is the export's own");
            }
            Manifest m = Manifest.read(placement.manifest);
            new WritebackService().writeBack(m, in, cast, progress);
            spec.commandLine().getOut().printf("wrote %s back into array '%s' of %s, region %s%n", in, m.array(), m.storePath(),
                    m.region());
            return 0;
        }
        if (store == null) {
            throw new RelayException("--offset needs --store (and --array): say which array the file goes into");
        }
        ZarrArray a = ZarrArray.open(org.zarrrelay.zarr.store.Stores.open(store, true, fsync), array);
        long[] at = Region.parseLongs(placement.offset, "offset");
        try (VolumeReader reader = Formats.forFile(in.getFileName().toString()).open(in)) {
            if (target != null) {
                a = WritebackService.labelTarget(a, target, reader.dtype());
            }
            Region region = WritebackService.placement(at, reader.shape(), a.metadata().shape(), in.toString());
            new WritebackService().write(a, region, reader, in.toString(), WritebackService.castMode(cast), levels, progress);
            spec.commandLine().getOut().printf("wrote %s (shape %s) into %s at offset %s%n", in,
                    Arrays.toString(reader.shape()), a.describe(), Arrays.toString(at));
        }
        return 0;
    }
}
