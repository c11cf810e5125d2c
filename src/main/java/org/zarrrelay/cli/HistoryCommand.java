package org.zarrrelay.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.zarrrelay.camel.RelayContext;
import org.zarrrelay.zarr.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Lists every write-back and undo of a store, newest first, as JSON: job, time, region, levels,"
                + " chunks and voxels, worker, whether it was undone and how much undo data it keeps.")
final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "S", description = "the Zarr store: a directory or s3://bucket/prefix")
    String store;

    @Mixin
    RelayOptions relay;

    @Override
    public Integer call() {
        try (RelayContext ctx = relay.open(store, Map.of())) {
            spec.commandLine().getOut().print(new String(Json.bytes(ctx.roundTrip().history(store)),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return 0;
    }
}
