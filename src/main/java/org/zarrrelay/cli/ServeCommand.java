package org.zarrrelay.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.camel.RelayService;
import org.zarrrelay.camel.RelaySettings;
import org.zarrrelay.job.DataFolders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the pipeline until stopped (Ctrl-C): requests in the inbox are exported, processed files in"
                + " returns are checked and written back.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "settings file (default: config/application.properties in the current folder, if present)")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "the data folder (same as --set relay.data=DIR)")
    Path data;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        RelaySettings settings = settings(config, data, overrides);
        RelayService relay = new RelayService(settings);
        PrintWriter out = spec.commandLine().getOut();
        Path sample = relay.ensureSample();
        DataFolders f = relay.folders();
        out.println("zarr-relay takes");
        relay.triggers().forEach(line -> out.println("  " + line));
        if (sample != null && relay.localInbox()) {
            out.println("Sample image: " + sample + " (uint16, levels 0-2; level 0 is 128 x 256 x 256).");
            out.println("Try it: put this into " + f.inbox().resolve("try-1.json") + "\n"
                    + "  {\"id\": \"try-1\", \"store\": \"" + RelayService.SAMPLE + "\", \"array\": \"0\","
                    + " \"region\": \"40:80,100:164,100:164\", \"format\": \"tiff\"}\n"
                    + "then open " + f.exports().resolve("try-1.tif") + " in Fiji, process it, and save the result as "
                    + f.returns().resolve("try-1-processed.tif") + ".");
        }
        out.println("Job status: " + f.status() + "/<id>.json; refused inputs: " + f.failed() + ". Stop with Ctrl-C.");
        out.flush();
        relay.run();
        return 0;
    }

    static RelaySettings settings(Path config, Path data, Map<String, String> overrides) {
        Path file = config;
        if (file == null && Files.isRegularFile(Path.of("config", "application.properties"))) {
            file = Path.of("config", "application.properties");
        }
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (data != null) {
            if (all.containsKey("relay.data")) {
                throw new RelayException("--data and --set relay.data both given: use one");
            }
            all.put("relay.data", data.toString());
        }
        return RelaySettings.load(file, System.getenv(), all);
    }
}
