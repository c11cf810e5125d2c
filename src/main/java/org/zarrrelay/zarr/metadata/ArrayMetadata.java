package org.zarrrelay.zarr.metadata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.ChunkSpec;
import org.zarrrelay.zarr.codec.CodecPipeline;

/**
 * What an array is, independent of the Zarr version that stored it. {@code chunkShape} is the
 * shape of one stored object (for a sharded array, one shard).
 */
public record ArrayMetadata(int zarrFormat, long[] shape, int[] chunkShape, DataType dtype, byte[] fillElement,
                            CodecPipeline codecs, ChunkKeyEncoding keyEncoding, ObjectNode attributes,
                            List<String> dimensionNames) {

    public ArrayMetadata {
        if (zarrFormat != 2 && zarrFormat != 3) {
            throw new ZarrException("zarr_format " + zarrFormat + " is not supported: use 2 or 3");
        }
        shape = shape.clone();
        chunkShape = chunkShape.clone();
        fillElement = fillElement.clone();
        attributes = attributes == null ? JsonNodeFactory.instance.objectNode() : attributes.deepCopy();
        dimensionNames = dimensionNames == null ? null : List.copyOf(dimensionNames);
        if (shape.length != chunkShape.length) {
            throw new ZarrException("shape " + Arrays.toString(shape) + " and chunk shape " + Arrays.toString(chunkShape)
                    + " have different numbers of axes");
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0 || chunkShape[d] <= 0) {
                throw new ZarrException("shape " + Arrays.toString(shape) + " must be non-negative and chunk shape "
                        + Arrays.toString(chunkShape) + " positive");
            }
        }
        if (fillElement.length != dtype.size()) {
            throw new ZarrException("fill value has " + fillElement.length + " bytes; " + dtype.numpyName() + " needs "
                    + dtype.size());
        }
        if (dimensionNames != null && dimensionNames.size() != shape.length) {
            throw new ZarrException("dimension_names " + dimensionNames + " must name all " + shape.length + " axes");
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int[] chunkShape() {
        return chunkShape.clone();
    }

    @Override
    public byte[] fillElement() {
        return fillElement.clone();
    }

    @Override
    public ObjectNode attributes() {
        return attributes.deepCopy();
    }

    public int rank() {
        return shape.length;
    }

    /** What one stored chunk decodes to. */
    public ChunkSpec chunkSpec() {
        return new ChunkSpec(chunkShape, dtype, fillElement);
    }

    /** Number of chunks along each axis. */
    public long[] chunkGrid() {
        long[] grid = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            grid[d] = (shape[d] + chunkShape[d] - 1) / chunkShape[d];
        }
        return grid;
    }

    public ArrayMetadata withAttributes(ObjectNode newAttributes) {
        return new ArrayMetadata(zarrFormat, shape, chunkShape, dtype, fillElement, codecs, keyEncoding, newAttributes,
                dimensionNames);
    }
}
