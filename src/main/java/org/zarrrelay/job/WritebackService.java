package org.zarrrelay.job;

import java.util.Arrays;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * Writes a file's volume into an array at an offset, slab by slab, with slab boundaries on chunk
 * boundaries so each chunk is rewritten once. Every element outside the box keeps its bytes.
 */
public final class WritebackService {
    private final long slabBytes;

    public WritebackService(long slabBytes) {
        if (slabBytes <= 0) {
            throw new IllegalArgumentException("slab budget must be positive, got " + slabBytes);
        }
        this.slabBytes = slabBytes;
    }

    public WritebackService() {
        this(ExportService.DEFAULT_SLAB_BYTES);
    }

    /**
     * @param offset where the file's first voxel goes, one entry per array axis; a file with fewer
     *               axes than the array fills the last axes (the leading ones have extent 1)
     */
    public void writeBack(ZarrArray array, long[] offset, VolumeReader in, String inName, Progress progress) {
        var meta = array.metadata();
        long[] arrayShape = meta.shape();
        if (in.dtype() != meta.dtype()) {
            throw new RelayException(inName + " holds " + in.dtype().numpyName() + " voxels but " + array.describe()
                    + " is " + meta.dtype().numpyName() + ": convert the file to " + meta.dtype().numpyName() + " first");
        }
        long[] fileShape = in.shape();
        int rank = arrayShape.length;
        if (offset.length != rank) {
            throw new RelayException("offset " + Arrays.toString(offset) + " has " + offset.length + " axes but "
                    + array.describe() + " has " + rank + ": give one offset per axis");
        }
        if (fileShape.length > rank || fileShape.length == 0) {
            throw new RelayException(inName + " has " + fileShape.length + " axes, " + array.describe() + " has " + rank
                    + ": the file must have between 1 and " + rank + " axes");
        }
        int lead = rank - fileShape.length;
        int[] box = new int[rank];
        for (int d = 0; d < rank; d++) {
            long extent = d < lead ? 1 : fileShape[d - lead];
            if (offset[d] < 0 || offset[d] + extent > arrayShape[d]) {
                throw new RelayException(inName + " (shape " + Arrays.toString(fileShape) + ") placed at offset "
                        + Arrays.toString(offset) + " does not fit " + array.describe() + " (shape "
                        + Arrays.toString(arrayShape) + ") on axis " + d + ": choose an offset with offset + size <= shape");
            }
            box[d] = (int) extent;
        }
        int axis = lead;
        long planeBytes = Volume.elementCount(box) / box[axis] * meta.dtype().size();
        long total = Volume.elementCount(box) * meta.dtype().size();
        long done = 0;
        for (Slabs.Slab slab : Slabs.plan(offset[axis], box[axis], meta.chunkShape()[axis], planeBytes, slabBytes)) {
            Volume part = in.readSlab(slab.start() - offset[axis], slab.count());
            long[] at = offset.clone();
            at[axis] = slab.start();
            int[] shape = box.clone();
            shape[axis] = slab.count();
            array.write(at, new Volume(meta.dtype(), shape, part.data()));
            done += part.data().length;
            progress.update(done, total);
        }
    }
}
