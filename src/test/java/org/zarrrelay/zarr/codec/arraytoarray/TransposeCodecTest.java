package org.zarrrelay.zarr.codec.arraytoarray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.codec.ChunkSpec;

class TransposeCodecTest {

    @Test
    void fortranOrderPutsTheFirstAxisFastest() {
        Volume v = Volume.allocate(DataType.INT32, 2, 3, 4);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, i);
        }
        TransposeCodec f = TransposeCodec.fortranOrder(3);
        Volume enc = f.encode(v);
        assertArrayEquals(new int[] {4, 3, 2}, enc.shape());
        // F order: element (z,y,x) sits at z + 2*y + 6*x
        assertEquals(v.getLong(v.index(1, 2, 3)), enc.getLong(1 + 2 * 2 + 6 * 3));
        ChunkSpec spec = new ChunkSpec(new int[] {2, 3, 4}, DataType.INT32, new byte[4]);
        assertArrayEquals(v.data(), f.decode(enc, spec).data());
    }

    @Test
    void anyPermutationRoundTrips() {
        Volume v = Volume.allocate(DataType.UINT16, 3, 5, 7);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, i * 3);
        }
        TransposeCodec t = new TransposeCodec(new int[] {1, 2, 0});
        ChunkSpec spec = new ChunkSpec(v.shape(), DataType.UINT16, new byte[2]);
        assertArrayEquals(new int[] {5, 7, 3}, t.encodedSpec(spec).shape());
        assertArrayEquals(v.data(), t.decode(t.encode(v), spec).data());
    }

    @Test
    void aNonPermutationIsRefused() {
        assertThrows(UnsupportedFeatureException.class, () -> new TransposeCodec(new int[] {0, 0, 1}));
    }
}
