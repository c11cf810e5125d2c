package org.zarrrelay.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VolumeTest {
    /** The run accessors give and store what the one-element ones do, for every type, from any element on. */
    @Test
    void runsOfDoublesEqualElementByElement() {
        Random random = new Random(5);
        for (DataType type : DataType.values()) {
            Volume in = Volume.allocate(type, 37);
            random.nextBytes(in.data());
            double[] run = new double[30];
            in.getDoubles(4, run, 30);
            for (int k = 0; k < 30; k++) {
                assertEquals(in.getDouble(4 + k), run[k], type + " element " + (4 + k));
            }
            double[] values = new double[30];
            for (int k = 0; k < values.length; k++) {
                values[k] = type.isFloat() ? random.nextGaussian() * 1e4 : random.nextInt(1 << 20) - (1 << 19) + 0.5;
            }
            Volume bulk = Volume.allocate(type, 37);
            Volume single = Volume.allocate(type, 37);
            bulk.setDoubles(3, values, 30);
            for (int k = 0; k < 30; k++) {
                single.setDouble(3 + k, values[k]);
            }
            assertArrayEquals(single.data(), bulk.data(), type.toString());
        }
    }

    /** Pairs and single elements, an odd element out at the end, signed and unsigned: the sums element by element. */
    @Test
    void groupSumsAddEachGroupToItsSum() {
        Random random = new Random(6);
        for (DataType type : DataType.values()) {
            if (type.isFloat() || type.size() > 4) {
                assertThrows(IllegalArgumentException.class,
                        () -> Volume.allocate(type, 4).addGroupSums(0, 4, 2, new double[2], 0), type.toString());
                continue;
            }
            Volume in = Volume.allocate(type, 41);
            random.nextBytes(in.data());
            if (type == DataType.BOOL) {
                for (int i = 0; i < in.elementCount(); i++) {
                    in.setLong(i, random.nextInt(2));
                }
            }
            for (int group = 1; group <= 2; group++) {
                for (int count : new int[] {0, 1, 6, 33}) {
                    double[] sums = new double[40];
                    double[] expected = new double[40];
                    for (int s = 0; s < 40; s++) {
                        sums[s] = s;
                        expected[s] = s;
                    }
                    in.addGroupSums(5, count, group, sums, 2);
                    for (int k = 0; k < count; k++) {
                        expected[2 + k / group] += in.getLong(5 + k);
                    }
                    assertArrayEquals(expected, sums, type + " in groups of " + group + ", " + count + " elements");
                }
            }
        }
    }
}
