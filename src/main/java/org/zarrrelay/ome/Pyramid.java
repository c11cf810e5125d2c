package org.zarrrelay.ome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.TileGrid;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;

/**
 * The levels of a multiscale image, checked to form a proper pyramid: integer downsampling
 * factors between consecutive levels (from the ratio of their scales) and level shapes that are
 * the floor or ceiling of the level above divided by them. {@link #update} recomputes the coarser
 * levels inside a changed box only, tile by tile on the coarser level's chunk grid.
 */
public final class Pyramid {
    private static final double TOLERANCE = 1e-6;

    private final Multiscales multiscales;
    private final List<ZarrArray> levels;
    private final int[][] factors;

    private Pyramid(Multiscales multiscales, List<ZarrArray> levels, int[][] factors) {
        this.multiscales = multiscales;
        this.levels = levels;
        this.factors = factors;
    }

    /** Opens every level with {@code open} (store path to array) and checks the pyramid's geometry. */
    public static Pyramid open(Multiscales ms, Function<String, ZarrArray> open) {
        List<ZarrArray> arrays = new ArrayList<>();
        for (int i = 0; i < ms.levels().size(); i++) {
            arrays.add(open.apply(ms.fullPath(i)));
        }
        int rank = ms.axes().size();
        int[][] factors = new int[arrays.size()][];
        factors[0] = new int[rank];
        Arrays.fill(factors[0], 1);
        for (int l = 1; l < arrays.size(); l++) {
            double[] finer = ms.levels().get(l - 1).scale();
            double[] coarser = ms.levels().get(l).scale();
            long[] finerShape = arrays.get(l - 1).metadata().shape();
            long[] shape = arrays.get(l).metadata().shape();
            if (shape.length != rank || finerShape.length != rank) {
                throw new OmeException("level '" + ms.fullPath(l) + "' has " + shape.length + " axes but the multiscales"
                        + " metadata declares " + rank);
            }
            factors[l] = new int[rank];
            for (int d = 0; d < rank; d++) {
                double ratio = coarser[d] / finer[d];
                long f = Math.round(ratio);
                if (f < 1 || Math.abs(ratio - f) > TOLERANCE * Math.max(1, ratio)) {
                    throw new OmeException("levels '" + ms.fullPath(l - 1) + "' and '" + ms.fullPath(l) + "' have scales "
                            + Arrays.toString(finer) + " and " + Arrays.toString(coarser) + ": the factor " + ratio
                            + " on axis " + ms.axes().get(d).name() + " is not a whole number, so the pyramid cannot be"
                            + " recomputed; nothing was written");
                }
                factors[l][d] = (int) f;
                long floor = finerShape[d] / f;
                long ceil = (finerShape[d] + f - 1) / f;
                if (shape[d] != floor && shape[d] != ceil) {
                    throw new OmeException("level '" + ms.fullPath(l) + "' has shape " + Arrays.toString(shape)
                            + " but level '" + ms.fullPath(l - 1) + "' (shape " + Arrays.toString(finerShape)
                            + ") downsampled by " + Arrays.toString(factors[l]) + " gives " + floor + " or " + ceil
                            + " on axis " + ms.axes().get(d).name() + "; nothing was written");
                }
            }
        }
        return new Pyramid(ms, List.copyOf(arrays), factors);
    }

    public Multiscales multiscales() {
        return multiscales;
    }

    public int levelCount() {
        return levels.size();
    }

    public ZarrArray level(int i) {
        return levels.get(i);
    }

    /** The factors from level {@code l - 1} to level {@code l}. */
    public int[] factors(int l) {
        return factors[l].clone();
    }

    /** A box of one level: what an update of a finer level rewrites there. */
    public record LevelBox(int level, long[] offset, int[] shape) {
    }

    /**
     * The boxes of levels {@code from + 1} onwards that {@link #update} rewrites after the box
     * {@code [offset, offset + shape)} of level {@code from} changed: at each level, the finer box
     * widened to whole downsampling blocks and divided by the factors.
     */
    public List<LevelBox> affected(int from, long[] offset, int[] shape) {
        int rank = shape.length;
        long[] lo = offset.clone();
        long[] hi = new long[rank];
        for (int d = 0; d < rank; d++) {
            hi[d] = offset[d] + shape[d];
        }
        List<LevelBox> boxes = new ArrayList<>();
        for (int l = from + 1; l < levels.size(); l++) {
            long[] coarserShape = levels.get(l).metadata().shape();
            int[] f = factors[l];
            long[] outLo = new long[rank];
            int[] outShape = new int[rank];
            for (int d = 0; d < rank; d++) {
                outLo[d] = lo[d] / f[d];
                long outHi = Math.min((hi[d] + f[d] - 1) / f[d], coarserShape[d]);
                outShape[d] = (int) (outHi - outLo[d]);
                hi[d] = outHi;
            }
            boxes.add(new LevelBox(l, outLo, outShape));
            lo = outLo;
        }
        return boxes;
    }

    /**
     * Recomputes levels {@code from + 1} onwards inside the box {@code [offset, offset + shape)} of
     * level {@code from}, each from the level above it, widened to whole downsampling blocks.
     *
     * @param slabBytes the most bytes of the finer level read at once
     */
    public void update(int from, long[] offset, int[] shape, Downsampling method, long slabBytes) {
        update(from, offset, shape, method, slabBytes, Progress.NONE);
    }

    /** Told how many bytes of finer levels have been read and reduced, of how many the update reads. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long doneBytes, long totalBytes);
    }

    /** As {@link #update(int, long[], int[], Downsampling, long)}, telling {@code progress} after each tile. */
    public void update(int from, long[] offset, int[] shape, Downsampling method, long slabBytes, Progress progress) {
        int rank = shape.length;
        List<LevelBox> boxes = affected(from, offset, shape);
        long total = 0;
        for (LevelBox box : boxes) {
            total += sourceBytes(box);
        }
        long done = 0;
        progress.update(0, total);
        for (LevelBox box : boxes) {
            int l = box.level();
            ZarrArray finer = levels.get(l - 1);
            ZarrArray coarser = levels.get(l);
            long[] finerShape = finer.metadata().shape();
            int[] f = factors[l];
            long[] outLo = box.offset();
            // tiles of the coarser level on its chunk grid, each reading at most slabBytes of the finer one
            long sourceBytes = finer.metadata().dtype().size();
            for (int d = 0; d < rank; d++) {
                sourceBytes *= f[d];
            }
            for (Region tile : TileGrid.plan(outLo, box.shape(), coarser.metadata().chunkShape(), sourceBytes, slabBytes)) {
                long[] srcAt = new long[rank];
                int[] srcShape = new int[rank];
                long[] dstAt = tile.offset();
                int[] dstShape = tile.shape();
                for (int d = 0; d < rank; d++) {
                    srcAt[d] = dstAt[d] * f[d];
                    srcShape[d] = (int) (Math.min((dstAt[d] + dstShape[d]) * f[d], finerShape[d]) - srcAt[d]);
                }
                Volume reduced = method.apply(finer.read(srcAt, srcShape), f);
                if (!Arrays.equals(reduced.shape(), dstShape)) {
                    // a level whose shape was floored drops the last partial block
                    Volume clipped = Volume.allocate(reduced.dtype(), dstShape);
                    BoxCopy.copy(reduced, new int[rank], clipped, new int[rank], dstShape);
                    reduced = clipped;
                }
                coarser.write(dstAt, reduced);
                done += (long) finer.metadata().dtype().size() * Region.of(srcAt, srcShape).elementCount();
                progress.update(done, total);
            }
        }
    }

    /** The bytes of the finer level a level's box is computed from (the box's blocks, inside the finer level). */
    private long sourceBytes(LevelBox box) {
        int l = box.level();
        long[] finerShape = levels.get(l - 1).metadata().shape();
        long elements = 1;
        for (int d = 0; d < box.shape().length; d++) {
            long lo = box.offset()[d] * factors[l][d];
            elements *= Math.min((box.offset()[d] + box.shape()[d]) * factors[l][d], finerShape[d]) - lo;
        }
        return elements * levels.get(l - 1).metadata().dtype().size();
    }
}
