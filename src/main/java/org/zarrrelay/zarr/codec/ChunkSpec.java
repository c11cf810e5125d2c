package org.zarrrelay.zarr.codec;

import java.util.Arrays;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * What a decoded chunk looks like: its shape, type and fill value (one element, little-endian
 * bytes). Codecs need it to decode and sharding needs it to make its inner chunks.
 */
public record ChunkSpec(int[] shape, DataType dtype, byte[] fillElement) {
    public ChunkSpec {
        shape = shape.clone();
        fillElement = fillElement.clone();
        if (fillElement.length != dtype.size()) {
            throw new IllegalArgumentException("fill value of " + fillElement.length + " bytes for "
                    + dtype.numpyName() + ", which has " + dtype.size());
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public byte[] fillElement() {
        return fillElement.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long byteLength() {
        return Volume.elementCount(shape) * dtype.size();
    }

    /** A chunk of this shape with every element set to the fill value. */
    public Volume filledChunk() {
        Volume v = Volume.allocate(dtype, shape);
        v.fill(fillElement);
        return v;
    }

    public ChunkSpec withShape(int[] newShape) {
        return new ChunkSpec(newShape, dtype, fillElement);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkSpec c && Arrays.equals(shape, c.shape) && dtype == c.dtype
                && Arrays.equals(fillElement, c.fillElement);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "ChunkSpec[" + dtype.numpyName() + " " + Arrays.toString(shape) + "]";
    }
}
