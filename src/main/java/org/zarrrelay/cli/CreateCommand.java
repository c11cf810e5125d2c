package org.zarrrelay.cli;

import java.nio.ByteOrder;
import java.util.concurrent.Callable;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Creates an empty Zarr v2 or v3 array (every voxel reads as the fill value until written).")
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ArrayOptions array;

    @Option(names = "--zarr-format", defaultValue = "3", description = "2 or 3 (default ${DEFAULT-VALUE})")
    int zarrFormat;

    @Option(names = "--shape", required = true, paramLabel = "z,y,x", description = "the array's shape")
    String shape;

    @Option(names = "--chunks", required = true, paramLabel = "z,y,x",
            description = "chunk shape (with --shard: the inner chunk shape)")
    String chunks;

    @Option(names = "--dtype", required = true, description = "bool, int8..int64, uint8..uint64, float32, float64")
    String dtype;

    @Option(names = "--compressor", defaultValue = "blosc:lz4:5:shuffle",
            description = "none | blosc:CNAME:LEVEL:noshuffle|shuffle|bitshuffle | zstd:LEVEL | gzip:LEVEL | zlib:LEVEL (default ${DEFAULT-VALUE})")
    String compressor;

    @Option(names = "--order", defaultValue = "C", description = "C or F element order inside chunks (default ${DEFAULT-VALUE})")
    char order;

    @Option(names = "--separator", description = "chunk key separator, . or / (default: . for v2, / for v3)")
    Character separator;

    @Option(names = "--shard", paramLabel = "z,y,x", description = "v3: shard shape, a multiple of --chunks")
    String shard;

    @Option(names = "--index-location", defaultValue = "end", description = "v3 shards: start or end (default ${DEFAULT-VALUE})")
    String indexLocation;

    @Option(names = "--checksum", description = "v3: add a crc32c checksum to every chunk")
    boolean checksum;

    @Option(names = "--endian", defaultValue = "little", description = "little or big (default ${DEFAULT-VALUE})")
    String endian;

    @Option(names = "--fill", defaultValue = "0", description = "fill value: a number, NaN, Infinity, -Infinity (default ${DEFAULT-VALUE})")
    String fill;

    @Option(names = "--force", description = "replace the metadata of an array or group already at that path (its chunks"
            + " are left as they are, so they must fit the new metadata)")
    boolean force;

    @Override
    public Integer call() {
        DataType type;
        try {
            type = DataType.fromNumpyName(dtype);
        } catch (IllegalArgumentException e) {
            throw new RelayException(e.getMessage());
        }
        ByteOrder order0 = switch (endian) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new RelayException("--endian '" + endian + "' is not valid: use little or big");
        };
        if (!indexLocation.equals("start") && !indexLocation.equals("end")) {
            throw new RelayException("--index-location '" + indexLocation + "' is not valid: use start or end");
        }
        NewArray kind = new NewArray(zarrFormat, Region.parseLongs(shape, "--shape"), ints(chunks, "--chunks"), type,
                compressor, Character.toUpperCase(order), separator, shard == null ? null : ints(shard, "--shard"),
                indexLocation.equals("start"), checksum, order0, fill);
        org.zarrrelay.zarr.store.Store store = array.openStore(false);
        String existing = existingNode(store, array.array);
        if (existing != null && !force) {
            throw new RelayException("there is already " + existing + " at '" + (array.array.isEmpty() ? "/" : array.array)
                    + "' in " + store.describe() + ": nothing was changed. Choose another --array, or give --force to"
                    + " replace its metadata");
        }
        ZarrArray created = ZarrArray.create(store, array.array, kind.toMetadata());
        spec.commandLine().getOut().println("created " + created.describe());
        return 0;
    }

    /** "an array" or "a group" when the path holds Zarr metadata, else null. */
    private static String existingNode(org.zarrrelay.zarr.store.Store store, String path) {
        String prefix = path.isEmpty() ? "" : path.replaceAll("^/+|/+$", "") + "/";
        if (store.exists(prefix + ".zarray")) {
            return "an array";
        }
        if (store.exists(prefix + ".zgroup")) {
            return "a group";
        }
        byte[] v3 = store.get(prefix + "zarr.json");
        if (v3 != null) {
            return "group".equals(org.zarrrelay.zarr.Json.parse(v3, store.describe() + "/" + prefix + "zarr.json")
                    .path("node_type").asText()) ? "a group" : "an array";
        }
        return null;
    }

    private static int[] ints(String text, String what) {
        long[] l = Region.parseLongs(text, what);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] <= 0 || l[i] > Integer.MAX_VALUE) {
                throw new RelayException(what + " '" + text + "' must hold positive integers");
            }
            out[i] = (int) l[i];
        }
        return out;
    }
}
