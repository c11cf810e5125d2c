package org.zarrrelay.zarr.codec.bytestobytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.zarrrelay.zarr.ZarrException;
import org.zarrrelay.zarr.codec.BytesToBytesCodec;
import org.zarrrelay.zarr.codec.CodecContext;

/**
 * Zarr v3 {@code gzip} codec (https://zarr-specs.readthedocs.io/en/latest/v3/codecs/gzip/index.html),
 * Zarr v2 compressor id {@code gzip} (numcodecs {@code GZip},
 * https://numcodecs.readthedocs.io/en/stable/compression/gzip.html): DEFLATE in the gzip wrapper of
 * RFC 1952.
 * <pre>{"name": "gzip", "configuration": {"level": 5}}    v2: {"id": "gzip", "level": 1}</pre>
 * The wrapper is written and parsed here rather than with GZIPOutputStream / GZIPInputStream so
 * that the per-thread Deflater / Inflater of {@link ZlibCodec} are reused and the output is sized
 * from the trailer's ISIZE, not grown through stream buffers. Decoding accepts what the gzip tool
 * accepts: optional header fields, several members back to back, zero padding at the end.
 */
public record GzipCodec(int level) implements BytesToBytesCodec {
    public static final String NAME = "gzip";
    /** zarr-python's default for a v3 configuration without a level. */
    public static final int DEFAULT_V3_LEVEL = 5;
    /** numcodecs' default for a v2 compressor without a level. */
    public static final int DEFAULT_V2_LEVEL = 1;

    // RFC 1952 section 2.3.1: member header and trailer.
    private static final int HEADER_LENGTH = 10;
    private static final int TRAILER_LENGTH = 8;
    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int CM_DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int FRESERVED = 0xe0;
    private static final int XFL_BEST = 2;
    private static final int XFL_FASTEST = 4;
    private static final int OS_UNKNOWN = 255;
    // DEFLATE cannot expand data more than about 1032 times; an ISIZE beyond that is not a size hint.
    private static final long MAX_DEFLATE_RATIO = 1032;

    public GzipCodec {
        ZlibCodec.checkLevel(level, NAME);
    }

    public static GzipCodec fromV3(JsonNode configuration, CodecContext ctx) {
        return new GzipCodec(ZlibCodec.levelOption(configuration, DEFAULT_V3_LEVEL, NAME, ctx));
    }

    public static GzipCodec fromV2(JsonNode compressor, CodecContext ctx) {
        return new GzipCodec(ZlibCodec.levelOption(compressor, DEFAULT_V2_LEVEL, NAME, ctx));
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
        byte[] out = ZlibCodec.deflate(decoded, level, true, HEADER_LENGTH, TRAILER_LENGTH);
        // Header as Python's gzip module writes it: no name, mtime 0 (so equal chunks give equal bytes).
        out[0] = (byte) ID1;
        out[1] = (byte) ID2;
        out[2] = CM_DEFLATE;
        out[8] = (byte) (level == 9 ? XFL_BEST : level == 1 ? XFL_FASTEST : 0);
        out[9] = (byte) OS_UNKNOWN;
        CRC32 crc = new CRC32();
        crc.update(decoded);
        putIntLE(out, out.length - TRAILER_LENGTH, (int) crc.getValue());
        putIntLE(out, out.length - 4, decoded.length);
        return out;
    }

    @Override
    public byte[] decode(byte[] encoded) {
        byte[] out = new byte[sizeHint(encoded)];
        int length = 0;
        int pos = 0;
        do {
            pos = skipHeader(encoded, pos);
            ZlibCodec.Inflated member = ZlibCodec.inflate(encoded, pos, encoded.length - pos, true, out, length, NAME);
            int memberStart = length;
            out = member.bytes();
            length = member.length();
            pos = encoded.length - member.remaining();
            if (member.remaining() < TRAILER_LENGTH) {
                throw corrupt("it ends inside a member's 8-byte trailer");
            }
            CRC32 crc = new CRC32();
            crc.update(out, memberStart, length - memberStart);
            int expectedCrc = getIntLE(encoded, pos);
            if ((int) crc.getValue() != expectedCrc) {
                throw corrupt(String.format("its CRC-32 is 0x%08x but the data gives 0x%08x",
                        expectedCrc, (int) crc.getValue()));
            }
            int expectedSize = getIntLE(encoded, pos + 4);
            if (expectedSize != length - memberStart) {
                throw corrupt("a member records " + Integer.toUnsignedString(expectedSize)
                        + " bytes (ISIZE) but holds " + (length - memberStart));
            }
            pos += TRAILER_LENGTH;
            while (pos < encoded.length && encoded[pos] == 0) {
                pos++;
            }
        } while (pos < encoded.length);
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** The last member's ISIZE, which is the whole decoded length for the usual single member. */
    private static int sizeHint(byte[] encoded) {
        if (encoded.length < HEADER_LENGTH + TRAILER_LENGTH) {
            return 0;
        }
        long isize = Integer.toUnsignedLong(getIntLE(encoded, encoded.length - 4));
        return isize <= MAX_DEFLATE_RATIO * encoded.length && isize <= Integer.MAX_VALUE - 8
                ? (int) isize : ZlibCodec.initialCapacity(encoded.length);
    }

    /** Checks the member header at {@code pos} and returns where its DEFLATE data starts. */
    private static int skipHeader(byte[] in, int pos) {
        if (in.length - pos < HEADER_LENGTH) {
            throw corrupt("it ends inside a member's 10-byte header");
        }
        if ((in[pos] & 0xff) != ID1 || (in[pos + 1] & 0xff) != ID2) {
            throw corrupt(String.format("it starts with 0x%02x%02x where gzip has 0x1f8b",
                    in[pos] & 0xff, in[pos + 1] & 0xff) + (pos == 0 ? "" : " (at byte " + pos + ")"));
        }
        if (in[pos + 2] != CM_DEFLATE) {
            throw corrupt("its compression method is " + (in[pos + 2] & 0xff) + ", not 8 (deflate)");
        }
        int flags = in[pos + 3] & 0xff;
        if ((flags & FRESERVED) != 0) {
            throw corrupt(String.format("its header sets reserved flag bits (0x%02x)", flags));
        }
        int p = pos + HEADER_LENGTH;
        if ((flags & FEXTRA) != 0) {
            need(in, p, 2);
            p += 2 + ((in[p] & 0xff) | (in[p + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            p = afterZero(in, p);
        }
        if ((flags & FCOMMENT) != 0) {
            p = afterZero(in, p);
        }
        if ((flags & FHCRC) != 0) {
            p += 2; // the header CRC-16 is not checked: the trailer's CRC-32 covers the data
        }
        need(in, p, 0);
        return p;
    }

    private static int afterZero(byte[] in, int p) {
        while (p < in.length && in[p] != 0) {
            p++;
        }
        need(in, p, 1);
        return p + 1;
    }

    private static void need(byte[] in, int p, int n) {
        if (p + n > in.length) {
            throw corrupt("it ends inside a member header");
        }
    }

    private static ZarrException corrupt(String why) {
        return new ZarrException("a gzip-compressed chunk is not valid gzip: " + why
                + "; the chunk is corrupt or was written with another compressor");
    }

    private static int getIntLE(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static void putIntLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
