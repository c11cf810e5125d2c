package org.zarrrelay.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.job.ExportService;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.ZarrArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes one region of an array to one file (same code as the pipeline's export).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOptions array;

    @Option(names = "--region", required = true, paramLabel = "R",
            description = "numpy-style start:stop per axis, comma-separated, e.g. 40:50,40:50,40:50; a plain integer selects one index")
    String region;

    @Option(names = "--format", defaultValue = "tiff", paramLabel = "F", description = "output format (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the file to write")
    Path out;

    @Override
    public Integer call() {
        ZarrArray a = array.open();
        Region r = Region.parse(region, a.metadata().shape());
        VolumeFormat f = Formats.byName(format);
        ExportService.Result result = new ExportService().export(a, r, f, out, null,
                new ProgressPrinter(spec.commandLine().getErr(), "export"));
        spec.commandLine().getOut().printf("exported %s region %s of %s to %s (shape %s, %.1f MB)%n",
                result.dtype().numpyName(), r, a.describe(), result.file(), Arrays.toString(result.shape()), result.voxelBytes() / 1e6);
        return 0;
    }
}
