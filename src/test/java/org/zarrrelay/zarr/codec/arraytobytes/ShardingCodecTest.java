package org.zarrrelay.zarr.codec.arraytobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.ChunkSpec;
import org.zarrrelay.zarr.codec.CodecContext;
import org.zarrrelay.zarr.codec.CodecPipeline;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.codec.EncodedChunk;

class ShardingCodecTest {
    private static final ChunkSpec SHARD = new ChunkSpec(new int[] {8, 8, 8}, DataType.UINT16, new byte[] {5, 0});

    private static ShardingCodec codec(ShardingCodec.IndexLocation where) {
        CodecPipeline inner = CodecPipeline.of(List.of(new BytesCodec(ByteOrder.LITTLE_ENDIAN)), "test");
        CodecPipeline index = CodecPipeline.of(List.of(new BytesCodec(ByteOrder.LITTLE_ENDIAN)), "test index");
        return new ShardingCodec(new int[] {4, 4, 4}, inner, index, where);
    }

    private static Volume random(long seed) {
        Volume v = Volume.allocate(DataType.UINT16, 8, 8, 8);
        new Random(seed).nextBytes(v.data());
        return v;
    }

    /** Records every byte range a decoder asks for. */
    private static final class CountingChunk implements EncodedChunk {
        final byte[] bytes;
        final List<long[]> reads = new ArrayList<>();

        CountingChunk(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public byte[] readAll() {
            reads.add(new long[] {0, bytes.length});
            return bytes;
        }

        @Override
        public byte[] readRange(long offset, int length) {
            reads.add(new long[] {offset, length});
            return EncodedChunk.of(bytes).readRange(offset, length);
        }

        @Override
        public byte[] readSuffix(int length) {
            return readRange(bytes.length - length, length);
        }
    }

    @Test
    void roundTripsWithTheIndexAtEitherEnd() {
        for (ShardingCodec.IndexLocation loc : ShardingCodec.IndexLocation.values()) {
            ShardingCodec c = codec(loc);
            Volume v = random(1);
            byte[] encoded = c.encode(v);
            assertEquals(8 * 8 * 8 * 2 + 8 * 16, encoded.length);
            assertArrayEquals(v.data(), c.decode(encoded, SHARD).data(), loc.toString());
        }
    }

    @Test
    void aPartialReadFetchesTheIndexAndOnlyTheInnerChunksItNeeds() {
        ShardingCodec c = codec(ShardingCodec.IndexLocation.END);
        Volume v = random(2);
        CountingChunk src = new CountingChunk(c.encode(v));
        Volume out = Volume.allocate(DataType.UINT16, 2, 2, 2);
        c.decodeInto(src, SHARD, new int[] {1, 1, 1}, new int[] {2, 2, 2}, out, new int[3]);
        assertEquals(2, src.reads.size(), "one read for the index, one for the single inner chunk");
        assertEquals(128, src.reads.get(0)[1]);
        assertEquals(4 * 4 * 4 * 2, src.reads.get(1)[1]);
        Volume expected = Volume.allocate(DataType.UINT16, 2, 2, 2);
        BoxCopy.copy(v, new int[] {1, 1, 1}, expected, new int[3], new int[] {2, 2, 2});
        assertArrayEquals(expected.data(), out.data());
    }

    @Test
    void absentInnerChunksReadAsTheFillValue() {
        ShardingCodec c = codec(ShardingCodec.IndexLocation.END);
        byte[] encoded = c.encode(random(3));
        // mark inner chunk 0 as absent: offset = nbytes = 2^64-1 (spec: "empty inner chunk")
        int indexStart = encoded.length - 128;
        for (int i = 0; i < 16; i++) {
            encoded[indexStart + i] = (byte) 0xff;
        }
        Volume out = c.decode(encoded, SHARD);
        assertEquals(5, out.getLong(out.index(0, 0, 0)));
        assertEquals(5, out.getLong(out.index(3, 3, 3)));
    }

    @Test
    void aMissingShardReadsAsFill() {
        ShardingCodec c = codec(ShardingCodec.IndexLocation.START);
        Volume out = Volume.allocate(DataType.UINT16, 8, 8, 8);
        c.decodeInto(EncodedChunk.of(null), SHARD, new int[3], new int[] {8, 8, 8}, out, new int[3]);
        for (int i = 0; i < out.elementCount(); i++) {
            assertEquals(5, out.getLong(i));
        }
    }

    @Test
    void nestedShardsDecodeOnlyTheirPart() {
        JsonNode config = Json.parse(("{\"chunk_shape\":[4,4,4],\"codecs\":[{\"name\":\"sharding_indexed\",\"configuration\":"
                + "{\"chunk_shape\":[2,2,2],\"codecs\":[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"big\"}}],"
                + "\"index_codecs\":[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}}]}}],"
                + "\"index_codecs\":[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}}],\"index_location\":\"start\"}")
                .getBytes(), "test");
        ShardingCodec c = ShardingCodec.fromV3(config, new CodecContext(DataType.UINT16, CodecRegistry.DEFAULT, "test"));
        Volume v = random(4);
        byte[] encoded = c.encode(v);
        assertArrayEquals(v.data(), c.decode(encoded, SHARD).data());
        CountingChunk src = new CountingChunk(encoded);
        Volume out = Volume.allocate(DataType.UINT16, 1, 1, 1);
        c.decodeInto(src, SHARD, new int[] {7, 7, 7}, new int[] {1, 1, 1}, out, new int[3]);
        assertEquals(v.getLong(v.index(7, 7, 7)), out.getLong(0));
        assertEquals(3, src.reads.size(), "outer index, inner index, one 2x2x2 chunk");
    }

    @Test
    void aShardThatIsNotAMultipleOfTheInnerChunkIsRefused() {
        ShardingCodec c = codec(ShardingCodec.IndexLocation.END);
        ChunkSpec odd = SHARD.withShape(new int[] {8, 8, 6});
        ZarrException e = assertThrows(ZarrException.class, () -> c.decode(new byte[10], odd));
        assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
    }
}
