package org.zarrrelay.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.codec.Codec;
import org.zarrrelay.zarr.codec.arraytobytes.ShardingCodec;
import org.zarrrelay.zarr.metadata.ArrayMetadata;
import org.zarrrelay.zarr.metadata.FillValues;
import org.zarrrelay.zarr.store.Store;
import org.zarrrelay.zarr.store.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints a JSON summary of a store: groups, and each array's shape, dtype, chunks and codecs.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "S", description = "the Zarr store: a directory")
    String store;

    @Override
    public Integer call() {
        Store s = Stores.open(store, true, false);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("store", s.describe());
        ArrayNode groups = out.putArray("groups");
        Hierarchy.groupPaths(s).forEach(groups::add);
        ArrayNode arrays = out.putArray("arrays");
        for (String path : Hierarchy.arrayPaths(s)) {
            ArrayMetadata m = ZarrArray.open(s, path).metadata();
            ObjectNode a = arrays.addObject();
            a.put("path", path);
            a.put("zarr_format", m.zarrFormat());
            ArrayNode shape = a.putArray("shape");
            for (long v : m.shape()) {
                shape.add(v);
            }
            a.put("dtype", m.dtype().numpyName());
            ShardingCodec sharding = m.codecs().sharding();
            ArrayNode chunks = a.putArray("chunks");
            for (int v : sharding != null ? sharding.chunkShape() : m.chunkShape()) {
                chunks.add(v);
            }
            if (sharding != null) {
                ArrayNode shards = a.putArray("shards");
                for (int v : m.chunkShape()) {
                    shards.add(v);
                }
            }
            a.set("fill_value", FillValues.format(m.fillElement(), m.dtype()));
            ArrayNode codecs = a.putArray("codecs");
            for (Codec c : m.codecs().codecs()) {
                codecs.addObject().put("name", c.name()).set("configuration", c.configuration());
            }
        }
        spec.commandLine().getOut().print(new String(Json.bytes(out), StandardCharsets.UTF_8));
        return 0;
    }
}
