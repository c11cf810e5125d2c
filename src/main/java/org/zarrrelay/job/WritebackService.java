package org.zarrrelay.job;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.ome.Pyramid;
import org.zarrrelay.volume.Casts;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * Writes a file's voxels into a region of an array, tile by tile with tile boundaries on chunk
 * boundaries ({@link Tiles}: each chunk is rewritten once and memory stays bounded), converting types as
 * asked, then recomputes the coarser levels of an OME-Zarr pyramid inside the changed box. Every
 * element outside the region keeps its bytes; each chunk is replaced atomically. This is the
 * engine step of a write-back: {@link WriteBack} wraps it in a transaction and merges each tile
 * with changes made since the export before it is written.
 */
public final class WritebackService {
    private final long slabBytes;
    private final Downsampling defaultDownsampling;

    /**
     * @param defaultDownsampling the method for intensity images whose metadata declares none we
     *                            reproduce (label images use mode)
     */
    public WritebackService(long slabBytes, Downsampling defaultDownsampling) {
        if (slabBytes <= 0) {
            throw new IllegalArgumentException("slab budget must be positive, got " + slabBytes);
        }
        this.slabBytes = slabBytes;
        this.defaultDownsampling = defaultDownsampling;
    }

    public WritebackService() {
        this(ExportService.DEFAULT_SLAB_BYTES, Downsampling.MEAN);
    }

    public long slabBytes() {
        return slabBytes;
    }

    /** Sees each tile, converted to the array's type, before it is written; may change it in place. */
    @FunctionalInterface
    interface TileHook {
        TileHook NONE = (offset, tile) -> { };

        /** @param offset where the tile starts in the array; the tile has the array's rank */
        void beforeWrite(long[] offset, Volume tile);
    }

    /** The coarser levels a write recomputes, checked before anything is written. */
    public record PyramidUpdate(Pyramid pyramid, int level, Downsampling method) {
        /** Recomputes the levels below the written one inside the box, telling {@code progress} the bytes read. */
        void apply(Region region, long slabBytes, Progress progress) {
            pyramid.update(level, region.offset(), region.shape(), method, slabBytes, progress::update);
        }
    }

    /**
     * Writes the reader's volume into {@code region} of the array and, when the array is a level of
     * an OME-Zarr pyramid, recomputes the coarser levels inside the changed box.
     */
    public void write(ZarrArray array, Region region, VolumeReader in, String inName, Casts.Mode cast, Levels levels,
                      Progress progress) {
        PyramidUpdate pyramid = pyramidOf(array, levels);
        writeTiles(array, region, in, inName, cast, progress, TileHook.NONE);
        if (pyramid != null) {
            progress.phase(JobProgress.Phase.PYRAMID);
            pyramid.apply(region, slabBytes, progress);
        }
    }

    /**
     * Writes the tiles only (no pyramid update), letting {@code hook} change each before it is
     * written. Tiles that are not whole planes are read from a staging copy of the file
     * ({@link StagedReader}) unless {@code in} reads boxes itself (a staging copy does).
     */
    void writeTiles(ZarrArray array, Region region, VolumeReader in, String inName, Casts.Mode cast, Progress progress,
                    TileHook hook) {
        checkFits(array, region, in, inName, cast);
        List<Region> tiles = tilesOf(array, region, in.dtype());
        try (StagedReader staged = TileAssembler.staged(tiles, region) && !in.readsBoxes()
                ? StagedReader.of(in, stageDir(), inName, slabBytes) : null) {
            VolumeReader source = staged != null ? staged : in;
            long total = region.elementCount() * array.metadata().dtype().size();
            long done = 0;
            for (Region tile : tiles) {
                Volume part = readTile(array, region, source, tile, cast);
                hook.beforeWrite(tile.offset(), part);
                array.write(tile.offset(), part);
                done += part.data().length;
                progress.update(done, total);
            }
        }
    }

    /** Where a staging copy of a file is made when its caller gave none: the Java temporary folder. */
    private static Path stageDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * The tiles {@link #writeTiles} cuts a region into, boxes of the array in order; refuses, before
     * anything is written, a region the heap cannot move.
     */
    List<Region> tilesOf(ZarrArray array, Region region, DataType fileType) {
        DataType target = array.metadata().dtype();
        int elementBytes = Math.max(target.size(), fileType.size());
        return Tiles.forFile(region, array.metadata().chunkShape(), elementBytes, fileType, slabBytes);
    }

    /**
     * A staging copy of {@code in} in {@code dir} when the tiles {@link #tilesOf} gives are not
     * whole planes and {@code in} cannot read boxes itself, for the caller to read them from and
     * close; null when {@code in} serves.
     * {@code progress} is told the bytes copied.
     */
    StagedReader stagedFor(ZarrArray array, Region region, VolumeReader in, Path dir, String inName, Progress progress) {
        return TileAssembler.staged(tilesOf(array, region, in.dtype()), region) && !in.readsBoxes()
                ? StagedReader.of(in, dir, inName, slabBytes, progress) : null;
    }

    /** One tile of the file, converted to the array's type, shaped as the array box {@code tile}. */
    static Volume readTile(ZarrArray array, Region region, VolumeReader in, Region tile, Casts.Mode cast) {
        int[] inFile = new Region(tile.offset(), tile.shape(), region.indexed()).squeezedShape();
        Volume part = Casts.convert(in.readBox(TileAssembler.fileOffset(region, tile), inFile), array.metadata().dtype(),
                cast);
        // dropping axes of extent 1 leaves C-order bytes as they are
        return new Volume(array.metadata().dtype(), tile.shape(), part.data());
    }

    private static void checkFits(ZarrArray array, Region region, VolumeReader in, String inName, Casts.Mode cast) {
        DataType target = array.metadata().dtype();
        if (in.dtype() != target && cast == Casts.Mode.LOSSLESS && !Casts.isLossless(in.dtype(), target)) {
            throw new RequestException(inName + " holds " + in.dtype().numpyName() + " voxels but " + array.describe() + " is "
                    + target.numpyName() + ", and converting would change values: save the result as "
                    + target.numpyName() + ", or allow the conversion with \"cast\": \"clamp\" or \"round\"");
        }
        if (!Arrays.equals(in.shape(), Arrays.stream(region.squeezedShape()).asLongStream().toArray())) {
            throw new RequestException(inName + " has shape " + Arrays.toString(in.shape()) + " but the region " + region
                    + " needs " + Arrays.toString(region.squeezedShape()));
        }
    }

    static int firstKeptAxis(Region region) {
        boolean[] indexed = region.indexed();
        int axis = 0;
        while (indexed[axis]) {
            axis++;
        }
        return axis;
    }

    /**
     * The pyramid the array belongs to, checked (factors, shapes, the level rule) before anything
     * is written; null when it is no OME-Zarr level.
     */
    public PyramidUpdate pyramidOf(ZarrArray array, Levels levels) {
        Multiscales ms = Multiscales.ofArray(array.store(), array.path());
        if (ms == null) {
            return null;
        }
        int level = ms.levelOf(array.path());
        if (level > 0 && levels != Levels.THIS_AND_COARSER) {
            throw new RequestException(array.describe() + " is level " + level + " of a multiscale image: writing it"
                    + " would leave the finer levels disagreeing with it, so it is refused. Write level 0 instead, or allow"
                    + " \"levels\": \"" + Levels.THIS_AND_COARSER.text() + "\" to change this level and the coarser ones only");
        }
        Pyramid pyramid = Pyramid.open(ms, path -> path.equals(array.path()) ? array
                : ZarrArray.open(array.store(), path));
        Downsampling method = Downsampling.fromDeclared(ms.method());
        if (method == null) {
            method = ms.labelImage() ? Downsampling.MODE : defaultDownsampling;
        }
        if (method == Downsampling.MODE && array.metadata().dtype().isFloat()) {
            method = Downsampling.MEAN;  // a mode of floats is meaningless; label images are integer
        }
        return new PyramidUpdate(pyramid, level, method);
    }

    /** The region a file of {@code fileShape} fills when placed at {@code offset} (leading missing axes have extent 1). */
    public static Region placement(long[] offset, long[] fileShape, long[] arrayShape, String what) {
        int rank = arrayShape.length;
        if (offset.length != rank) {
            throw new RequestException("offset " + Arrays.toString(offset) + " has " + offset.length + " axes but the array has "
                    + rank + ": give one offset per axis");
        }
        if (fileShape.length > rank || fileShape.length == 0) {
            throw new RequestException(what + " has " + fileShape.length + " axes, the array has " + rank
                    + ": the file must have between 1 and " + rank + " axes");
        }
        int lead = rank - fileShape.length;
        int[] shape = new int[rank];
        boolean[] indexed = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            long extent = d < lead ? 1 : fileShape[d - lead];
            indexed[d] = d < lead;
            if (offset[d] < 0 || offset[d] + extent > arrayShape[d]) {
                throw new RequestException(what + " (shape " + Arrays.toString(fileShape) + ") placed at offset "
                        + Arrays.toString(offset) + " does not fit the array (shape " + Arrays.toString(arrayShape)
                        + ") on axis " + d + ": choose an offset with offset + size <= shape");
            }
            shape[d] = (int) extent;
        }
        return new Region(offset, shape, indexed);
    }
}
