package org.zarrrelay.zarr.codec;

import org.zarrrelay.volume.Volume;

/** Rearranges a chunk's elements (e.g. transpose). */
public non-sealed interface ArrayToArrayCodec extends Codec {

    /** What an encoded chunk looks like, given what the decoded chunk looks like. */
    ChunkSpec encodedSpec(ChunkSpec decoded);

    Volume encode(Volume chunk);

    /** @param decoded what the result must look like */
    Volume decode(Volume encoded, ChunkSpec decoded);
}
