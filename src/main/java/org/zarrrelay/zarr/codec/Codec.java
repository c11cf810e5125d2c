package org.zarrrelay.zarr.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A step of a Zarr codec pipeline. The three kinds follow the Zarr v3 spec (section "Codecs"):
 * array to array, array to bytes, bytes to bytes. Zarr v2 arrays are expressed with the same
 * codecs (order F is a transpose, the dtype's byte order is the bytes codec's endian, the
 * compressor is a bytes-to-bytes codec), so both versions share one implementation.
 */
public sealed interface Codec permits ArrayToArrayCodec, ArrayToBytesCodec, BytesToBytesCodec {

    /** The codec's Zarr v3 name, e.g. {@code blosc}. */
    String name();

    /** The codec's Zarr v3 {@code configuration} object, as written to {@code zarr.json}. */
    ObjectNode configuration();
}
