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
 * written tile by tile so a user can open it next to the result (in Fiji: as an overlay).
 */
final class ConflictMask {
    private ConflictMask() {
    }

    /**
     * @param tiles  the array boxes the region is checked in
     * @param result the result's voxels of an array box, converted to the array's type
     */
    static void write(Path file, String jobId, Region region, List<Region> tiles,
                      Function<Region, Volume> result, List<ZarrArray.ChunkPart> changed, ZarrArray base,
                      ZarrArray current, long slabBytes) {
        long[] shape = Arrays.stream(region.squeezedShape()).asLongStream().toArray();
        try (VolumeWriter w = Formats.byName("tiff").create(file, DataType.UINT8, shape, new FileInfo(jobId, null, null, null));
             TileAssembler mask = new TileAssembler(region, tiles, DataType.UINT8, file.toAbsolutePath().getParent(),
                     file.getFileName().toString(), slabBytes, w::writeSlab, w::writeBox)) {
            for (Region tile : tiles) {
                Volume marks = Volume.allocate(DataType.UINT8, tile.shape());
                if (ChunkMerges.touches(tile, changed)) {
                    ChunkMerges.mergeSlab(tile, result.apply(tile), changed, base, current, new ThreeWayMerge.Tally(), marks);
                }
                mask.add(tile, marks);
            }
            mask.finish();
            w.commit();
        }
    }
}
