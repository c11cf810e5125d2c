package org.zarrrelay.zarr.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Transforms bytes to bytes: compressors and checksums. */
public non-sealed interface BytesToBytesCodec extends Codec {

    byte[] encode(byte[] decoded);

    byte[] decode(byte[] encoded);

    /**
     * The encoded length for a decoded length, when it is fixed (a checksum adds a fixed number of
     * bytes), or -1 when it depends on the content (compressors). Sharding needs it to locate the
     * shard index.
     */
    default long encodedLength(long decodedLength) {
        return -1;
    }

    /**
     * The codec as a Zarr v2 {@code compressor} object (with its {@code id}), or null when Zarr v2
     * has no such compressor.
     */
    default ObjectNode v2Compressor() {
        return null;
    }
}
