package org.zarrrelay.zarr.codec;

/**
 * The stored bytes of one chunk, read lazily so that a codec able to decode part of a chunk
 * (sharding) fetches only the byte ranges it needs.
 */
public interface EncodedChunk {

    /** All bytes, or null when the chunk is not stored. */
    byte[] readAll();

    /** {@code length} bytes from {@code offset}, or null when the chunk is not stored. */
    byte[] readRange(long offset, int length);

    /** The last {@code length} bytes, or null when the chunk is not stored. */
    byte[] readSuffix(int length);

    /** A chunk held in memory. */
    static EncodedChunk of(byte[] bytes) {
        return new EncodedChunk() {
            @Override
            public byte[] readAll() {
                return bytes;
            }

            @Override
            public byte[] readRange(long offset, int length) {
                if (bytes == null) {
                    return null;
                }
                byte[] out = new byte[length];
                System.arraycopy(bytes, (int) offset, out, 0, length);
                return out;
            }

            @Override
            public byte[] readSuffix(int length) {
                return bytes == null ? null : readRange(bytes.length - length, length);
            }
        };
    }

    /** The bytes {@code [offset, offset + length)} of this chunk, seen as a chunk of their own. */
    default EncodedChunk slice(long offset, int length) {
        EncodedChunk outer = this;
        return new EncodedChunk() {
            @Override
            public byte[] readAll() {
                return outer.readRange(offset, length);
            }

            @Override
            public byte[] readRange(long at, int n) {
                return outer.readRange(offset + at, n);
            }

            @Override
            public byte[] readSuffix(int n) {
                return outer.readRange(offset + length - n, n);
            }
        };
    }
}
