package org.zarrrelay.format.ometiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;

/**
 * The geometry a returned OME-TIFF reports, which the job compares with its export: sizes and
 * positions in one unit (the x axis's), a position only where its unit is a length (the schema's
 * default for positions is the abstract "reference frame"), no voxel size unless every axis has one,
 * and the job id only from a Name zarr-relay wrote.
 */
class OmeTiffGeometryTest {
    @TempDir
    Path dir;

    private FileInfo info(String pixelAttributes, String plane) {
        String xml = OmeTiffs.xml(OmeTiffs.stack(2) + " " + pixelAttributes, OmeTiffs.tiffData(2)
                + (plane == null ? "" : "<Plane TheZ=\"0\" TheC=\"0\" TheT=\"0\" " + plane + "/>"));
        Path p = OmeTiffs.write(dir.resolve("g.ome.tif"), xml, DataType.UINT8, 2, 3, 4);
        try (VolumeReader r = new OmeTiffFormat().open(p)) {
            return r.info();
        }
    }

    private static final String SIZES = "PhysicalSizeX=\"0.5\" PhysicalSizeY=\"0.5\" PhysicalSizeZ=\"2\"";

    @Test
    void positionsInAnotherUnitAreConverted() {
        assertEquals(new FileInfo(null, new double[] {2, 0.5, 0.5}, new double[] {3000, -1000, 1.5}, "micrometer"),
                info(SIZES, "PositionX=\"1.5\" PositionXUnit=\"\u00b5m\" PositionY=\"-1\" PositionYUnit=\"mm\""
                        + " PositionZ=\"3\" PositionZUnit=\"mm\""));
    }

    @Test
    void aPositionWithoutALengthUnitIsNoOrigin() {
        FileInfo sizesOnly = new FileInfo(null, new double[] {2, 0.5, 0.5}, null, "micrometer");
        assertEquals(sizesOnly, info(SIZES, "PositionX=\"1\" PositionY=\"2\" PositionZ=\"3\""), "reference frame by default");
        assertEquals(sizesOnly, info(SIZES, "PositionX=\"1\" PositionXUnit=\"pixel\" PositionY=\"2\" PositionYUnit=\"pixel\""
                + " PositionZ=\"3\" PositionZUnit=\"pixel\""));
        assertEquals(sizesOnly, info(SIZES, "PositionX=\"1\" PositionXUnit=\"\u00b5m\""), "y and z missing");
    }

    @Test
    void aVoxelSizeNeedsEveryAxis() {
        assertEquals(new FileInfo(null, null, null, null), info("PhysicalSizeX=\"0.5\" PhysicalSizeY=\"0.5\"", null),
                "no z size");
        assertEquals(new FileInfo(null, null, null, null), info(SIZES.replace("PhysicalSizeZ=\"2\"",
                "PhysicalSizeZ=\"2\" PhysicalSizeZUnit=\"pixel\""), null), "a z size in pixels");
    }

    @Test
    void spellingsOfMicrometres() {
        FileInfo want = new FileInfo(null, new double[] {2, 0.5, 0.5}, null, "micrometer");
        assertEquals(want, info(SIZES + " PhysicalSizeXUnit=\"\u03bcm\" PhysicalSizeYUnit=\"um\"", null),
                "Greek mu, and um from writers that ignore the schema");
        assertEquals(new FileInfo(null, new double[] {2000, 0.5, 0.5}, null, "nanometer"),
                info("PhysicalSizeX=\"0.5\" PhysicalSizeXUnit=\"nm\" PhysicalSizeY=\"0.5\" PhysicalSizeYUnit=\"nm\""
                        + " PhysicalSizeZ=\"2\"", null), "z in the default µm, reported in x's nm");
    }

    @Test
    void theJobIdComesOnlyFromOurName() {
        String xml = OmeTiffs.xml(OmeTiffs.stack(1), OmeTiffs.tiffData(1));
        for (String[] c : new String[][] {{"zarr-relay job abc-1", "abc-1"}, {"cells.tif", null}, {"zarr-relay job ", null}}) {
            Path p = OmeTiffs.write(dir.resolve("n.ome.tif"), xml.replace("<Image ID=\"Image:0\">",
                    "<Image ID=\"Image:0\" Name=\"" + c[0] + "\">"), DataType.UINT8, 1, 3, 4);
            try (VolumeReader r = new OmeTiffFormat().open(p)) {
                assertEquals(c[1], r.info().jobId(), c[0]);
            }
        }
    }
}
