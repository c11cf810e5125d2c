package org.zarrrelay.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte ranges larger than a piece go to the right place in the file and come back whole, and a
 * thread that wrote or read a large range is left holding no more native buffer than two pieces.
 */
class ChannelIOTest {
    /** More than two pieces, and not a multiple of one. */
    private static final int LENGTH = 2 * ChannelIO.PIECE + ChannelIO.PIECE / 2 + 7;

    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void positionalWriteLandsAtItsPositionAndLeavesTheChannelPosition() throws IOException {
        byte[] data = random(LENGTH, 1);
        Path file = dir.resolve("w.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ChannelIO.write(ch, data, 3, LENGTH - 8, 100);
            assertEquals(0, ch.position());
        }
        byte[] file1 = Files.readAllBytes(file);
        assertEquals(100 + LENGTH - 8, file1.length);
        assertArrayEquals(new byte[100], Arrays.copyOfRange(file1, 0, 100));
        assertArrayEquals(Arrays.copyOfRange(data, 3, LENGTH - 5), Arrays.copyOfRange(file1, 100, file1.length));
    }

    @Test
    void channelWriteContinuesAtThePositionAndMovesIt() throws IOException {
        byte[] data = random(LENGTH, 2);
        Path file = dir.resolve("r.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9, 9}));
            ChannelIO.write(ch, data, 5, LENGTH - 5);
            assertEquals(2 + LENGTH - 5, ch.position());
        }
        byte[] file1 = Files.readAllBytes(file);
        assertEquals(9, file1[0]);
        assertArrayEquals(Arrays.copyOfRange(data, 5, LENGTH), Arrays.copyOfRange(file1, 2, file1.length));
    }

    @Test
    void readFillsTheRangeFromThePosition() throws IOException {
        byte[] data = random(LENGTH, 3);
        Path file = Files.write(dir.resolve("in.bin"), data);
        byte[] into = new byte[LENGTH + 10];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertEquals(LENGTH - 20, ChannelIO.read(ch, into, 10, LENGTH - 20, 17));
            assertEquals(0, ch.position());
        }
        assertArrayEquals(new byte[10], Arrays.copyOfRange(into, 0, 10));
        assertArrayEquals(Arrays.copyOfRange(data, 17, LENGTH - 3), Arrays.copyOfRange(into, 10, LENGTH - 10));
    }

    @Test
    void readPastTheEndSaysHowMuchThereWas() throws IOException {
        byte[] data = random(LENGTH, 4);
        Path file = Files.write(dir.resolve("short.bin"), data);
        byte[] into = new byte[LENGTH];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertEquals(LENGTH - 1000, ChannelIO.read(ch, into, 0, LENGTH, 1000));
            assertEquals(0, ChannelIO.read(ch, into, 0, 10, LENGTH));
        }
        assertArrayEquals(Arrays.copyOfRange(data, 1000, LENGTH), Arrays.copyOfRange(into, 0, LENGTH - 1000));
    }

    /**
     * The kernel copied twice as slow, or slower, when the destination lay a few bytes past the
     * source within a page (see ChannelIO): a piece sits in the buffer at the offset within a page
     * that its bytes have in the file, so the two line up.
     */
    @Test
    void aPieceSitsAtTheOffsetWithinAPageThatItsFileBytesHave() {
        for (long position : new long[] {0, 8, 16, 4095, 4096 + 100, (1L << 20) + 7, (5L << 32) + 4000}) {
            ByteBuffer buf = ChannelIO.placedFor(position);
            assertTrue(buf.isDirect());
            assertEquals(position % 4096, buf.alignmentOffset(buf.position(), 4096), "the piece for file position " + position);
            assertTrue(buf.remaining() >= ChannelIO.PIECE, "no room for a whole piece at file position " + position);
        }
    }

    /** The buffer's furthest placement: a range starting on a page's last byte, longer than two pieces. */
    @Test
    void aRangeFromTheLastByteOfAPageGoesAndComesBackWhole() throws IOException {
        byte[] data = random(LENGTH, 7);
        byte[] back = new byte[LENGTH];
        try (FileChannel ch = FileChannel.open(dir.resolve("edge.bin"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ChannelIO.write(ch, data, 4095);
            assertEquals(LENGTH, ChannelIO.read(ch, back, 0, LENGTH, 4095));
            assertEquals(4095 + LENGTH, ch.size());
        }
        assertArrayEquals(data, back);
    }

    /** A channel may take fewer bytes than offered: the rest goes in the next calls, in order. */
    @Test
    void aChannelThatTakesPartOfEachWriteGetsEverythingInOrder() throws IOException {
        byte[] data = random(LENGTH, 6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel trickle = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = Math.min(src.remaining(), 100_003);
                byte[] b = new byte[n];
                src.get(b);
                out.write(b, 0, n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        ChannelIO.write(trickle, data, 5, LENGTH - 5);
        assertArrayEquals(Arrays.copyOfRange(data, 5, LENGTH), out.toByteArray());
    }

    /**
     * The JDK's temporary buffers are direct buffers, so the platform's "direct" pool shows them.
     * The same 16 MB written in one call (the control) must grow it by 16 MB, or this way of
     * measuring says nothing on this JDK.
     */
    @Test
    void aLargeWriteOrReadLeavesTheThreadNoMoreThanTwoPiecesOfNativeBuffer() throws Exception {
        byte[] data = random(16 << 20, 5);
        Path file = dir.resolve("big.bin");
        long pieces = DirectBufferGrowth.onFreshThread(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                ChannelIO.write(ch, data, 0);
                ChannelIO.write(ch, data, 0, data.length);
                assertEquals(data.length, ChannelIO.read(ch, new byte[data.length], 0, data.length, 0));
            }
        });
        long oneCall = DirectBufferGrowth.onFreshThread(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(data), 0);
            }
        });
        assertTrue(oneCall >= data.length, "the control grew the direct pool by " + oneCall + " bytes only");
        assertTrue(pieces <= 2L * ChannelIO.PIECE, "ChannelIO grew the direct pool by " + pieces + " bytes");
    }
}
