package org.zarrrelay.format.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * A stack whose ImageJ description says images=N, and whose file holds N planes after the first
 * strip, is read as ImageJ reads it, from its first directory, also when the rest of its directory
 * chain is damaged. (A chain that can be walked and says the pages are not back to back is read page
 * by page: TiffFromTifffileTest, u16_imagej_description_pages.)
 */
class TiffImageJContiguousTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedChainAfterTheFirstDirectoryIsReadAsImageJReadsIt() throws IOException {
        Volume stack = Volume.allocate(DataType.UINT16, 5, 6, 7);
        for (int i = 0; i < stack.elementCount(); i++) {
            stack.setLong(i, i * 31);
        }
        Path file = dir.resolve("stack.tif");
        try (VolumeWriter w = new TiffFormat().create(file, DataType.UINT16, new long[] {5, 6, 7}, FileInfo.NONE)) {
            w.writeSlab(stack);
            w.commit();
        }
        // point the first directory's next-directory link back at itself: a walk of the chain would refuse the file
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int first = b.getInt(4);
        b.putInt(first + 2 + 12 * (b.getShort(first) & 0xffff), first);
        Files.write(file, bytes);

        try (VolumeReader r = new TiffFormat().open(file)) {
            assertArrayEquals(new long[] {5, 6, 7}, r.shape());
            assertArrayEquals(stack.data(), r.readSlab(0, 5).data());
        }
    }
}
