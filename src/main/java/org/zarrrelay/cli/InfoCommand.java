package org.zarrrelay.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.ome.Pyramid;
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
        description = "Prints a JSON summary of a store: groups; each array's shape, dtype, chunks and codecs; each OME-Zarr"
                + " image's axes, levels, scales, units and downsampling factors.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "S",
            description = "the Zarr store: a directory or s3://bucket/prefix (S3 settings: RELAY_S3_* environment variables)")
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
        ArrayNode images = out.putArray("images");
        for (String group : Hierarchy.groupPaths(s)) {
            Multiscales ms = Multiscales.read(s, group);
            if (ms != null) {
                images.add(describe(s, ms));
            }
        }
        out.set("journal", journal(s));
        spec.commandLine().getOut().print(new String(Json.bytes(out), StandardCharsets.UTF_8));
        return 0;
    }

    /** What the store's write-back journal holds: write-backs and undos, and the space their undo data takes. */
    private static ObjectNode journal(Store s) {
        org.zarrrelay.journal.Journal journal = org.zarrrelay.journal.Journal.of(s, org.zarrrelay.zarr.ChunkExecutor.shared());
        ObjectNode j = JsonNodeFactory.instance.objectNode();
        var history = journal.history();
        j.put("write_backs", history.stream().filter(e -> org.zarrrelay.journal.Journal.WRITE_BACK.equals(e.summary().kind())).count());
        j.put("undos", history.stream().filter(e -> org.zarrrelay.journal.Journal.UNDO.equals(e.summary().kind())).count());
        j.put("undo_data_bytes", history.stream().mapToLong(journal::undoBytes).sum());
        j.put("location", s.describe() + "/" + org.zarrrelay.journal.StoreArea.ROOT);
        return j;
    }

    /** An OME-Zarr image: axes, levels with shapes and scales, factors between levels, method. */
    private static ObjectNode describe(Store s, Multiscales ms) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode img = f.objectNode();
        img.put("group", ms.group());
        img.put("ngff", ms.version());
        img.put("label_image", ms.labelImage());
        ArrayNode axes = img.putArray("axes");
        ms.axes().forEach(a -> axes.addObject().put("name", a.name()).put("type", a.type()).put("unit", a.unit()));
        img.put("downsampling", ms.method());
        ArrayNode levels = img.putArray("levels");
        Pyramid pyramid = null;
        try {
            pyramid = Pyramid.open(ms, path -> ZarrArray.open(s, path));
        } catch (RuntimeException e) {
            img.put("pyramid_error", e.getMessage());
        }
        for (int i = 0; i < ms.levels().size(); i++) {
            ObjectNode l = levels.addObject();
            l.put("path", ms.fullPath(i));
            ArrayNode shape = l.putArray("shape");
            for (long v : ZarrArray.open(s, ms.fullPath(i)).metadata().shape()) {
                shape.add(v);
            }
            ArrayNode scale = l.putArray("scale");
            for (double v : ms.levels().get(i).scale()) {
                scale.add(v);
            }
            ArrayNode translation = l.putArray("translation");
            for (double v : ms.levels().get(i).translation()) {
                translation.add(v);
            }
            if (pyramid != null && i > 0) {
                ArrayNode factors = l.putArray("factors");
                for (int v : pyramid.factors(i)) {
                    factors.add(v);
                }
            }
        }
        return img;
    }
}
