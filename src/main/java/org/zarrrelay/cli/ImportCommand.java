package org.zarrrelay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.ZarrArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Writes one file into an array at an offset (same code as the pipeline's write-back).")
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOptions array;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "the file to write back (.npy)")
    Path in;

    @Option(names = "--offset", required = true, paramLabel = "z,y,x",
            description = "where the file's first voxel goes, one integer per array axis")
    String offset;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(in)) {
            throw new RelayException("input file " + in + " does not exist or is not a file: check the path");
        }
        ZarrArray a = array.open();
        long[] at = Region.parseLongs(offset, "offset");
        try (VolumeReader reader = Formats.forFile(in.getFileName().toString()).open(in)) {
            new WritebackService().writeBack(a, at, reader, in.toString(),
                    new ProgressPrinter(spec.commandLine().getErr(), "import"));
            spec.commandLine().getOut().printf("wrote %s (shape %s) into %s at offset %s%n", in,
                    Arrays.toString(reader.shape()), a.describe(), Arrays.toString(at));
        }
        return 0;
    }
}
