package org.zarrrelay.zarr.codec;

import org.zarrrelay.volume.DataType;

/**
 * What a codec may need to know when it is built from metadata: the array's data type (blosc's
 * typesize defaults to it) and the registry (sharding builds its nested pipelines from it).
 * {@code where} names the array, for error messages.
 */
public record CodecContext(DataType dtype, CodecRegistry registry, String where) {
}
