package org.zarrrelay.format.ometiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.format.tiff.TiffFormat;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * A file named {@code .ome.tif} whose first description is not XML (ImageJ's File > Save As > Tiff
 * keeps the name a user typed but writes ImageJ's description) is read as the plain TIFF it is,
 * with what ImageJ's metadata says: refusing it would lose a result over its name.
 */
class OmeTiffWithoutOmeXmlTest {
    @TempDir
    Path dir;

    @Test
    void anImageJTiffNamedOmeTifReadsAsATiff() {
        Volume v = OmeTiffRoundTripTest.random(DataType.UINT16, 3, 4, 5);
        FileInfo info = new FileInfo("job-ij", new double[] {2, 0.5, 0.5}, null, "micrometer");
        Path p = dir.resolve("job-ij.ome.tif");
        try (VolumeWriter w = new TiffFormat().create(p, DataType.UINT16, new long[] {3, 4, 5}, info)) {
            w.writeSlab(v);
            w.commit();
        }
        try (VolumeReader r = Formats.forPath(p).open(p)) {
            assertArrayEquals(new long[] {3, 4, 5}, r.shape());
            assertArrayEquals(v.data(), r.readSlab(0, 3).data());
            assertEquals("job-ij", r.info().jobId(), "from ImageJ's Info");
            assertArrayEquals(new double[] {2, 0.5, 0.5}, r.info().voxelSize(), 1e-6);
        }
    }
}
