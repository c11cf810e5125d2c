package org.zarrrelay.zarr.codec.bytestobytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.CodecContext;

/**
 * Zarr v3 {@code crc32c} codec (https://zarr-specs.readthedocs.io/en/latest/v3/codecs/crc32c/index.html):
 * appends the CRC-32C (Castagnoli) of the bytes, little-endian, and checks it when decoding. It has
 * no configuration and no Zarr v2 id (the v2 format has no place for a checksum after a compressor).
 * <pre>{"name": "crc32c"}</pre>
 * Sharding uses it on the shard index, whose encoded length it needs to know: hence
 * {@link #encodedLength}.
 */
public record Crc32cCodec() implements BytesToBytesCodec {
    public static final String NAME = "crc32c";
    public static final int CHECKSUM_LENGTH = 4;

    public static Crc32cCodec fromV3(JsonNode configuration, CodecContext ctx) {
        if (configuration.isObject() && !configuration.isEmpty()) {
            throw new ZarrException("the crc32c codec of " + ctx.where() + " has a configuration " + configuration
                    + ", but it takes none: remove the \"configuration\" entry");
        }
        return new Crc32cCodec();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode configuration() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public long encodedLength(long decodedLength) {
        return decodedLength + CHECKSUM_LENGTH;
    }

    @Override
    public byte[] encode(byte[] decoded) {
        byte[] out = Arrays.copyOf(decoded, decoded.length + CHECKSUM_LENGTH);
        int crc = checksum(decoded, decoded.length);
        int at = decoded.length;
        out[at] = (byte) crc;
        out[at + 1] = (byte) (crc >>> 8);
        out[at + 2] = (byte) (crc >>> 16);
        out[at + 3] = (byte) (crc >>> 24);
        return out;
    }

    @Override
    public byte[] decode(byte[] encoded) {
        if (encoded.length < CHECKSUM_LENGTH) {
            throw new ZarrException("a chunk protected by crc32c holds " + encoded.length
                    + " bytes, fewer than its 4-byte checksum: the chunk is corrupt or truncated");
        }
        int n = encoded.length - CHECKSUM_LENGTH;
        int expected = (encoded[n] & 0xff) | (encoded[n + 1] & 0xff) << 8
                | (encoded[n + 2] & 0xff) << 16 | (encoded[n + 3] & 0xff) << 24;
        int found = checksum(encoded, n);
        if (found != expected) {
            throw new ZarrException(String.format("a chunk protected by crc32c is corrupt: its checksum is"
                    + " 0x%08x but its %d bytes give 0x%08x; restore it from a backup or rewrite it", expected, n, found));
        }
        return Arrays.copyOf(encoded, n);
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
