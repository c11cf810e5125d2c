package org.zarrrelay.format.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.zarrrelay.volume.DataType;

/**
 * The hostile npy files of {@link NpyHostileInputTest} as files, for tests outside this package
 * that send them through the whole relay.
 */
public final class HostileNpys {
    private static final String DICT = "{'descr': '<u2', 'fortran_order': False, 'shape': ";

    private HostileNpys() {
    }

    /** A version-2.0 header whose shape is 200,000 brackets nested in each other. */
    public static Path nested200000Deep(Path file) throws IOException {
        String shape = "(".repeat(200_000) + ")".repeat(200_000);
        byte[] text = (DICT + shape + "}").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(12 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(text.length).put(text);
        return Files.write(file, buf.array());
    }

    /** 200 bytes whose header describes a petabyte of uint16. */
    public static Path lyingShape(Path file) throws IOException {
        byte[] header = NpyHeaderTest.handMade(DICT + "(1000000, 1000000, 1000)}");
        return Files.write(file, Arrays.copyOf(header, 200));
    }

    /** A version-2.0 header that claims to be 4 GB long, in a 200-byte file. */
    public static Path hugeHeaderLength(Path file) throws IOException {
        ByteBuffer v2 = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(-1);
        return Files.write(file, v2.array());
    }

    /** A valid uint16 (3, 4) array with its last byte cut off. */
    public static Path truncated(Path file) throws IOException {
        NpyWriter.write(file, NpyTestData.pattern(DataType.UINT16, 3, 4));
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
    }
}
