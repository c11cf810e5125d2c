package org.zarrrelay.zarr.codec.bytestobytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.CodecContext;

/**
 * Zarr v3 {@code zstd} codec (https://github.com/zarr-developers/zarr-extensions/tree/main/codecs/zstd),
 * Zarr v2 compressor id {@code zstd} (numcodecs {@code Zstd},
 * https://numcodecs.readthedocs.io/en/stable/compression/zstd.html): one Zstandard frame (RFC 8878).
 * <pre>{"name": "zstd", "configuration": {"level": 0, "checksum": false}}    v2: {"id": "zstd", "level": 1}</pre>
 * Missing options take zarr-python's defaults in v3 (level 0, zstd's own default) and numcodecs'
 * in v2 (level 1); checksum defaults to false. Frames written here record their content size.
 * Frames that do not (streaming writers: numcodecs issue 424, neuroglancer issue 625) are decoded
 * with a streaming decompressor instead of failing.
 */
public record ZstdCodec(int level, boolean checksum) implements BytesToBytesCodec {
    public static final String NAME = "zstd";
    public static final int DEFAULT_V3_LEVEL = 0;
    public static final int DEFAULT_V2_LEVEL = 1;
    public static final int MIN_LEVEL = Zstd.minCompressionLevel();
    public static final int MAX_LEVEL = Zstd.maxCompressionLevel();

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<Contexts> CONTEXTS = ThreadLocal.withInitial(Contexts::new);

    /**
     * One compression and one decompression context per thread: making a context costs about as
     * much as decoding a small chunk. zstd-jni frees a context only on close(), so a Cleaner closes
     * them once their thread has ended and they are unreachable.
     */
    private static final class Contexts {
        final ZstdCompressCtx compress = new ZstdCompressCtx();
        final ZstdDecompressCtx decompress = new ZstdDecompressCtx();

        Contexts() {
            ZstdCompressCtx c = compress;
            ZstdDecompressCtx d = decompress;
            CLEANER.register(this, () -> {
                c.close();
                d.close();
            });
        }
    }

    public ZstdCodec {
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("zstd level " + level + " is out of range: use "
                    + MIN_LEVEL + " to " + MAX_LEVEL);
        }
    }

    public static ZstdCodec fromV3(JsonNode configuration, CodecContext ctx) {
        return new ZstdCodec(level(configuration, DEFAULT_V3_LEVEL, ctx), checksum(configuration, ctx));
    }

    /** numcodecs 0.13 added {@code checksum}; older compressor objects have only {@code level}. */
    public static ZstdCodec fromV2(JsonNode compressor, CodecContext ctx) {
        return new ZstdCodec(level(compressor, DEFAULT_V2_LEVEL, ctx), checksum(compressor, ctx));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode configuration() {
        return JsonNodeFactory.instance.objectNode().put("level", level).put("checksum", checksum);
    }

    @Override
    public ObjectNode v2Compressor() {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("id", NAME).put("level", level);
        // numcodecs before 0.13 rejects an unknown "checksum" argument: write it only when it matters.
        if (checksum) {
            config.put("checksum", true);
        }
        return config;
    }

    @Override
    public byte[] encode(byte[] decoded) {
        ZstdCompressCtx ctx = CONTEXTS.get().compress;
        ctx.reset();
        ctx.setLevel(level);
        ctx.setChecksum(checksum);
        byte[] out = new byte[Math.toIntExact(Zstd.compressBound(decoded.length))];
        try {
            int n = ctx.compressByteArray(out, 0, out.length, decoded, 0, decoded.length);
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (ZstdException e) {
            throw new ZarrException("zstd cannot compress a chunk of " + decoded.length + " bytes at level "
                    + level + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decode(byte[] encoded) {
        long size;
        try {
            size = Zstd.getFrameContentSize(encoded);
        } catch (ZstdException e) {
            // The size is not recorded (or the header is bad, which the stream decoder reports).
            return decodeStreaming(encoded);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new ZarrException("a zstd-compressed chunk says it holds " + size
                    + " bytes, more than a Java array can: use smaller chunks");
        }
        byte[] out = new byte[(int) size];
        try {
            int n = CONTEXTS.get().decompress.decompressByteArray(out, 0, out.length, encoded, 0, encoded.length);
            if (n == out.length) {
                return out;
            }
        } catch (ZstdException e) {
            // Frames back to back hold more than the first one records, and a damaged frame fails
            // here too: the stream decoder below handles the first and reports the second.
        }
        return decodeStreaming(encoded);
    }

    private static byte[] decodeStreaming(byte[] encoded) {
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(encoded))) {
            return in.readAllBytes();
        } catch (IOException | ZstdException e) {
            throw new ZarrException("a zstd-compressed chunk cannot be decompressed (" + e.getMessage()
                    + "): the chunk is corrupt or was written with another compressor", e);
        }
    }

    private static int level(JsonNode config, int fallback, CodecContext ctx) {
        JsonNode node = config.path("level");
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()
                || node.intValue() < MIN_LEVEL || node.intValue() > MAX_LEVEL) {
            throw new ZarrException("the zstd codec of " + ctx.where() + " has 'level' " + node
                    + ": it must be an integer from " + MIN_LEVEL + " to " + MAX_LEVEL);
        }
        return node.intValue();
    }

    private static boolean checksum(JsonNode config, CodecContext ctx) {
        JsonNode node = config.path("checksum");
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new ZarrException("the zstd codec of " + ctx.where() + " has 'checksum' " + node
                    + ": it must be true or false");
        }
        return node.booleanValue();
    }
}
