package org.zarrrelay.volume;

import java.util.Locale;

/** The element types a volume can hold. Names follow numpy (and Zarr v3). */
public enum DataType {
    BOOL(1, Kind.BOOL),
    INT8(1, Kind.SIGNED),
    UINT8(1, Kind.UNSIGNED),
    INT16(2, Kind.SIGNED),
    UINT16(2, Kind.UNSIGNED),
    INT32(4, Kind.SIGNED),
    UINT32(4, Kind.UNSIGNED),
    INT64(8, Kind.SIGNED),
    UINT64(8, Kind.UNSIGNED),
    FLOAT32(4, Kind.FLOAT),
    FLOAT64(8, Kind.FLOAT);

    public enum Kind { BOOL, SIGNED, UNSIGNED, FLOAT }

    private final int size;
    private final Kind kind;

    DataType(int size, Kind kind) {
        this.size = size;
        this.kind = kind;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    /** The numpy / Zarr v3 name: {@code uint16}, {@code float32}, {@code bool}. */
    public String numpyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * numpy's type code without byte order: kind letter and item size ({@code u2}, {@code f4},
     * {@code b1}), as used in npy headers and Zarr v2 dtypes.
     */
    public String numpyCode() {
        char kindLetter = switch (kind) {
            case BOOL -> 'b';
            case SIGNED -> 'i';
            case UNSIGNED -> 'u';
            case FLOAT -> 'f';
        };
        return kindLetter + String.valueOf(size);
    }

    /** The type with this numpy code ({@code u2}), or null when none has it. */
    public static DataType fromNumpyCode(String code) {
        for (DataType t : values()) {
            if (t.numpyCode().equals(code)) {
                return t;
            }
        }
        return null;
    }

    public static DataType fromNumpyName(String name) {
        for (DataType t : values()) {
            if (t.numpyName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + name
                + "': use one of bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64");
    }
}
