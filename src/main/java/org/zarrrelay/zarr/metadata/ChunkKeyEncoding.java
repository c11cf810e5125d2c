package org.zarrrelay.zarr.metadata;

/**
 * How chunk grid coordinates become store keys. Zarr v3 {@code default}: {@code c/1/2/3} (or
 * {@code c.1.2.3}); {@code v2} and Zarr v2 arrays: {@code 1.2.3} (or {@code 1/2/3}). A 0-d array's
 * only chunk is {@code c} or {@code 0}.
 */
public record ChunkKeyEncoding(Kind kind, char separator) {
    public enum Kind { DEFAULT, V2 }

    public ChunkKeyEncoding {
        if (separator != '/' && separator != '.') {
            throw new IllegalArgumentException("chunk key separator must be '/' or '.', not '" + separator + "'");
        }
    }

    /** The key of a chunk relative to the array's path. */
    public String key(long[] chunkCoords) {
        StringBuilder sb = new StringBuilder(kind == Kind.DEFAULT ? "c" : "");
        if (chunkCoords.length == 0) {
            return kind == Kind.DEFAULT ? "c" : "0";
        }
        for (int i = 0; i < chunkCoords.length; i++) {
            if (kind == Kind.DEFAULT || i > 0) {
                sb.append(separator);
            }
            sb.append(chunkCoords[i]);
        }
        return sb.toString();
    }
}
