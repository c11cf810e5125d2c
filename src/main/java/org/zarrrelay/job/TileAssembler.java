package org.zarrrelay.job;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.RawVolumeFile;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;

/**
 * Turns the tiles a region is moved in into what a file format is written in: tiles that are
 * whole-plane slabs go straight through, in order; other tiles (a wide region whose planes do not
 * fit the slab budget) go straight into the file as boxes where its format keeps the voxels as one
 * raw run ({@link org.zarrrelay.format.VolumeWriter#writesBoxes}), else through a staging file
 * beside the output that is then read back in slabs.
 */
final class TileAssembler implements AutoCloseable {
    /** Takes the file's slabs of whole planes, in order, in the file's shape. */
    @FunctionalInterface
    interface SlabSink {
        void accept(Volume slab);
    }

    /** Takes boxes of the file, in any order: {@code at} in the file's axes. */
    @FunctionalInterface
    interface BoxSink {
        void accept(long[] at, Volume box);
    }

    private final Region region;
    private final DataType dtype;
    private final long[] fileShape;
    private final long slabBytes;
    private final SlabSink sink;
    private final BoxSink boxes;
    private final RawVolumeFile stage;

    /**
     * @param tiles the tiles (array boxes) that {@link #add} will be given
     * @param dir   where a staging file is made when needed
     * @param boxes where tiles that are not whole planes go, or null when the file takes only slabs
     */
    TileAssembler(Region region, List<Region> tiles, DataType dtype, Path dir, String name, long slabBytes, SlabSink sink,
                  BoxSink boxes) {
        this.region = region;
        this.dtype = dtype;
        this.fileShape = Arrays.stream(region.squeezedShape()).asLongStream().toArray();
        this.slabBytes = slabBytes;
        this.sink = sink;
        boolean whole = !staged(tiles, region);
        this.boxes = whole ? null : boxes;
        this.stage = whole || boxes != null ? null : RawVolumeFile.create(dir, name, dtype, fileShape);
    }

    /** Whether the region's bytes pass twice, through a staging file. */
    boolean staging() {
        return stage != null;
    }

    /** Whether tiles go into the file as boxes, so the slab sink is never called. */
    boolean byBoxes() {
        return boxes != null;
    }

    /**
     * Whether tiles of {@code region} need a staging file: they are not slabs of whole planes of
     * its file (a file of one or two axes is one plane).
     */
    static boolean staged(List<Region> tiles, Region region) {
        if (region.squeezedShape().length <= 2) {
            return tiles.size() > 1;
        }
        return !Tiles.wholeAfter(tiles, region, WritebackService.firstKeptAxis(region));
    }

    /** Bytes of one plane of the region's file: axes after the first, or the whole file of up to two axes. */
    static long planeBytes(Region region, DataType dtype) {
        return planeBytes(Arrays.stream(region.squeezedShape()).asLongStream().toArray(), dtype);
    }

    /** Bytes of one plane of a file of {@code shape}. */
    static long planeBytes(long[] shape, DataType dtype) {
        long bytes = dtype.size();
        for (int d = shape.length <= 2 ? 0 : 1; d < shape.length; d++) {
            bytes *= shape[d];
        }
        return bytes;
    }

    /**
     * The file's slabs of whole planes, under {@code slabBytes} (but one plane at least), each as
     * {@code {start, count}} of axis 0; a file of up to two axes is a single slab.
     */
    static List<long[]> slabs(long[] shape, DataType dtype, long slabBytes) {
        long planes = shape.length <= 2 ? 1 : shape[0];
        return Slabs.planes(planes, planeBytes(shape, dtype), slabBytes).stream()
                .map(s -> shape.length <= 2 ? new long[] {0, shape[0]} : new long[] {s.start(), s.count()}).toList();
    }

    /** One tile, shaped as its array box; tiles arrive in the plan's order. */
    void add(Region tile, Volume part) {
        // the region's indexed axes have extent 1: leaving them out keeps C-order bytes as they are
        int[] squeezed = new Region(tile.offset(), tile.shape(), region.indexed()).squeezedShape();
        Volume inFile = new Volume(dtype, squeezed, part.data());
        if (boxes != null) {
            boxes.accept(fileOffset(region, tile), inFile);
        } else if (stage != null) {
            stage.write(fileOffset(region, tile), inFile);
        } else {
            sink.accept(inFile);
        }
    }

    /** Hands the staged file on in slabs of whole planes; nothing to do when the tiles went straight through. */
    void finish() {
        if (stage == null) {
            return;
        }
        for (long[] slab : slabs(fileShape, dtype, slabBytes)) {
            sink.accept(stage.readPlanes(slab[0], (int) slab[1]));
        }
    }

    /** Where an array box of {@code region} starts in the coordinates of the region's file. */
    static long[] fileOffset(Region region, Region tile) {
        boolean[] indexed = region.indexed();
        long[] at = new long[region.squeezedShape().length];
        for (int d = 0, k = 0; d < indexed.length; d++) {
            if (!indexed[d]) {
                at[k++] = tile.offset()[d] - region.offset()[d];
            }
        }
        return at;
    }

    @Override
    public void close() {
        if (stage != null) {
            stage.close();
        }
    }
}
