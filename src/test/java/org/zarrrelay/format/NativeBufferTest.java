package org.zarrrelay.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zarrrelay.volume.ChannelIO;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.DirectBufferGrowth;
import org.zarrrelay.volume.Volume;

/**
 * Writing a 16 MB slab in any format, and reading it back, leaves the thread that did it holding a
 * native buffer of a piece or two, not of the slab: the JDK would otherwise keep a slab-sized copy
 * buffer for every thread that ever wrote one, outside the Java heap and its limit.
 */
class NativeBufferTest {
    @TempDir
    Path dir;

    /** A file name in every format, and an uncompressed NIfTI beside the default .nii.gz. */
    static Stream<String> files() {
        return Stream.concat(Formats.all().stream().map(f -> "big." + f.extension()), Stream.of("big.nii"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void aSlabWrittenAndReadLeavesNoSlabSizedNativeBuffer(String name) throws Exception {
        String format = Formats.forFile(name).name();
        Volume slab = Volume.allocate(DataType.UINT16, new int[] {16, 512, 1024});
        new Random(7).nextBytes(slab.data());
        Path file = dir.resolve(name);
        long written = DirectBufferGrowth.onFreshThread(() -> FormatFiles.write(file, format, slab, FileInfo.NONE));
        AtomicReference<Volume> back = new AtomicReference<>();
        long read = DirectBufferGrowth.onFreshThread(() -> back.set(FormatFiles.readAll(file)));
        assertArrayEquals(slab.data(), back.get().data());
        long limit = 2L * ChannelIO.PIECE;
        assertTrue(written <= limit, name + ": writing " + slab.data().length + " bytes grew the direct pool by " + written);
        assertTrue(read <= limit, name + ": reading them grew the direct pool by " + read);
    }
}
