package org.zarrrelay.job;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * A uint8 TIFF of the result's shape, 255 where the result and the store conflict, 0 elsewhere,
 * written slab by slab so a user can open it next to the result (in Fiji: as an overlay).
 */
final class ConflictMask {
    private ConflictMask() {
    }

    /**
     * @param result the result's voxels of an array box, converted to the array's type
     */
    static void write(Path file, String jobId, Region region, List<Region> slabs,
                      Function<Region, Volume> result, List<ZarrArray.ChunkPart> changed, ZarrArray base,
                      ZarrArray current) {
        long[] shape = Arrays.stream(region.squeezedShape()).asLongStream().toArray();
        try (VolumeWriter w = Formats.byName("tiff").create(file, DataType.UINT8, shape, new FileInfo(jobId, null, null, null))) {
            for (Region slab : slabs) {
                Volume mask = Volume.allocate(DataType.UINT8, slab.shape());
                if (ChunkMerges.touches(slab, changed)) {
                    ChunkMerges.mergeSlab(slab, result.apply(slab), changed, base, current, new ThreeWayMerge.Tally(), mask);
                }
                // the slab keeps the region's indexed axes at extent 1: the file leaves them out
                int[] squeezed = new Region(slab.offset(), slab.shape(), region.indexed()).squeezedShape();
                w.writeSlab(new Volume(DataType.UINT8, squeezed, mask.data()));
            }
            w.commit();
        }
    }
}
