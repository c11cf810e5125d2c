package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.tiff.TiffFormat;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/** Exports from OME-Zarr images: a chosen level, its physical calibration, and 5D images cut to z, y, x. */
class OmeExportTest {
    @TempDir
    Path dir;

    private Manifest export(String json) {
        RegionRequest r = (RegionRequest) Request.parse(json.getBytes());
        String location = new StoreRoots(List.of(dir)).resolve(r.store());
        return new ExportService().exportJob(r, r.store(), location,
                dir.resolve("exports").resolve(JobFiles.export(r.id(), r.format())), Progress.NONE).manifest();
    }

    @Test
    void aLowerLevelExportsWithItsOwnVoxelSizeAndOrigin() {
        SampleImage.write(new FileSystemStore(dir.resolve("img.zarr")), 16, 32, 32);
        Manifest m = export("{\"id\": \"lv\", \"store\": \"img.zarr\", \"level\": 1, \"region\": \"2:6,4:12,8:16\"}");
        assertEquals("1", m.array());
        assertArrayEquals(new double[] {4.0, 1.0, 1.0}, m.voxelSize());
        assertArrayEquals(new double[] {8.0, 4.0, 8.0}, m.origin(), "offset x scale");
        assertEquals("micrometer", m.unit());
        try (VolumeReader r = new TiffFormat().open(dir.resolve("exports/lv.tif"))) {
            assertArrayEquals(new double[] {4.0, 1.0, 1.0}, r.info().voxelSize(), 1e-6);
            Volume expected = ZarrArray.open(new FileSystemStore(dir.resolve("img.zarr")), "1")
                    .read(new long[] {2, 4, 8}, new int[] {4, 8, 8});
            assertArrayEquals(expected.data(), r.readSlab(0, 4).data());
        }
        RequestException e = assertThrows(RequestException.class,
                () -> export("{\"id\": \"lv9\", \"store\": \"img.zarr\", \"level\": 9, \"region\": \"0:1,0:1,0:1\"}"));
        assertTrue(e.getMessage().contains("levels 0 to 2"), e.getMessage());
    }

    @Test
    void aFiveDimensionalImageExportsTheChosenTimeAndChannel() {
        FileSystemStore store = new FileSystemStore(dir.resolve("5d.zarr"));
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        ObjectNode ms = attrs.putArray("multiscales").addObject().put("version", "0.4");
        ArrayNode axes = ms.putArray("axes");
        axes.addObject().put("name", "t").put("type", "time");
        axes.addObject().put("name", "c").put("type", "channel");
        for (String a : new String[] {"z", "y", "x"}) {
            axes.addObject().put("name", a).put("type", "space").put("unit", "micrometer");
        }
        ms.putArray("datasets").addObject().put("path", "0").putArray("coordinateTransformations").addObject()
                .put("type", "scale").putArray("scale").add(1).add(1).add(3).add(0.5).add(0.5);
        Hierarchy.createGroup(store, "", 2, attrs);
        ZarrArray a = ZarrArray.create(store, "0", NewArray.of(2, new long[] {2, 3, 6, 7, 8}, new int[] {1, 1, 4, 4, 4},
                DataType.UINT16, "zstd:1").toMetadata());
        Volume v = Volume.allocate(DataType.UINT16, 2, 3, 6, 7, 8);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, i);
        }
        a.write(new long[5], v);
        Manifest m = export("{\"id\": \"t1c2\", \"store\": \"5d.zarr\", \"array\": \"0\", \"region\": \"1,2,1:5,0:7,2:8\","
                + " \"format\": \"npy\"}");
        assertArrayEquals(new long[] {4, 7, 6}, m.fileShape());
        assertArrayEquals(new double[] {3, 0.5, 0.5}, m.voxelSize(), "the calibration of the axes the file keeps");
        Volume file = NpyReader.read(dir.resolve("exports/t1c2.npy"));
        assertEquals(v.getLong(v.index(1, 2, 1, 0, 2)), file.getLong(0));
        assertEquals(v.getLong(v.index(1, 2, 4, 6, 7)), file.getLong(file.elementCount() - 1));
    }
}
