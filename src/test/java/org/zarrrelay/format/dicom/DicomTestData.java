package org.zarrrelay.format.dicom;

import java.nio.file.Path;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Volumes that reach both ends of their type, and a writer that feeds them in slabs of a given size. */
final class DicomTestData {
    private DicomTestData() {
    }

    /** Values running through the whole range of the type, its minimum first and its maximum last. */
    static Volume pattern(DataType dtype, int... shape) {
        Volume v = Volume.allocate(dtype, shape);
        int n = v.elementCount();
        long lo = switch (dtype) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            default -> 0;
        };
        long hi = switch (dtype) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            default -> 65535;
        };
        for (int i = 0; i < n; i++) {
            v.setLong(i, i == n - 1 ? hi : lo + (i * 7919L) % (hi - lo + 1));
        }
        return v;
    }

    /** Writes {@code v} as an export to {@code folder}, {@code slab} indices of axis 0 at a time, and commits. */
    static Path write(Path folder, Volume v, FileInfo info, int slab) {
        long[] shape = java.util.Arrays.stream(v.shape()).asLongStream().toArray();
        try (VolumeWriter w = new DicomFormat().create(folder, v.dtype(), shape, info)) {
            int per = v.data().length / v.shape(0);
            for (int at = 0; at < v.shape(0); at += slab) {
                int count = Math.min(slab, v.shape(0) - at);
                int[] s = v.shape();
                s[0] = count;
                byte[] part = java.util.Arrays.copyOfRange(v.data(), at * per, (at + count) * per);
                w.writeSlab(new Volume(v.dtype(), s, part));
            }
            w.commit();
        }
        return folder;
    }
}
