package org.zarrrelay.zarr.codec.bytestobytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.scalableminds.bloscjava.Blosc;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.zarrrelay.RelayException;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.CodecContext;

/**
 * Zarr v3 {@code blosc} codec (https://zarr-specs.readthedocs.io/en/latest/v3/codecs/blosc/index.html),
 * Zarr v2 compressor id {@code blosc} (numcodecs {@code Blosc},
 * https://numcodecs.readthedocs.io/en/stable/compression/blosc.html), through the Blosc 1 library
 * of com.scalableminds:blosc-java.
 * <pre>
 * {"name": "blosc", "configuration": {"cname": "zstd", "clevel": 5, "shuffle": "shuffle", "typesize": 2, "blocksize": 0}}
 * v2: {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}
 * </pre>
 * Options missing from a v3 configuration take zarr-python's defaults (zstd, level 5, bit-shuffle
 * for 1-byte types and byte-shuffle otherwise, the data type's size, automatic block size); missing
 * v2 options take numcodecs' (lz4, 5, byte-shuffle, automatic). v2 has no {@code typesize}: numcodecs
 * uses the element size, so a codec converted to v2 loses a typesize that differs from it.
 * Decoding reads everything it needs from the Blosc header, whatever the configuration says.
 */
public record BloscCodec(Cname cname, int clevel, Shuffle shuffle, int typesize, int blocksize)
        implements BytesToBytesCodec {
    public static final String NAME = "blosc";

    // Blosc 1 header (blosc.h): version, versionlz, flags, typesize, nbytes, blocksize, cbytes.
    private static final int HEADER_LENGTH = 16;
    private static final int NBYTES_OFFSET = 4;
    private static final int CBYTES_OFFSET = 12;
    // Blosc silently treats a larger typesize as 1, which would ignore the setting.
    private static final int MAX_TYPESIZE = 255;
    // numcodecs' Blosc.AUTOSHUFFLE: bit-shuffle for 1-byte elements, byte-shuffle otherwise.
    private static final int V2_AUTOSHUFFLE = -1;

    /** The compressors Blosc runs inside its blocks ({@code snappy} is not built into blosc-java). */
    public enum Cname {
        LZ4(Blosc.Compressor.LZ4), LZ4HC(Blosc.Compressor.LZ4HC), BLOSCLZ(Blosc.Compressor.BLOSCLZ),
        ZSTD(Blosc.Compressor.ZSTD), ZLIB(Blosc.Compressor.ZLIB);

        private final Blosc.Compressor library;

        Cname(Blosc.Compressor library) {
            this.library = library;
        }

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Blosc's pre-filters, with their v3 names and v2 (numcodecs) numbers. */
    public enum Shuffle {
        NOSHUFFLE(0, Blosc.Shuffle.NO_SHUFFLE), SHUFFLE(1, Blosc.Shuffle.BYTE_SHUFFLE),
        BITSHUFFLE(2, Blosc.Shuffle.BIT_SHUFFLE);

        private final int v2Number;
        private final Blosc.Shuffle library;

        Shuffle(int v2Number, Blosc.Shuffle library) {
            this.v2Number = v2Number;
            this.library = library;
        }

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public int v2Number() {
            return v2Number;
        }

        /** zarr-python's and numcodecs' automatic choice for elements of {@code typesize} bytes. */
        public static Shuffle auto(int typesize) {
            return typesize == 1 ? BITSHUFFLE : SHUFFLE;
        }
    }

    public BloscCodec {
        if (cname == null || shuffle == null) {
            throw new IllegalArgumentException("blosc needs a cname and a shuffle, got " + cname + " and " + shuffle);
        }
        if (clevel < 0 || clevel > 9) {
            throw new IllegalArgumentException("blosc clevel " + clevel + " is out of range: use 0 to 9");
        }
        if (typesize < 1 || typesize > MAX_TYPESIZE) {
            throw new IllegalArgumentException("blosc typesize " + typesize + " is out of range: use 1 to " + MAX_TYPESIZE);
        }
        if (blocksize < 0) {
            throw new IllegalArgumentException("blosc blocksize " + blocksize + " is negative: use 0 for automatic");
        }
    }

    public static BloscCodec fromV3(JsonNode configuration, CodecContext ctx) {
        Cname cname = parseCname(configuration, "zstd", ctx);
        int clevel = intOption(configuration, "clevel", 5, 0, 9, ctx);
        int typesize = intOption(configuration, "typesize", ctx.dtype().size(), 1, MAX_TYPESIZE, ctx);
        int blocksize = intOption(configuration, "blocksize", 0, 0, Integer.MAX_VALUE, ctx);
        JsonNode node = configuration.path("shuffle");
        Shuffle shuffle;
        if (node.isMissingNode() || node.isNull()) {
            shuffle = Shuffle.auto(typesize);
        } else {
            shuffle = Arrays.stream(Shuffle.values()).filter(s -> s.jsonName().equals(node.textValue()))
                    .findFirst().orElseThrow(() -> new UnsupportedFeatureException("blosc shuffle " + node + " of "
                            + ctx.where() + " is not supported: use one of " + names(Shuffle.values())));
        }
        return new BloscCodec(cname, clevel, shuffle, typesize, blocksize);
    }

    public static BloscCodec fromV2(JsonNode compressor, CodecContext ctx) {
        Cname cname = parseCname(compressor, "lz4", ctx);
        int clevel = intOption(compressor, "clevel", 5, 0, 9, ctx);
        int blocksize = intOption(compressor, "blocksize", 0, 0, Integer.MAX_VALUE, ctx);
        int typesize = ctx.dtype().size();
        JsonNode node = compressor.path("shuffle");
        Shuffle shuffle;
        if (node.isMissingNode() || node.isNull()) {
            shuffle = Shuffle.SHUFFLE;
        } else if (node.isIntegralNumber() && node.intValue() == V2_AUTOSHUFFLE) {
            shuffle = Shuffle.auto(typesize);
        } else {
            shuffle = Arrays.stream(Shuffle.values())
                    .filter(s -> node.isIntegralNumber() && s.v2Number() == node.intValue())
                    .findFirst().orElseThrow(() -> new UnsupportedFeatureException("blosc shuffle " + node + " of "
                            + ctx.where() + " is not supported: use -1 (auto), 0 (none), 1 (byte) or 2 (bit)"));
        }
        return new BloscCodec(cname, clevel, shuffle, typesize, blocksize);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode configuration() {
        return JsonNodeFactory.instance.objectNode()
                .put("cname", cname.jsonName())
                .put("clevel", clevel)
                .put("shuffle", shuffle.jsonName())
                .put("typesize", typesize)
                .put("blocksize", blocksize);
    }

    @Override
    public ObjectNode v2Compressor() {
        return JsonNodeFactory.instance.objectNode()
                .put("id", NAME)
                .put("cname", cname.jsonName())
                .put("clevel", clevel)
                .put("shuffle", shuffle.v2Number())
                .put("blocksize", blocksize);
    }

    @Override
    public byte[] encode(byte[] decoded) {
        try {
            // One Blosc thread: chunks are already spread over the chunk pool's threads.
            return Blosc.compress(decoded, typesize, cname.library, clevel, shuffle.library, blocksize, 1);
        } catch (RelayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ZarrException("blosc cannot compress a chunk of " + decoded.length + " bytes with " + this
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decode(byte[] encoded) {
        if (encoded.length < HEADER_LENGTH) {
            throw corrupt("it holds " + encoded.length + " bytes, fewer than the 16-byte blosc header");
        }
        long cbytes = Integer.toUnsignedLong(intLE(encoded, CBYTES_OFFSET));
        if (cbytes != encoded.length) {
            throw corrupt("its header says " + cbytes + " compressed bytes but it holds " + encoded.length);
        }
        long nbytes = Integer.toUnsignedLong(intLE(encoded, NBYTES_OFFSET));
        if (nbytes == 0) {
            return new byte[0];
        }
        byte[] decoded;
        try {
            decoded = Blosc.decompress(encoded, 1);
        } catch (RelayException e) {
            throw e;  // the library could not be loaded: not the chunk's fault
        } catch (RuntimeException e) {
            throw corrupt("the blosc library says: " + e.getMessage());
        }
        if (decoded == null || decoded.length != nbytes) {
            throw corrupt("it decompressed to " + (decoded == null ? "nothing" : decoded.length + " bytes")
                    + " where its header says " + nbytes);
        }
        return decoded;
    }

    private static Cname parseCname(JsonNode config, String fallback, CodecContext ctx) {
        JsonNode node = config.path("cname");
        String value = node.isMissingNode() || node.isNull() ? fallback : node.textValue();
        return Arrays.stream(Cname.values()).filter(c -> c.jsonName().equals(value)).findFirst()
                .orElseThrow(() -> new UnsupportedFeatureException("blosc cname " + node + " of " + ctx.where()
                        + " is not supported: use one of " + names(Cname.values())));
    }

    private static int intOption(JsonNode config, String option, int fallback, int min, int max, CodecContext ctx) {
        JsonNode node = config.path(option);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw new ZarrException("the blosc codec of " + ctx.where() + " has '" + option + "' " + node
                    + ": it must be an integer from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
        return node.intValue();
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private static ZarrException corrupt(String why) {
        return new ZarrException("a blosc-compressed chunk is not valid blosc: " + why
                + "; the chunk is corrupt or was written with another compressor");
    }

    private static int intLE(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
