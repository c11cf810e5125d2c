package org.zarrrelay.volume;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense N-dimensional block of elements in memory: C order (last axis fastest), little-endian
 * bytes. One byte layout for every type keeps copies between volumes plain {@code arraycopy}s;
 * typed access goes through var handles, which the JIT turns into single loads and stores.
 */
public final class Volume {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final DataType dtype;
    private final int[] shape;
    private final byte[] data;

    /** Wraps existing bytes; they must hold exactly {@code product(shape) * dtype.size()} bytes. */
    public Volume(DataType dtype, int[] shape, byte[] data) {
        long bytes = elementCount(shape) * dtype.size();
        if (bytes != data.length) {
            throw new IllegalArgumentException("a " + dtype.numpyName() + " volume of shape " + Arrays.toString(shape)
                    + " needs " + bytes + " bytes, got " + data.length);
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    /** A zero-filled volume. */
    public static Volume allocate(DataType dtype, int... shape) {
        long bytes = elementCount(shape) * dtype.size();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + dtype.numpyName() + " volume of shape " + Arrays.toString(shape)
                    + " is " + bytes + " bytes, over the 2 GiB that one in-memory block can hold: work in smaller slabs");
        }
        return new Volume(dtype, shape, new byte[(int) bytes]);
    }

    public static long elementCount(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            }
            n *= s;
        }
        return n;
    }

    public DataType dtype() {
        return dtype;
    }

    public int rank() {
        return shape.length;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int shape(int axis) {
        return shape[axis];
    }

    public int elementCount() {
        return data.length / dtype.size();
    }

    /** The backing bytes (little-endian, C order), shared, not copied. */
    public byte[] data() {
        return data;
    }

    /** Sets every element to the given element bytes (one element, little-endian). */
    public void fill(byte[] element) {
        if (element.length != dtype.size()) {
            throw new IllegalArgumentException("fill element has " + element.length + " bytes, " + dtype.numpyName()
                    + " needs " + dtype.size());
        }
        if (data.length == 0) {
            return;
        }
        System.arraycopy(element, 0, data, 0, element.length);
        // doubling copy: log2(n) arraycopies instead of n element writes
        for (int filled = element.length; filled < data.length; filled *= 2) {
            System.arraycopy(data, 0, data, filled, Math.min(filled, data.length - filled));
        }
    }

    /** Element {@code i} (flat C-order index) as a double; uint64 above 2^63 comes out positive. */
    public double getDouble(int i) {
        int at = i * dtype.size();
        return switch (dtype) {
            case BOOL, UINT8 -> data[at] & 0xff;
            case INT8 -> data[at];
            case INT16 -> (short) SHORT.get(data, at);
            case UINT16 -> ((short) SHORT.get(data, at)) & 0xffff;
            case INT32 -> (int) INT.get(data, at);
            case UINT32 -> ((int) INT.get(data, at)) & 0xffffffffL;
            case INT64 -> (long) LONG.get(data, at);
            case UINT64 -> unsignedToDouble((long) LONG.get(data, at));
            case FLOAT32 -> (float) FLOAT.get(data, at);
            case FLOAT64 -> (double) DOUBLE.get(data, at);
        };
    }

    /** Elements {@code [from, from + count)} as {@link #getDouble} gives them, into {@code dst[0, count)}: one type switch for the run. */
    public void getDoubles(int from, double[] dst, int count) {
        int at = from * dtype.size();
        switch (dtype) {
            case BOOL, UINT8 -> {
                for (int k = 0; k < count; k++) {
                    dst[k] = data[at + k] & 0xff;
                }
            }
            case UINT16 -> {
                for (int k = 0; k < count; k++) {
                    dst[k] = ((short) SHORT.get(data, at + 2 * k)) & 0xffff;
                }
            }
            case INT16 -> {
                for (int k = 0; k < count; k++) {
                    dst[k] = (short) SHORT.get(data, at + 2 * k);
                }
            }
            case FLOAT32 -> {
                for (int k = 0; k < count; k++) {
                    dst[k] = (float) FLOAT.get(data, at + 4 * k);
                }
            }
            default -> {
                for (int k = 0; k < count; k++) {
                    dst[k] = getDouble(from + k);
                }
            }
        }
    }

    /**
     * Adds elements {@code [from, from + count)} to {@code sums[at], sums[at + 1], ...}, {@code group}
     * (1 or 2) consecutive elements to each, the last group short when {@code count} is odd. For
     * integer types of 32 bits or fewer, whose sums doubles hold exactly in any order of addition:
     * a pair is added as integers, then once to its sum.
     */
    public void addGroupSums(int from, int count, int group, double[] sums, int at) {
        if (dtype.isFloat() || dtype.size() > 4 || group < 1 || group > 2) {
            throw new IllegalArgumentException("group sums are for integers of up to 32 bits, in groups of 1 or 2: "
                    + dtype.numpyName() + ", " + group);
        }
        int pairs = group == 2 ? count / 2 : 0;
        int b = from * dtype.size();
        switch (dtype) {
            case BOOL, UINT8 -> {
                for (int k = 0; k < pairs; k++) {
                    sums[at + k] += (data[b + 2 * k] & 0xff) + (data[b + 2 * k + 1] & 0xff);
                }
            }
            case UINT16 -> {
                for (int k = 0; k < pairs; k++) {
                    sums[at + k] += (((short) SHORT.get(data, b + 4 * k)) & 0xffff) + (((short) SHORT.get(data, b + 4 * k + 2)) & 0xffff);
                }
            }
            case INT16 -> {
                for (int k = 0; k < pairs; k++) {
                    sums[at + k] += (short) SHORT.get(data, b + 4 * k) + (short) SHORT.get(data, b + 4 * k + 2);
                }
            }
            default -> {
                for (int k = 0; k < pairs; k++) {
                    sums[at + k] += getLong(from + 2 * k) + getLong(from + 2 * k + 1);
                }
            }
        }
        // single elements: every one when group is 1, the odd one out when it is 2
        for (int k = 2 * pairs, s = at + pairs; k < count; k++, s++) {
            sums[s] += getLong(from + k);
        }
    }

    /** Element {@code i} as a long (floats truncated toward zero; uint64 as its two's-complement bits). */
    public long getLong(int i) {
        int at = i * dtype.size();
        return switch (dtype) {
            case BOOL, UINT8 -> data[at] & 0xff;
            case INT8 -> data[at];
            case INT16 -> (short) SHORT.get(data, at);
            case UINT16 -> ((short) SHORT.get(data, at)) & 0xffff;
            case INT32 -> (int) INT.get(data, at);
            case UINT32 -> ((int) INT.get(data, at)) & 0xffffffffL;
            case INT64, UINT64 -> (long) LONG.get(data, at);
            case FLOAT32 -> (long) (float) FLOAT.get(data, at);
            case FLOAT64 -> (long) (double) DOUBLE.get(data, at);
        };
    }

    /** Stores a double, converted the way a C cast would (integers wrap; callers check range first). */
    public void setDouble(int i, double v) {
        int at = i * dtype.size();
        switch (dtype) {
            case BOOL -> data[at] = (byte) (v != 0 ? 1 : 0);
            case INT8, UINT8 -> data[at] = (byte) (long) v;
            case INT16, UINT16 -> SHORT.set(data, at, (short) (long) v);
            case INT32, UINT32 -> INT.set(data, at, (int) (long) v);
            case INT64 -> LONG.set(data, at, (long) v);
            case UINT64 -> LONG.set(data, at, doubleToUnsigned(v));
            case FLOAT32 -> FLOAT.set(data, at, (float) v);
            case FLOAT64 -> DOUBLE.set(data, at, v);
        }
    }

    /** Stores {@code src[0, count)} at elements {@code [from, from + count)} as {@link #setDouble} does: one type switch for the run. */
    public void setDoubles(int from, double[] src, int count) {
        int at = from * dtype.size();
        switch (dtype) {
            case UINT8 -> {
                for (int k = 0; k < count; k++) {
                    data[at + k] = (byte) (long) src[k];
                }
            }
            case INT16, UINT16 -> {
                for (int k = 0; k < count; k++) {
                    SHORT.set(data, at + 2 * k, (short) (long) src[k]);
                }
            }
            case FLOAT32 -> {
                for (int k = 0; k < count; k++) {
                    FLOAT.set(data, at + 4 * k, (float) src[k]);
                }
            }
            default -> {
                for (int k = 0; k < count; k++) {
                    setDouble(from + k, src[k]);
                }
            }
        }
    }

    /** Stores a long (integer types keep the low bits; floats convert). */
    public void setLong(int i, long v) {
        int at = i * dtype.size();
        switch (dtype) {
            case BOOL -> data[at] = (byte) (v != 0 ? 1 : 0);
            case INT8, UINT8 -> data[at] = (byte) v;
            case INT16, UINT16 -> SHORT.set(data, at, (short) v);
            case INT32, UINT32 -> INT.set(data, at, (int) v);
            case INT64, UINT64 -> LONG.set(data, at, v);
            case FLOAT32 -> FLOAT.set(data, at, (float) v);
            case FLOAT64 -> DOUBLE.set(data, at, (double) v);
        }
    }

    /** Flat C-order index of a position. */
    public int index(int... position) {
        int idx = 0;
        for (int d = 0; d < shape.length; d++) {
            idx = idx * shape[d] + position[d];
        }
        return idx;
    }

    private static double unsignedToDouble(long bits) {
        double d = (double) (bits >>> 1) * 2.0;
        return d + (bits & 1);
    }

    private static long doubleToUnsigned(double v) {
        if (v < 9.223372036854775807E18) {
            return (long) v;
        }
        return ((long) (v / 2)) << 1;
    }

    /** True when both hold the same type, shape and bytes. */
    public boolean contentEquals(Volume other) {
        return dtype == other.dtype && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public String toString() {
        return "Volume[" + dtype.numpyName() + " " + Arrays.toString(shape) + "]";
    }
}
