package org.zarrrelay.zarr.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH64, the 64-bit xxHash (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md), seed 0:
 * the content fingerprint of a chunk file. It detects any change a tool makes to a chunk with a
 * 2^-64 chance of missing it, and runs several times faster than SHA-256 here, which matters
 * because a write-back fingerprints every chunk it replaces, twice. Not a defence against someone
 * forging collisions: nothing in a lab's store does that.
 *
 * <p>Fed in blocks whose length is a multiple of {@value #STRIPE} bytes, then a last block of any
 * length, so a file can be hashed while it is read.
 */
final class Xxh64 {
    static final int STRIPE = 32;
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private long v1 = P1 + P2;
    private long v2 = P2;
    private long v3 = 0;
    private long v4 = -P1;
    private long total;

    /** The hash of a whole value. */
    static long of(byte[] data) {
        return new Xxh64().finish(data, 0, data.length);
    }

    /** Adds whole stripes: {@code length} must be a multiple of {@value #STRIPE}. */
    void update(byte[] data, int offset, int length) {
        if (length % STRIPE != 0) {
            throw new IllegalArgumentException("blocks before the last must be whole stripes of 32 bytes, got " + length);
        }
        stripes(data, offset, offset + length);
        total += length;
    }

    private void stripes(byte[] d, int from, int to) {
        long a = v1;
        long b = v2;
        long c = v3;
        long e = v4;
        for (int i = from; i < to; i += STRIPE) {
            a = round(a, (long) LONG.get(d, i));
            b = round(b, (long) LONG.get(d, i + 8));
            c = round(c, (long) LONG.get(d, i + 16));
            e = round(e, (long) LONG.get(d, i + 24));
        }
        v1 = a;
        v2 = b;
        v3 = c;
        v4 = e;
    }

    /** Adds the last block (any length) and returns the hash. */
    long finish(byte[] data, int offset, int length) {
        int whole = length - length % STRIPE;
        stripes(data, offset, offset + whole);
        long len = total + length;
        long acc;
        if (len >= STRIPE) {
            acc = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            acc = merge(acc, v1);
            acc = merge(acc, v2);
            acc = merge(acc, v3);
            acc = merge(acc, v4);
        } else {
            acc = P5;
        }
        acc += len;
        int i = offset + whole;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            acc ^= round(0, (long) LONG.get(data, i));
            acc = Long.rotateLeft(acc, 27) * P1 + P4;
        }
        if (i + 4 <= end) {
            acc ^= ((int) INT.get(data, i) & 0xFFFFFFFFL) * P1;
            acc = Long.rotateLeft(acc, 23) * P2 + P3;
            i += 4;
        }
        for (; i < end; i++) {
            acc ^= (data[i] & 0xFFL) * P5;
            acc = Long.rotateLeft(acc, 11) * P1;
        }
        acc ^= acc >>> 33;
        acc *= P2;
        acc ^= acc >>> 29;
        acc *= P3;
        acc ^= acc >>> 32;
        return acc;
    }

    private static long round(long acc, long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long merge(long acc, long v) {
        return (acc ^ round(0, v)) * P1 + P4;
    }
}
