package com.scalableminds.bloscjava;

import org.zarrrelay.RelayException;
import org.zarrrelay.zarr.codec.bytestobytes.NativeLibraryCache;

/**
 * Takes the place of the class of this name in com.scalableminds:blosc-java 0.1-1.21.4, whose own
 * copy the build leaves out of the jar. The public API and the two native methods are the same, so
 * the library's JNI symbols ({@code Java_com_scalableminds_bloscjava_Blosc__1compress}, ...) bind
 * to this class. Only loading differs: the original copies libbloscjni into the system temp folder
 * at every start and deletes it only on a clean exit, so every killed process left a 1 MB file in
 * /tmp; here {@link NativeLibraryCache} extracts it once per user and version. Loading happens on
 * first use, and a failure is a {@link RelayException} at each call rather than an Error that
 * leaves the class unusable.
 */
public final class Blosc {
    /** The compressors Blosc runs inside its blocks, by the names the native library takes. */
    public enum Compressor {
        LZ4("lz4"), LZ4HC("lz4hc"), BLOSCLZ("blosclz"), ZSTD("zstd"), ZLIB("zlib");

        private final String compressor;

        Compressor(String compressor) {
            this.compressor = compressor;
        }

        public String getValue() {
            return compressor;
        }

        /** The compressor of that name, any case; null when there is none. */
        public static Compressor fromString(String name) {
            for (Compressor c : values()) {
                if (c.compressor.equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** Blosc's pre-filters, by the numbers blosc.h gives them (BLOSC_NOSHUFFLE, BLOSC_SHUFFLE, BLOSC_BITSHUFFLE). */
    public enum Shuffle {
        NO_SHUFFLE(0, "noshuffle"), BYTE_SHUFFLE(1, "byteshuffle"), BIT_SHUFFLE(2, "bitshuffle");

        private final int shuffle;
        private final String shuffleString;

        Shuffle(int shuffle, String shuffleString) {
            this.shuffle = shuffle;
            this.shuffleString = shuffleString;
        }

        public int getValue() {
            return shuffle;
        }

        /** The filter with that number; null when there is none. */
        public static Shuffle fromInt(int value) {
            for (Shuffle s : values()) {
                if (s.shuffle == value) {
                    return s;
                }
            }
            return null;
        }

        /** The filter of that name, any case; null when there is none. */
        public static Shuffle fromString(String name) {
            for (Shuffle s : values()) {
                if (s.shuffleString.equalsIgnoreCase(name)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Loads the library when first needed; holds why it could not be loaded, or null. */
    private static final class Library {
        static final RelayException FAILURE = load();

        private static RelayException load() {
            try {
                NativeLibraryCache.load("libbloscjni", Blosc.class);
                return null;
            } catch (RelayException e) {
                return e;
            }
        }
    }

    private Blosc() {
    }

    public static byte[] compress(byte[] src, int typeSize, Compressor compressor, int compressorLevel, Shuffle shuffle,
                                  int blockSize, int numThreads) {
        if (typeSize < 1) {
            throw new IllegalArgumentException("Argument typeSize needs to be larger than 0.");
        }
        loaded();
        return _compress(src, typeSize, compressorLevel, shuffle.getValue(), blockSize, compressor.getValue(), numThreads);
    }

    public static byte[] compress(byte[] src, int typeSize, Compressor compressor, int compressorLevel, Shuffle shuffle,
                                  int blockSize) {
        return compress(src, typeSize, compressor, compressorLevel, shuffle, blockSize, 1);
    }

    public static byte[] compress(byte[] src, int typeSize, Compressor compressor, int compressorLevel, Shuffle shuffle) {
        return compress(src, typeSize, compressor, compressorLevel, shuffle, 0);
    }

    public static byte[] compress(byte[] src, int typeSize, Compressor compressor, int compressorLevel) {
        return compress(src, typeSize, compressor, compressorLevel, typeSize == 1 ? Shuffle.BIT_SHUFFLE : Shuffle.BYTE_SHUFFLE);
    }

    public static byte[] compress(byte[] src, int typeSize, Compressor compressor) {
        return compress(src, typeSize, compressor, 5);
    }

    public static byte[] compress(byte[] src, int typeSize) {
        return compress(src, typeSize, Compressor.ZSTD);
    }

    public static byte[] decompress(byte[] src, int numThreads) {
        loaded();
        return _decompress(src, numThreads);
    }

    public static byte[] decompress(byte[] src) {
        return decompress(src, 1);
    }

    private static void loaded() {
        if (Library.FAILURE != null) {
            throw new RelayException(Library.FAILURE.getMessage(), Library.FAILURE);
        }
    }

    // Names and signatures fixed by the symbols libbloscjni exports.
    private static native byte[] _compress(byte[] src, int typeSize, int compressorLevel, int shuffle, int blockSize,
                                           String compressor, int numThreads);

    private static native byte[] _decompress(byte[] src, int numThreads);
}
