package org.zarrrelay.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.codec.ChunkSpec;
import org.zarrrelay.zarr.codec.CodecPipeline;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.codec.EncodedChunk;
import org.zarrrelay.zarr.metadata.ArrayMetadata;
import org.zarrrelay.zarr.metadata.ZarrV2Metadata;
import org.zarrrelay.zarr.metadata.ZarrV3Metadata;
import org.zarrrelay.zarr.store.Store;

/**
 * A Zarr array (v2 or v3) in a store: reads and writes any box of it. Chunks touched by a call
 * are processed in parallel on a {@link ChunkExecutor}; a chunk only partly covered by a write is
 * read, patched and rewritten so every element outside the box keeps its bytes.
 */
public final class ZarrArray {
    private final Store store;
    private final String path;
    private final ArrayMetadata metadata;
    private final ChunkExecutor executor;

    private ZarrArray(Store store, String path, ArrayMetadata metadata, ChunkExecutor executor) {
        this.store = store;
        this.path = normalise(path);
        this.metadata = metadata;
        this.executor = executor;
    }

    /** Opens the array at {@code path} ("" for the store root), Zarr v3 or v2. */
    public static ZarrArray open(Store store, String path) {
        return open(store, path, CodecRegistry.DEFAULT, ChunkExecutor.shared());
    }

    public static ZarrArray open(Store store, String path, CodecRegistry registry, ChunkExecutor executor) {
        String p = normalise(path);
        String where = describe(store, p);
        byte[] v3 = store.get(key(p, ZarrV3Metadata.KEY));
        if (v3 != null) {
            JsonNode json = Json.parse(v3, where + "/zarr.json");
            if ("group".equals(json.path("node_type").asText())) {
                throw notAnArray(store, p, "is a Zarr v3 group");
            }
            return new ZarrArray(store, p, ZarrV3Metadata.parse(json, where, registry), executor);
        }
        byte[] v2 = store.get(key(p, ZarrV2Metadata.ARRAY_KEY));
        if (v2 != null) {
            JsonNode zarray = Json.parse(v2, where + "/.zarray");
            byte[] attrs = store.get(key(p, ZarrV2Metadata.ATTRS_KEY));
            JsonNode zattrs = attrs == null ? null : Json.parse(attrs, where + "/.zattrs");
            return new ZarrArray(store, p, ZarrV2Metadata.parse(zarray, zattrs, where, registry), executor);
        }
        if (store.exists(key(p, ZarrV2Metadata.GROUP_KEY))) {
            throw notAnArray(store, p, "is a Zarr v2 group");
        }
        throw notAnArray(store, p, "holds no Zarr array (no zarr.json or .zarray)");
    }

    private static ZarrException notAnArray(Store store, String path, String what) {
        List<String> arrays = Hierarchy.arrayPaths(store);
        String hint = arrays.isEmpty() ? "the store holds no arrays at all: check the store path"
                : "arrays in this store: " + String.join(", ", arrays.stream().map(a -> a.isEmpty() ? "(root)" : a).toList());
        return new ZarrException(describe(store, path) + " " + what + "; " + hint);
    }

    /** Writes the metadata of a new array (replacing any there) and opens it. */
    public static ZarrArray create(Store store, String path, ArrayMetadata metadata) {
        String p = normalise(path);
        String where = describe(store, p);
        if (metadata.zarrFormat() == 3) {
            store.put(key(p, ZarrV3Metadata.KEY), Json.bytes(ZarrV3Metadata.toJson(metadata)));
        } else {
            store.put(key(p, ZarrV2Metadata.ARRAY_KEY), Json.bytes(ZarrV2Metadata.toZarray(metadata, where)));
            if (!metadata.attributes().isEmpty()) {
                store.put(key(p, ZarrV2Metadata.ATTRS_KEY), Json.bytes(metadata.attributes()));
            }
        }
        return open(store, p);
    }

    public ArrayMetadata metadata() {
        return metadata;
    }

    /**
     * The same array (metadata, path, executor) read from and written to another store: a snapshot
     * view of this store, or a transaction's journaled store.
     */
    public ZarrArray withStore(Store other) {
        return new ZarrArray(other, path, metadata, executor);
    }

    /** The store key of this array's metadata document ({@code zarr.json} or {@code .zarray}). */
    public String metadataKey() {
        return key(path, metadata.zarrFormat() == 3 ? ZarrV3Metadata.KEY : ZarrV2Metadata.ARRAY_KEY);
    }

    /** The part of one stored chunk (or shard) that a box covers, in array coordinates. */
    public record ChunkPart(String key, long[] offset, int[] shape) {
    }

    /** The chunks (shards, for sharded arrays: the values the store holds) the box touches, and what of each. */
    public List<ChunkPart> chunksIn(long[] offset, int[] shape) {
        checkBox(offset, shape);
        int[] chunk = metadata.chunkShape();
        List<ChunkPart> parts = new ArrayList<>();
        forEachChunk(offset, shape, (coords, inChunk, size, inRegion) -> {
            long[] at = new long[coords.length];
            for (int d = 0; d < at.length; d++) {
                at[d] = coords[d] * chunk[d] + inChunk[d];
            }
            parts.add(new ChunkPart(chunkKey(coords), at, size));
        });
        return parts;
    }

    /** The store keys of the chunks the box touches. */
    public List<String> chunkKeys(long[] offset, int[] shape) {
        return chunksIn(offset, shape).stream().map(ChunkPart::key).toList();
    }

    public String path() {
        return path;
    }

    public Store store() {
        return store;
    }

    /** The array named for messages: store and path. */
    public String describe() {
        return describe(store, path);
    }

    /** Reads the box {@code [offset, offset + shape)}. Missing chunks read as the fill value. */
    public Volume read(long[] offset, int[] shape) {
        checkBox(offset, shape);
        Volume out = Volume.allocate(metadata.dtype(), shape);
        readInto(offset, out);
        return out;
    }

    /** Reads the box at {@code offset} with the shape of {@code out} into {@code out}, reusing its memory. */
    public void readInto(long[] offset, Volume out) {
        int[] shape = out.shape();
        checkBox(offset, shape);
        if (out.dtype() != metadata.dtype()) {
            throw new ZarrException("cannot read " + metadata.dtype().numpyName() + " " + describe() + " into a "
                    + out.dtype().numpyName() + " volume");
        }
        CodecPipeline codecs = metadata.codecs();
        ChunkSpec spec = metadata.chunkSpec();
        List<Runnable> tasks = new ArrayList<>();
        forEachChunk(offset, shape, (coords, inChunk, size, inRegion) -> tasks.add(() -> {
            String key = chunkKey(coords);
            try {
                codecs.decodeInto(chunkSource(key), spec, inChunk, size, out, inRegion);
            } catch (ZarrException e) {
                throw naming(key, e);
            }
        }));
        executor.runAll(tasks);
    }

    /** A codec's complaint about a chunk, with the chunk's key and array added (a store's error names them already). */
    private ZarrException naming(String key, ZarrException e) {
        if (e instanceof org.zarrrelay.zarr.store.StoreException) {
            return e;
        }
        return new ZarrException("chunk " + key + " of " + describe() + ": " + e.getMessage(), e);
    }

    /** Writes {@code data} at {@code offset}; elements outside the box are left exactly as they were. */
    public void write(long[] offset, Volume data) {
        int[] shape = data.shape();
        checkBox(offset, shape);
        if (data.dtype() != metadata.dtype()) {
            throw new ZarrException("cannot write " + data.dtype().numpyName() + " data into " + metadata.dtype().numpyName()
                    + " " + describe() + ": convert it first");
        }
        CodecPipeline codecs = metadata.codecs();
        ChunkSpec spec = metadata.chunkSpec();
        int[] chunkShape = metadata.chunkShape();
        long[] arrayShape = metadata.shape();
        List<Runnable> tasks = new ArrayList<>();
        forEachChunk(offset, shape, (coords, inChunk, size, inRegion) -> tasks.add(() -> {
            String key = chunkKey(coords);
            Volume chunk;
            if (Arrays.equals(size, chunkShape)) {
                chunk = scratchChunk(spec);  // every element is overwritten below
            } else if (coversStoredPart(coords, inChunk, size, chunkShape, arrayShape)) {
                chunk = spec.filledChunk();
            } else {
                byte[] old = store.get(key);
                try {
                    chunk = old == null ? spec.filledChunk() : codecs.decode(old, spec);
                } catch (ZarrException e) {
                    throw naming(key, e);
                }
            }
            BoxCopy.copy(data, inRegion, chunk, inChunk, size);
            store.put(key, codecs.encode(chunk));
        }));
        executor.runAll(tasks);
    }

    /** One chunk-sized buffer per thread for chunks a write replaces whole; encoded and stored before reuse. */
    private static final ThreadLocal<Volume> SCRATCH = new ThreadLocal<>();

    private static Volume scratchChunk(ChunkSpec spec) {
        Volume v = SCRATCH.get();
        if (v == null || v.dtype() != spec.dtype() || !Arrays.equals(v.shape(), spec.shape())) {
            v = Volume.allocate(spec.dtype(), spec.shape());
            SCRATCH.set(v);
        }
        return v;
    }

    /**
     * True when the box covers every element of the chunk that lies inside the array, so the old
     * chunk need not be read (elements past the array's edge are never read back).
     */
    private static boolean coversStoredPart(long[] coords, int[] inChunk, int[] size, int[] chunkShape, long[] arrayShape) {
        for (int d = 0; d < coords.length; d++) {
            long origin = coords[d] * chunkShape[d];
            long inside = Math.min(chunkShape[d], arrayShape[d] - origin);
            if (inChunk[d] != 0 || size[d] != inside) {
                return false;
            }
        }
        return true;
    }

    private interface ChunkVisitor {
        void visit(long[] coords, int[] inChunk, int[] size, int[] inRegion);
    }

    private void forEachChunk(long[] offset, int[] shape, ChunkVisitor visitor) {
        int rank = shape.length;
        int[] chunk = metadata.chunkShape();
        for (int s : shape) {
            if (s == 0) {
                return;
            }
        }
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int d = 0; d < rank; d++) {
            first[d] = offset[d] / chunk[d];
            last[d] = (offset[d] + shape[d] - 1) / chunk[d];
        }
        long[] pos = first.clone();
        while (true) {
            int[] inChunk = new int[rank];
            int[] size = new int[rank];
            int[] inRegion = new int[rank];
            for (int d = 0; d < rank; d++) {
                long origin = pos[d] * chunk[d];
                long lo = Math.max(offset[d], origin);
                long hi = Math.min(offset[d] + shape[d], origin + chunk[d]);
                inChunk[d] = (int) (lo - origin);
                size[d] = (int) (hi - lo);
                inRegion[d] = (int) (lo - offset[d]);
            }
            visitor.visit(pos.clone(), inChunk, size, inRegion);
            int d = rank - 1;
            while (d >= 0) {
                if (++pos[d] <= last[d]) {
                    break;
                }
                pos[d] = first[d];
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    private void checkBox(long[] offset, int[] shape) {
        long[] arrayShape = metadata.shape();
        if (offset.length != arrayShape.length || shape.length != arrayShape.length) {
            throw new ZarrException("region with " + offset.length + " axes does not fit " + describe() + ", which has "
                    + arrayShape.length + " axes (shape " + Arrays.toString(arrayShape) + ")");
        }
        for (int d = 0; d < arrayShape.length; d++) {
            if (offset[d] < 0 || shape[d] < 0 || offset[d] + shape[d] > arrayShape[d]) {
                throw new ZarrException("region at " + Arrays.toString(offset) + " of shape " + Arrays.toString(shape)
                        + " lies outside " + describe() + " (shape " + Arrays.toString(arrayShape) + ") on axis " + d);
            }
        }
    }

    /** The store key of a chunk. */
    public String chunkKey(long[] coords) {
        return key(path, metadata.keyEncoding().key(coords));
    }

    private EncodedChunk chunkSource(String key) {
        return new EncodedChunk() {
            @Override
            public byte[] readAll() {
                return store.get(key);
            }

            @Override
            public byte[] readRange(long offset, int length) {
                return store.getRange(key, offset, length);
            }

            @Override
            public byte[] readSuffix(int length) {
                return store.getSuffix(key, length);
            }
        };
    }

    static String key(String path, String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    static String normalise(String path) {
        String p = path == null ? "" : path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty()) {
            Store.checkKey(p);
        }
        return p;
    }

    static String describe(Store store, String path) {
        return "array '" + (path.isEmpty() ? "/" : path) + "' in " + store.describe();
    }
}
