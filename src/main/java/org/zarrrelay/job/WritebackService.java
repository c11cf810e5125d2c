package org.zarrrelay.job;

import java.nio.file.Path;
import java.util.Arrays;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.ome.LabelImages;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.ome.Pyramid;
import org.zarrrelay.volume.Casts;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * The one entry point that writes a file back into an array: checks shape and type, converts
 * types where that is lossless or asked for, and writes slab by slab with slab boundaries on chunk
 * boundaries, so each chunk is rewritten once and memory stays bounded. Every element outside the
 * region keeps its bytes; each chunk is replaced atomically.
 */
public final class WritebackService {
    /** Levels a write-back may change: only the finest (default), or the level written and those coarser. */
    public static final String THIS_AND_COARSER = "this-and-coarser";

    private final long slabBytes;
    private final ArrayOpener opener;
    private final Downsampling defaultDownsampling;

    /**
     * @param defaultDownsampling the method for intensity images whose metadata declares none we
     *                            reproduce (label images use mode)
     */
    public WritebackService(long slabBytes, ArrayOpener opener, Downsampling defaultDownsampling) {
        if (slabBytes <= 0) {
            throw new IllegalArgumentException("slab budget must be positive, got " + slabBytes);
        }
        this.slabBytes = slabBytes;
        this.opener = opener;
        this.defaultDownsampling = defaultDownsampling;
    }

    public WritebackService() {
        this(ExportService.DEFAULT_SLAB_BYTES, ArrayOpener.DEFAULT, Downsampling.MEAN);
    }

    /**
     * Writes a returned file back where its export came from.
     *
     * @param cast "clamp", "round" or null; overrides the manifest's own
     */
    public void writeBack(Manifest manifest, Path file, String cast, Progress progress) {
        ZarrArray array = opener.open(manifest.storePath(), manifest.array());
        try (VolumeReader reader = Formats.forFile(file.getFileName().toString()).open(file)) {
            if (manifest.target() != null) {
                array = labelTarget(array, manifest.target(), reader.dtype());
            }
            if (!Arrays.equals(reader.shape(), manifest.fileShape())) {
                throw new RequestException(file.getFileName() + " has shape " + Arrays.toString(reader.shape())
                        + " but job " + manifest.id() + " exported " + Arrays.toString(manifest.fileShape())
                        + ": the file must keep the exported shape exactly (no cropping, padding or resampling)");
            }
            write(array, manifest.toRegion(), reader, file.getFileName().toString(), castMode(cast != null ? cast : manifest.cast()),
                    manifest.levels(), progress);
        }
    }

    /** Level 0 of the label image a result goes into, created on first use; the region is the same. */
    public static ZarrArray labelTarget(ZarrArray exported, String target, DataType resultType) {
        Multiscales ms = Multiscales.ofArray(exported.store(), exported.path());
        if (ms == null || ms.levelOf(exported.path()) != 0) {
            throw new RequestException("\"target\": \"" + target + "\" needs a region exported from level 0 of an"
                    + " OME-Zarr image, but " + exported.describe() + " is not one; export from level 0, or leave \"target\" out");
        }
        return LabelImages.ensure(exported.store(), ms, LabelImages.nameOf(target), resultType);
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

    /**
     * Writes the reader's volume into {@code region} of the array and, when the array is a level of
     * an OME-Zarr pyramid, recomputes the coarser levels inside the changed box.
     *
     * @param levels null (write the finest level only) or {@link #THIS_AND_COARSER}
     */
    public void write(ZarrArray array, Region region, VolumeReader in, String inName, Casts.Mode cast, String levels,
                      Progress progress) {
        DataType target = array.metadata().dtype();
        PyramidUpdate pyramid = pyramidOf(array, levels);
        if (in.dtype() != target && cast == Casts.Mode.LOSSLESS && !Casts.isLossless(in.dtype(), target)) {
            throw new RequestException(inName + " holds " + in.dtype().numpyName() + " voxels but " + array.describe() + " is "
                    + target.numpyName() + ", and converting would change values: save the result as "
                    + target.numpyName() + ", or allow the conversion with \"cast\": \"clamp\" or \"round\"");
        }
        if (!Arrays.equals(in.shape(), Arrays.stream(region.squeezedShape()).asLongStream().toArray())) {
            throw new RequestException(inName + " has shape " + Arrays.toString(in.shape()) + " but the region " + region
                    + " needs " + Arrays.toString(region.squeezedShape()));
        }
        boolean[] indexed = region.indexed();
        int axis = 0;
        while (indexed[axis]) {
            axis++;
        }
        long[] offset = region.offset();
        int[] shape = region.shape();
        long planeBytes = region.elementCount() / shape[axis] * Math.max(target.size(), in.dtype().size());
        long total = region.elementCount() * target.size();
        long done = 0;
        for (Slabs.Slab slab : Slabs.plan(offset[axis], shape[axis], array.metadata().chunkShape()[axis], planeBytes, slabBytes)) {
            Volume part = Casts.convert(in.readSlab(slab.start() - offset[axis], slab.count()), target, cast);
            long[] at = offset.clone();
            at[axis] = slab.start();
            int[] slabShape = shape.clone();
            slabShape[axis] = slab.count();
            array.write(at, new Volume(target, slabShape, part.data()));
            done += part.data().length;
            progress.update(done, total);
        }
        if (pyramid != null) {
            pyramid.pyramid().update(pyramid.level(), offset, shape, pyramid.method(), slabBytes);
        }
    }

    private record PyramidUpdate(Pyramid pyramid, int level, Downsampling method) {
    }

    /** The pyramid the array belongs to, checked before anything is written; null when it is no OME-Zarr level. */
    private PyramidUpdate pyramidOf(ZarrArray array, String levels) {
        if (levels != null && !levels.equals(THIS_AND_COARSER)) {
            throw new RequestException("\"levels\": \"" + levels + "\" is not known: use \"" + THIS_AND_COARSER
                    + "\" or leave it out");
        }
        Multiscales ms = Multiscales.ofArray(array.store(), array.path());
        if (ms == null) {
            return null;
        }
        int level = ms.levelOf(array.path());
        if (level > 0 && levels == null) {
            throw new RequestException(array.describe() + " is level " + level + " of a multiscale image: writing it"
                    + " would leave the finer levels disagreeing with it, so it is refused. Write level 0 instead, or ask"
                    + " for \"levels\": \"" + THIS_AND_COARSER + "\" to change this level and the coarser ones only");
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

    public static Casts.Mode castMode(String cast) {
        if (cast == null) {
            return Casts.Mode.LOSSLESS;
        }
        return switch (cast) {
            case "clamp" -> Casts.Mode.CLAMP;
            case "round" -> Casts.Mode.ROUND;
            default -> throw new RequestException("cast '" + cast + "' is not known: use clamp or round");
        };
    }
}
