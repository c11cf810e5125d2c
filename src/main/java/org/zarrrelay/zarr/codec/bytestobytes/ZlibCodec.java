package org.zarrrelay.zarr.codec.bytestobytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.CodecContext;

/**
 * zlib compression: DEFLATE (RFC 1951) in the zlib wrapper (RFC 1950), as numcodecs' {@code Zlib}
 * (https://numcodecs.readthedocs.io/en/stable/compression/zlib.html) writes it. Zarr v3 name
 * {@code zlib}, Zarr v2 id {@code zlib}. The Zarr v3 core spec has no zlib codec: the v3 name is the
 * one zarrita understands, so a v3 array using it is readable only by implementations that know it
 * (prefer gzip for new v3 arrays).
 * <pre>{"name": "zlib", "configuration": {"level": 1}}    v2: {"id": "zlib", "level": 1}</pre>
 * The DEFLATE helpers here are shared with {@link GzipCodec}, which only adds another wrapper.
 */
public record ZlibCodec(int level) implements BytesToBytesCodec {
    public static final String NAME = "zlib";
    /** numcodecs' default, used when the configuration has no level. */
    public static final int DEFAULT_LEVEL = 1;

    // Creating a Deflater / Inflater allocates zlib's state (about 256 KB), so each thread keeps
    // its own. Deflaters are kept per level and wrapper rather than re-levelled with setLevel,
    // whose effect on a reset stream depends on the zlib version: the output stays a function of
    // the data and the level only. The JDK frees their native memory once the thread has ended.
    private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[20]);
    private static final ThreadLocal<Inflater[]> INFLATERS = ThreadLocal.withInitial(() -> new Inflater[2]);

    public ZlibCodec {
        checkLevel(level, NAME);
    }

    public static ZlibCodec fromV3(JsonNode configuration, CodecContext ctx) {
        return new ZlibCodec(levelOption(configuration, DEFAULT_LEVEL, NAME, ctx));
    }

    public static ZlibCodec fromV2(JsonNode compressor, CodecContext ctx) {
        return new ZlibCodec(levelOption(compressor, DEFAULT_LEVEL, NAME, ctx));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode configuration() {
        return JsonNodeFactory.instance.objectNode().put("level", level);
    }

    @Override
    public ObjectNode v2Compressor() {
        return JsonNodeFactory.instance.objectNode().put("id", NAME).put("level", level);
    }

    @Override
    public byte[] encode(byte[] decoded) {
        return deflate(decoded, level, false, 0, 0);
    }

    @Override
    public byte[] decode(byte[] encoded) {
        // zlib does not record the decoded length: start from a typical ratio and grow.
        Inflated result = inflate(encoded, 0, encoded.length, false,
                new byte[initialCapacity(encoded.length)], 0, NAME);
        if (result.remaining() != 0) {
            throw new ZarrException("a zlib-compressed chunk has " + result.remaining()
                    + " bytes after the end of its zlib stream: the chunk is corrupt");
        }
        return result.bytes().length == result.length() ? result.bytes()
                : Arrays.copyOf(result.bytes(), result.length());
    }

    /** The {@code level} option (0 to 9) of a zlib or gzip configuration, or {@code fallback} when absent. */
    static int levelOption(JsonNode config, int fallback, String codec, CodecContext ctx) {
        JsonNode node = config.path("level");
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > 9) {
            throw new ZarrException("the " + codec + " codec of " + ctx.where()
                    + " has 'level' " + node + ": it must be an integer from 0 to 9");
        }
        return node.intValue();
    }

    static void checkLevel(int level, String codec) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException(codec + " level " + level + " is out of range: use 0 to 9");
        }
    }

    /**
     * Compresses {@code src} into a new array holding {@code headerRoom} free bytes, the DEFLATE data
     * (with the zlib wrapper unless {@code raw}) and {@code trailerRoom} free bytes, exactly sized.
     */
    static byte[] deflate(byte[] src, int level, boolean raw, int headerRoom, int trailerRoom) {
        Deflater[] perLevel = DEFLATERS.get();
        int slot = level + (raw ? 10 : 0);
        if (perLevel[slot] == null) {
            perLevel[slot] = new Deflater(level, raw);
        }
        Deflater deflater = perLevel[slot];
        // zlib's deflateBound plus room for the wrapper; grown below if a level-0 stream needs more.
        long bound = (long) src.length + (src.length >> 12) + (src.length >> 14) + 64;
        byte[] out = new byte[Math.toIntExact(headerRoom + bound + trailerRoom)];
        int pos = headerRoom;
        try {
            deflater.setInput(src);
            deflater.finish();
            while (!deflater.finished()) {
                if (pos == out.length - trailerRoom) {
                    out = Arrays.copyOf(out, grow(out.length));
                }
                pos += deflater.deflate(out, pos, out.length - trailerRoom - pos);
            }
        } finally {
            deflater.reset();
        }
        return pos + trailerRoom == out.length ? out : Arrays.copyOf(out, pos + trailerRoom);
    }

    /** Decoded bytes {@code bytes[0, length)} and how many input bytes followed the DEFLATE stream. */
    record Inflated(byte[] bytes, int length, int remaining) {
    }

    /**
     * Decompresses one DEFLATE stream (zlib-wrapped unless {@code raw}) from {@code src[off, off + len)}
     * into {@code out} from {@code outPos}, growing {@code out} when needed.
     */
    static Inflated inflate(byte[] src, int off, int len, boolean raw, byte[] out, int outPos, String codec) {
        Inflater[] perWrapper = INFLATERS.get();
        int slot = raw ? 1 : 0;
        if (perWrapper[slot] == null) {
            perWrapper[slot] = new Inflater(raw);
        }
        Inflater inflater = perWrapper[slot];
        int pos = outPos;
        try {
            inflater.setInput(src, off, len);
            while (true) {
                // Called even with no room left: an exactly sized buffer is then finished without growing.
                int n = inflater.inflate(out, pos, out.length - pos);
                pos += n;
                if (inflater.finished()) {
                    break;
                }
                if (pos == out.length) {
                    out = Arrays.copyOf(out, grow(out.length));
                } else if (n == 0) {
                    throw new ZarrException("a " + codec + "-compressed chunk "
                            + (inflater.needsDictionary() ? "asks for a preset dictionary, which Zarr never uses"
                                    : "ends before its compressed data does")
                            + ": the chunk is corrupt or truncated");
                }
            }
            return new Inflated(out, pos, inflater.getRemaining());
        } catch (DataFormatException e) {
            throw new ZarrException("a " + codec + "-compressed chunk cannot be decompressed (" + e.getMessage()
                    + "): the chunk is corrupt or was written with another compressor", e);
        } finally {
            inflater.reset();
        }
    }

    static int initialCapacity(int compressedLength) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(4096L, 4L * compressedLength));
    }

    private static int grow(int length) {
        if (length >= Integer.MAX_VALUE - 8) {
            throw new ZarrException("a chunk of more than 2 GB cannot be held in a Java array: use smaller chunks");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024L, 2L * length));
    }
}
