package org.zarrrelay.format.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zarrrelay.volume.DataType;

class NpyHeaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DataType.class)
    void formatsAndParsesEveryDtypeInBothByteOrders(DataType dtype) throws IOException {
        for (boolean bigEndian : new boolean[] {false, true}) {
            NpyHeader written = new NpyHeader(dtype, new long[] {40, 50, 60}, false, bigEndian, 0);
            byte[] bytes = written.toBytes();
            NpyHeader read = parse(bytes);
            assertEquals(dtype, read.dtype());
            assertArrayEquals(new long[] {40, 50, 60}, read.shape());
            assertEquals(bigEndian && dtype.size() > 1, read.bigEndian());
            assertEquals(bytes.length, read.dataOffset());
        }
    }

    @Test
    void descrsAreNumpys() {
        assertEquals("<u2", NpyHeader.of(DataType.UINT16, 1).descr());
        assertEquals("|u1", NpyHeader.of(DataType.UINT8, 1).descr());
        assertEquals("|b1", NpyHeader.of(DataType.BOOL, 1).descr());
        assertEquals("|i1", new NpyHeader(DataType.INT8, new long[] {1}, false, true, 0).descr());
        assertEquals(">f8", new NpyHeader(DataType.FLOAT64, new long[] {1}, false, true, 0).descr());
        assertEquals("<i8", NpyHeader.of(DataType.INT64, 1).descr());
    }

    @Test
    void headersAreVersionOnePaddedToSixtyFourBytesEndingInNewline() {
        for (long[] shape : new long[][] {{}, {7}, {40, 50, 60}, {1L << 40, 3}}) {
            byte[] bytes = NpyHeader.of(DataType.UINT16, shape).toBytes();
            assertEquals(1, bytes[6], "major version");
            assertEquals(0, bytes[7], "minor version");
            assertEquals(0, bytes.length % 64, Arrays.toString(shape));
            assertEquals('\n', bytes[bytes.length - 1]);
            int declared = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            assertEquals(bytes.length - 10, declared);
        }
    }

    @Test
    void shapeIsWrittenAsAPythonTuple() {
        assertEquals("()", NpyHeader.of(DataType.UINT8).shapeText());
        assertEquals("(5,)", NpyHeader.of(DataType.UINT8, 5).shapeText());
        assertEquals("(40, 50, 60)", NpyHeader.of(DataType.UINT8, 40, 50, 60).shapeText());
        String text = new String(NpyHeader.of(DataType.UINT8, 5).toBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }"), text);
    }

    @Test
    void aHeaderTooLongForVersionOneUsesVersionTwo() throws IOException {
        long[] shape = new long[25_000];
        Arrays.fill(shape, 1);
        NpyHeader header = NpyHeader.of(DataType.FLOAT32, shape);
        byte[] bytes = header.toBytes();
        assertEquals(2, bytes[6], "major version");
        assertEquals(0, bytes.length % 64);
        int declared = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(bytes.length - 12, declared);
        assertEquals(header, parse(bytes));
    }

    @Test
    void fortranOrderIsRecorded() throws IOException {
        NpyHeader header = new NpyHeader(DataType.INT32, new long[] {3, 4}, true, false, 0);
        assertTrue(parse(header.toBytes()).fortranOrder());
        assertFalse(parse(NpyHeader.of(DataType.INT32, 3, 4).toBytes()).fortranOrder());
    }

    @Test
    void acceptsAnyKeyOrderQuotesSpacingAndPythonTwoLongs() throws IOException {
        NpyHeader header = parse(handMade("{ \"shape\" : (3L, 4L) ,'fortran_order':False,\"descr\":'>i2'}\n"));
        assertEquals(DataType.INT16, header.dtype());
        assertTrue(header.bigEndian());
        assertArrayEquals(new long[] {3, 4}, header.shape());
        assertEquals(parse(handMade("{'descr': '<u4', 'fortran_order': False, 'shape': [2, 5]}")).shapeText(), "(2, 5)");
    }

    @Test
    void valueSemantics() {
        assertEquals(NpyHeader.of(DataType.UINT16, 3, 4), NpyHeader.of(DataType.UINT16, 3, 4));
        assertFalse(NpyHeader.of(DataType.UINT16, 3, 4).equals(NpyHeader.of(DataType.UINT16, 3, 5)));
        long[] shape = {3, 4};
        NpyHeader header = NpyHeader.of(DataType.UINT16, shape);
        shape[0] = 99;
        header.shape()[1] = 99;
        assertArrayEquals(new long[] {3, 4}, header.shape());
        assertEquals(24, header.dataBytes());
    }

    /** A version-1.0 header around an arbitrary dict text. */
    static byte[] handMade(String dict) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return buf.array();
    }

    private NpyHeader parse(byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("h.npy"), bytes);
        try (FileChannel ch = FileChannel.open(file)) {
            return NpyHeader.read(ch, file);
        }
    }
}
