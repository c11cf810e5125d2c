package org.zarrrelay.format.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zarrrelay.format.dicom.DicomHostileInputTest.assertRefused;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** A zipped series is read in place; an archive that lies about its entries is refused, not trusted. */
class DicomZipInputTest {
    @TempDir
    Path dir;

    private Path zip(Path series, String name, Charset names) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out, names)) {
            for (Path p : Files.list(series).sorted().toList()) {
                z.putNextEntry(new ZipEntry("série/" + p.getFileName()));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void readsAZippedExportWithUtf8OrDosNames() throws IOException {
        Volume v = DicomTestData.pattern(DataType.UINT16, 3, 4, 5);
        Path series = DicomTestData.write(dir.resolve("job"), v, new FileInfo("z1", new double[] {1, 2, 3}, null, "millimeter"), 1);
        for (Charset names : List.of(StandardCharsets.UTF_8, Charset.forName("IBM437"))) {
            Path zip = zip(series, "series-" + names.name() + ".zip", names);
            try (VolumeReader r = Formats.forPath(zip).open(zip)) {
                assertArrayEquals(new long[] {3, 4, 5}, r.shape());
                assertTrue(r.readSlab(0, 3).contentEquals(v), names.name());
                assertArrayEquals(new double[] {1, 2, 3}, r.info().voxelSize());
            }
        }
    }

    @Test
    void notAZip() throws IOException {
        Path fake = Files.writeString(dir.resolve("series.zip"), "not a zip archive");
        assertRefused(fake, "the DICOM archive", "series.zip is not a readable zip file (", "zip the series folder again");
    }

    /** The size in the central directory is checked before an entry is read. */
    @Test
    void anEntryClaimingGigabytes() throws IOException {
        Path zip = zip(DicomTestData.write(dir.resolve("job"), DicomTestData.pattern(DataType.UINT8, 2, 2, 2), FileInfo.NONE, 2),
                "huge.zip", StandardCharsets.UTF_8);
        patchUncompressedSize(zip, 0, 0xFFFF_FFF0L);
        assertRefused(zip, "huge.zip is damaged or not a series: its entry série/IMG0001.dcm says it holds 4294967280 bytes,"
                + " more than any slice");
    }

    /** Reads stop at the size the archive states, so an entry that inflates to more cannot make the reader read on. */
    @Test
    void anEntryShorterThanItsContent() throws IOException {
        Path zip = zip(DicomTestData.write(dir.resolve("job"), DicomTestData.pattern(DataType.UINT8, 2, 2, 2), FileInfo.NONE, 2),
                "short.zip", StandardCharsets.UTF_8);
        patchUncompressedSize(zip, 1, 300);
        assertRefused(zip, "DICOM file série/IMG0002.dcm in ", "short.zip is damaged:", "but the file ends after");
    }

    /** Sets the uncompressed size of the {@code n}-th central directory entry (APPNOTE 4.3.12, offset 24). */
    private static void patchUncompressedSize(Path zip, int n, long size) throws IOException {
        byte[] b = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int seen = 0;
        for (int i = 0; i + 4 <= b.length; i++) {
            if (buf.getInt(i) == 0x02014b50 && seen++ == n) {
                buf.putInt(i + 24, (int) size);
                Files.write(zip, b);
                return;
            }
        }
        throw new IllegalStateException("no central directory entry " + n);
    }
}
