package org.zarrrelay.zarr.codec;

import org.zarrrelay.volume.Volume;

/** Serialises a chunk to bytes (the {@code bytes} codec, or {@code sharding_indexed}). */
public non-sealed interface ArrayToBytesCodec extends Codec {

    /** The result may share the chunk's backing array: callers must not modify the chunk afterwards. */
    byte[] encode(Volume chunk);

    /** @param spec what the decoded chunk must look like; bytes of any other length are an error */
    Volume decode(byte[] bytes, ChunkSpec spec);
}
