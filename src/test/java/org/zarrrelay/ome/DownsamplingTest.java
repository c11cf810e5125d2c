package org.zarrrelay.ome;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

class DownsamplingTest {

    private static Volume of(DataType t, int[] shape, double... values) {
        Volume v = Volume.allocate(t, shape);
        for (int i = 0; i < values.length; i++) {
            v.setDouble(i, values[i]);
        }
        return v;
    }

    @Test
    void meanTruncatesIntegersAndAveragesOnlyExistingVoxelsAtTheEdge() {
        // 1 x 1 x 5 row, factor 2: blocks {1,2} {3,4} {9}
        Volume in = of(DataType.UINT16, new int[] {1, 1, 5}, 1, 2, 3, 4, 9);
        Volume out = Downsampling.MEAN.apply(in, new int[] {1, 1, 2});
        assertArrayEquals(new int[] {1, 1, 3}, out.shape());
        assertEquals(1, out.getLong(0), "1.5 truncates to 1");
        assertEquals(3, out.getLong(1), "3.5 truncates to 3");
        assertEquals(9, out.getLong(2), "the edge block holds one voxel, not 9/2");
    }

    /**
     * Mean and mode make one pass over the input, a row of blocks at a time; each must give what
     * its definition gives block by block, to the bit: every type, rank 0 to 4, borders that cut
     * blocks, empty axes, ties (mode: the smallest, uint64 ranked unsigned).
     */
    @Test
    void everyMethodEqualsItsDefinitionBlockByBlock() {
        Random random = new Random(11);
        for (int t = 0; t < 900; t++) {
            DataType type = DataType.values()[t % DataType.values().length];
            int rank = random.nextInt(5);
            int[] shape = new int[rank];
            int[] factors = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = random.nextInt(8);
                factors[d] = 1 + random.nextInt(3);
            }
            Volume in = Volume.allocate(type, shape);
            random.nextBytes(in.data());
            for (int i = 0; i < in.elementCount(); i++) {
                if (type.isFloat()) {
                    in.setDouble(i, random.nextGaussian() * 1000);
                } else if (t % 3 == 0) {
                    in.setLong(i, random.nextBoolean() ? -1 : 2);  // few values: ties; -1 is uint64's largest
                }
            }
            for (Downsampling method : Downsampling.values()) {
                Volume expected = blockByBlock(method, in, factors);
                Volume out = method.apply(in, factors);
                String what = method + " of " + type + " " + Arrays.toString(shape) + " by " + Arrays.toString(factors);
                assertArrayEquals(expected.shape(), out.shape(), what);
                assertArrayEquals(expected.data(), out.data(), what);
            }
        }
    }

    /**
     * Over a million voxels the mean and the mode are split by output planes between threads: each
     * output voxel still equals its block's mean (to the bit) or mode. Factors of 1 and 2 on the
     * last axis take the mean's pairwise row sums for small integers.
     */
    @Test
    void aLargeVolumeSplitBetweenThreadsGivesEachBlocksMeanAndMode() {
        Random random = new Random(13);
        int[] shape = {33, 181, 177};  // odd: the last planes, rows and columns are cut blocks
        for (DataType type : List.of(DataType.UINT16, DataType.INT32, DataType.FLOAT32, DataType.INT64)) {
            for (int[] f : List.of(new int[] {2, 2, 2}, new int[] {3, 1, 2}, new int[] {1, 2, 1})) {
                Volume in = Volume.allocate(type, shape);
                random.nextBytes(in.data());
                if (type.isFloat()) {
                    for (int i = 0; i < in.elementCount(); i++) {
                        in.setDouble(i, random.nextGaussian() * 1000);
                    }
                }
                Volume labels = Volume.allocate(type, shape);
                for (int i = 0; i < labels.elementCount(); i++) {
                    labels.setLong(i, random.nextInt(3) - 1);  // few values: ties, and -1
                }
                Volume mean = Downsampling.MEAN.apply(in, f);
                Volume mode = Downsampling.MODE.apply(labels, f);
                int[] o = mean.shape();
                for (int z = 0; z < o[0]; z++) {
                    for (int y = 0; y < o[1]; y++) {
                        for (int x = 0; x < o[2]; x++) {
                            double sum = 0;
                            int count = 0;
                            Map<Long, Integer> counts = new HashMap<>();
                            for (int k = z * f[0]; k < Math.min((z + 1) * f[0], shape[0]); k++) {
                                for (int j = y * f[1]; j < Math.min((y + 1) * f[1], shape[1]); j++) {
                                    for (int i = x * f[2]; i < Math.min((x + 1) * f[2], shape[2]); i++) {
                                        sum += in.getDouble(in.index(k, j, i));
                                        count++;
                                        counts.merge(labels.getLong(labels.index(k, j, i)), 1, Integer::sum);
                                    }
                                }
                            }
                            String where = type + " by " + Arrays.toString(f) + " at " + z + "," + y + "," + x;
                            double m = sum / count;
                            Volume one = Volume.allocate(type, 1);
                            one.setDouble(0, type.isFloat() ? m : m < 0 ? Math.ceil(m) : Math.floor(m));
                            assertEquals(one.getDouble(0), mean.getDouble(mean.index(z, y, x)), "mean of " + where);
                            int most = counts.values().stream().max(Integer::compare).orElseThrow();
                            long smallestOfMost = counts.entrySet().stream().filter(e -> e.getValue() == most)
                                    .mapToLong(Map.Entry::getKey).min().orElseThrow();
                            assertEquals(smallestOfMost, mode.getLong(mode.index(z, y, x)), "mode of " + where);
                        }
                    }
                }
            }
        }
    }

    /** Each output voxel from its own block, voxels met in C order: the definitions, slowly. */
    private static Volume blockByBlock(Downsampling method, Volume in, int[] factors) {
        int rank = in.rank();
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = (in.shape(d) + factors[d] - 1) / factors[d];
        }
        Volume out = Volume.allocate(in.dtype(), outShape);
        for (int o = 0; o < out.elementCount(); o++) {
            int[] lo = new int[rank];
            int[] hi = new int[rank];
            for (int d = rank - 1, rest = o; d >= 0; d--) {
                lo[d] = rest % outShape[d] * factors[d];
                hi[d] = Math.min(lo[d] + factors[d], in.shape(d));
                rest /= outShape[d];
            }
            List<Integer> block = new ArrayList<>();
            for (int i = 0; i < in.elementCount(); i++) {
                boolean inside = true;
                for (int d = rank - 1, rest = i; d >= 0; d--) {
                    int p = rest % in.shape(d);
                    inside &= p >= lo[d] && p < hi[d];
                    rest /= in.shape(d);
                }
                if (inside) {
                    block.add(i);
                }
            }
            switch (method) {
                case NEAREST -> out.setLong(o, in.getLong(block.get(0)));
                case MEAN -> {
                    double sum = 0;
                    for (int i : block) {
                        sum += in.getDouble(i);
                    }
                    double mean = sum / block.size();
                    out.setDouble(o, in.dtype().isFloat() ? mean : mean < 0 ? Math.ceil(mean) : Math.floor(mean));
                }
                case MODE -> {
                    Map<Long, Integer> counts = new HashMap<>();
                    block.forEach(i -> counts.merge(in.getLong(i), 1, Integer::sum));
                    boolean unsigned = in.dtype() == DataType.UINT64;
                    long best = 0;
                    int most = 0;
                    for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                        long v = e.getKey();
                        boolean smaller = unsigned ? Long.compareUnsigned(v, best) < 0 : v < best;
                        if (e.getValue() > most || e.getValue() == most && smaller) {
                            best = v;
                            most = e.getValue();
                        }
                    }
                    out.setLong(o, best);
                }
            }
        }
        return out;
    }

    @Test
    void meanOfNegativeIntegersTruncatesTowardZero() {
        Volume out = Downsampling.MEAN.apply(of(DataType.INT16, new int[] {1, 2}, -1, -2), new int[] {1, 2});
        assertEquals(-1, out.getLong(0), "-1.5 truncates to -1, as numpy's astype does");
    }

    @Test
    void meanKeepsFloats() {
        Volume out = Downsampling.MEAN.apply(of(DataType.FLOAT32, new int[] {2, 2}, 1, 2, 3, 5), new int[] {2, 2});
        assertEquals(2.75, out.getDouble(0), 1e-6);
    }

    @Test
    void modeTakesTheMostFrequentValueAndTheSmallestOnATie() {
        Volume in = of(DataType.UINT32, new int[] {2, 4}, 7, 7, 5, 9, 3, 7, 9, 5);
        Volume out = Downsampling.MODE.apply(in, new int[] {2, 2});
        assertEquals(7, out.getLong(0), "7 appears three times");
        assertEquals(5, out.getLong(1), "5 and 9 twice each: the smaller wins");
    }

    @Test
    void nearestTakesEachBlocksFirstVoxel() {
        Volume in = of(DataType.UINT8, new int[] {3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Volume out = Downsampling.NEAREST.apply(in, new int[] {2, 2});
        assertArrayEquals(new int[] {2, 2}, out.shape());
        assertEquals(1, out.getLong(0));
        assertEquals(3, out.getLong(1));
        assertEquals(7, out.getLong(2));
        assertEquals(9, out.getLong(3));
    }

    @Test
    void declaredMethodsWeReproduce() {
        assertEquals(Downsampling.MEAN, Downsampling.fromDeclared("local_mean"));
        assertEquals(Downsampling.NEAREST, Downsampling.fromDeclared("nearest"));
        assertEquals(null, Downsampling.fromDeclared("gaussian"));
    }
}
