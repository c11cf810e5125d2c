package org.zarrrelay.zarr.codec;

import java.util.ArrayList;
import java.util.List;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.codec.arraytobytes.ShardingCodec;

/**
 * An ordered codec chain as the Zarr v3 spec defines it: any array-to-array codecs, exactly one
 * array-to-bytes codec, then any bytes-to-bytes codecs. Immutable and thread-safe.
 */
public final class CodecPipeline {
    private final List<ArrayToArrayCodec> arrayToArray;
    private final ArrayToBytesCodec arrayToBytes;
    private final List<BytesToBytesCodec> bytesToBytes;

    private CodecPipeline(List<ArrayToArrayCodec> a2a, ArrayToBytesCodec a2b, List<BytesToBytesCodec> b2b) {
        this.arrayToArray = List.copyOf(a2a);
        this.arrayToBytes = a2b;
        this.bytesToBytes = List.copyOf(b2b);
    }

    /** Checks the order of the codecs and builds the pipeline; {@code where} names the array for errors. */
    public static CodecPipeline of(List<? extends Codec> codecs, String where) {
        List<ArrayToArrayCodec> a2a = new ArrayList<>();
        ArrayToBytesCodec a2b = null;
        List<BytesToBytesCodec> b2b = new ArrayList<>();
        for (Codec c : codecs) {
            if (c instanceof ArrayToArrayCodec a) {
                if (a2b != null) {
                    throw new UnsupportedFeatureException("codec '" + a.name() + "' of " + where
                            + " is an array-to-array codec after the array-to-bytes codec '" + a2b.name()
                            + "': the spec requires array-to-array codecs first");
                }
                a2a.add(a);
            } else if (c instanceof ArrayToBytesCodec a) {
                if (a2b != null) {
                    throw new UnsupportedFeatureException(where + " has two array-to-bytes codecs ('" + a2b.name()
                            + "' and '" + a.name() + "'): exactly one is allowed");
                }
                a2b = a;
            } else if (c instanceof BytesToBytesCodec b) {
                if (a2b == null) {
                    throw new UnsupportedFeatureException("codec '" + b.name() + "' of " + where
                            + " comes before any array-to-bytes codec such as 'bytes'");
                }
                b2b.add(b);
            }
        }
        if (a2b == null) {
            throw new UnsupportedFeatureException(where + " has no array-to-bytes codec: add {\"name\": \"bytes\"}");
        }
        return new CodecPipeline(a2a, a2b, b2b);
    }

    public List<Codec> codecs() {
        List<Codec> all = new ArrayList<>(arrayToArray);
        all.add(arrayToBytes);
        all.addAll(bytesToBytes);
        return all;
    }

    public List<ArrayToArrayCodec> arrayToArray() {
        return arrayToArray;
    }

    public ArrayToBytesCodec arrayToBytes() {
        return arrayToBytes;
    }

    public List<BytesToBytesCodec> bytesToBytes() {
        return bytesToBytes;
    }

    /** The pipeline's sharding codec, when sharding is all it does to bytes; null otherwise. */
    public ShardingCodec sharding() {
        if (arrayToArray.isEmpty() && bytesToBytes.isEmpty() && arrayToBytes instanceof ShardingCodec s) {
            return s;
        }
        return null;
    }

    public byte[] encode(Volume chunk) {
        Volume v = chunk;
        for (ArrayToArrayCodec c : arrayToArray) {
            v = c.encode(v);
        }
        return encodeBytes(arrayToBytes.encode(v));
    }

    /** The bytes-to-bytes codecs (compressors, checksums) alone, in order. */
    public byte[] encodeBytes(byte[] bytes) {
        for (BytesToBytesCodec c : bytesToBytes) {
            bytes = c.encode(bytes);
        }
        return bytes;
    }

    /** The bytes-to-bytes codecs alone undone, last first: what the array-to-bytes codec then decodes. */
    public byte[] decodeBytes(byte[] bytes) {
        for (int i = bytesToBytes.size() - 1; i >= 0; i--) {
            bytes = bytesToBytes.get(i).decode(bytes);
        }
        return bytes;
    }

    public Volume decode(byte[] encoded, ChunkSpec spec) {
        byte[] bytes = decodeBytes(encoded);
        List<ChunkSpec> specs = new ArrayList<>(arrayToArray.size() + 1);
        ChunkSpec s = spec;
        for (ArrayToArrayCodec c : arrayToArray) {
            specs.add(s);
            s = c.encodedSpec(s);
        }
        Volume v = arrayToBytes.decode(bytes, s);
        for (int i = arrayToArray.size() - 1; i >= 0; i--) {
            v = arrayToArray.get(i).decode(v, specs.get(i));
        }
        return v;
    }

    /** Bytes this pipeline adds to an input of a known size, or -1 when that depends on the content. */
    public long encodedLength(long arrayBytes) {
        long n = arrayBytes;
        for (BytesToBytesCodec c : bytesToBytes) {
            n = c.encodedLength(n);
            if (n < 0) {
                return -1;
            }
        }
        return n;
    }

    /**
     * Decodes the box {@code [start, start + size)} of a chunk into {@code dst} at {@code dstStart}.
     * A chunk that is not stored reads as the fill value. Sharding reads only the inner chunks it
     * needs; every other pipeline decodes the whole chunk.
     */
    public void decodeInto(EncodedChunk source, ChunkSpec spec, int[] start, int[] size, Volume dst, int[] dstStart) {
        ShardingCodec sharding = sharding();
        if (sharding != null) {
            sharding.decodeInto(source, spec, start, size, dst, dstStart);
            return;
        }
        byte[] bytes = source.readAll();
        if (bytes == null) {
            BoxCopy.fill(dst, dstStart, size, spec.fillElement());
            return;
        }
        BoxCopy.copy(decode(bytes, spec), start, dst, dstStart, size);
    }
}
