package org.zarrrelay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zarrrelay.format.Formats;
import org.zarrrelay.job.ExportService;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Creates the sample OME-Zarr image and the data folders, exports one region, and says what to try next.")
final class DemoCommand implements Callable<Integer> {
    static final String[] FOLDERS = {"inbox", "exports", "returns", "status", "failed", "archive"};

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "data", description = "the data folder (default ${DEFAULT-VALUE})")
    Path data;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        for (String f : FOLDERS) {
            Files.createDirectories(data.resolve(f));
        }
        Path sample = data.resolve("sample.zarr");
        if (!Files.exists(sample.resolve("zarr.json"))) {
            out.println("creating the sample image " + sample + " (uint16, 3 levels) ...");
            SampleImage.write(new FileSystemStore(sample), 128, 256, 256);
        }
        ZarrArray level0 = ZarrArray.open(new FileSystemStore(sample), "0");
        Region region = Region.parse("40:80,100:164,100:164", level0.metadata().shape());
        Path file = data.resolve("exports").resolve("demo.npy");
        new ExportService().export(level0, region, Formats.byName("npy"), file, null, (d, t) -> { });
        out.println("exported region " + region + " of level 0 to " + file);
        out.println();
        out.println("Try next (jar = target/zarr-relay.jar):");
        out.println("  java -jar target/zarr-relay.jar info --store " + sample);
        out.println("  python3 -c \"import numpy; a = numpy.load('" + file + "'); print(a.shape, a.dtype, a.max())\"");
        out.println("  java -jar target/zarr-relay.jar export --store " + sample + " --array 0 --region 0:64,0:128,0:128"
                + " --format npy --out my.npy");
        out.println("  java -jar target/zarr-relay.jar import --store " + sample + " --array 0 --in my.npy --offset 0,0,0");
        return 0;
    }
}
