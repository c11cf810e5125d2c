package org.zarrrelay.job;

import java.nio.file.Path;
import java.util.Arrays;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * Exports a region of an array to a file, slab by slab along the first axis the region keeps, so
 * memory stays bounded by the slab budget. The file appears under its name only when complete.
 */
public final class ExportService {
    /** Default most bytes of voxels held at once. */
    public static final long DEFAULT_SLAB_BYTES = 256L << 20;

    private final long slabBytes;

    public ExportService(long slabBytes) {
        if (slabBytes <= 0) {
            throw new IllegalArgumentException("slab budget must be positive, got " + slabBytes);
        }
        this.slabBytes = slabBytes;
    }

    public ExportService() {
        this(DEFAULT_SLAB_BYTES);
    }

    /** What an export wrote. */
    public record Result(Path file, long[] shape, String dtype, long voxelBytes) {
    }

    public Result export(ZarrArray array, Region region, VolumeFormat format, Path out, Progress progress) {
        var dtype = array.metadata().dtype();
        if (!format.supports(dtype)) {
            throw new RelayException(format.name() + " files cannot hold " + dtype.numpyName() + " voxels of "
                    + array.describe() + ": export as npy instead");
        }
        int[] fileShape = region.squeezedShape();
        if (fileShape.length == 0) {
            throw new RelayException("region " + region + " selects a single voxel on every axis: keep at least one axis"
                    + " as start:stop");
        }
        long[] fileShapeLong = Arrays.stream(fileShape).asLongStream().toArray();
        boolean[] indexed = region.indexed();
        int axis = 0;
        while (indexed[axis]) {
            axis++;
        }
        long[] offset = region.offset();
        int[] shape = region.shape();
        long planeBytes = region.elementCount() / shape[axis] * dtype.size();
        long total = region.elementCount() * dtype.size();
        long done = 0;
        try (VolumeWriter writer = format.create(out, dtype, fileShapeLong, org.zarrrelay.format.FileInfo.NONE)) {
            for (Slabs.Slab slab : Slabs.plan(offset[axis], shape[axis], array.metadata().chunkShape()[axis], planeBytes, slabBytes)) {
                long[] slabOffset = offset.clone();
                int[] slabShape = shape.clone();
                slabOffset[axis] = slab.start();
                slabShape[axis] = slab.count();
                Volume part = array.read(slabOffset, slabShape);
                int[] squeezed = fileShape.clone();
                squeezed[0] = slab.count();
                // dropping axes of extent 1 leaves C-order bytes as they are
                writer.writeSlab(new Volume(dtype, squeezed, part.data()));
                done += part.data().length;
                progress.update(done, total);
            }
            writer.commit();
        }
        return new Result(out, fileShapeLong, dtype.numpyName(), total);
    }
}
