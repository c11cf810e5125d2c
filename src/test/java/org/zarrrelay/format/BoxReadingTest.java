package org.zarrrelay.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * A returned file too wide for whole-plane slabs is read box by box from the file itself where the
 * format can ({@link VolumeReader#readsBoxes}: npy, uncompressed TIFF and OME-TIFF): every box must
 * hold what the same box cut out of the whole file holds, for files made by numpy and tifffile
 * (big-endian, strips, BigTIFF, OME planes out of IFD order), our own, and 2D images (ImageJ's saves:
 * {@code TiffImageJTest}). Compressed TIFF pages say they cannot.
 */
class BoxReadingTest {
    @TempDir
    Path dir;

    private static List<Path> fixtures(String folder, String ending) throws IOException, URISyntaxException {
        Path root = Path.of(BoxReadingTest.class.getResource("/fixtures/" + folder).toURI());
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(ending)).sorted().toList();
        }
    }

    @Test
    void everyBoxEqualsTheSameBoxCutFromTheWholeFile() throws Exception {
        List<Path> files = new ArrayList<>(fixtures("npy", ".npy"));
        files.addAll(fixtures("tiff", ".tif"));
        files.addAll(fixtures("ometiff", ".ome.tif"));  // planes out of IFD order among them
        Volume v = Volume.allocate(DataType.INT16, new int[] {6, 9, 11});
        new Random(5).nextBytes(v.data());
        files.add(FormatFiles.write(dir.resolve("ours.tif"), "tiff", v, FileInfo.NONE));
        Volume flat = Volume.allocate(DataType.UINT16, new int[] {13, 7});
        new Random(6).nextBytes(flat.data());
        files.add(FormatFiles.write(dir.resolve("flat.tif"), "tiff", flat, FileInfo.NONE));
        int checked = 0;
        Random random = new Random(9);
        for (Path file : files) {
            VolumeReader reader;
            try {
                reader = Formats.forPath(file).open(file);
            } catch (RelayException e) {
                continue;  // a fixture of what numpy writes that we refuse (object, complex, ...): tested elsewhere
            }
            try (reader) {
                long[] shape = reader.shape();
                if (shape.length == 0 || Arrays.stream(shape).anyMatch(n -> n == 0)) {
                    continue;
                }
                boolean compressed = file.getFileName().toString().contains("deflate");
                assertEquals(!compressed, reader.readsBoxes(), file.getFileName().toString());
                Volume whole = reader.readSlab(0, (int) shape[0]);
                for (int k = 0; k < 12; k++) {
                    long[] at = new long[shape.length];
                    int[] size = new int[shape.length];
                    for (int d = 0; d < shape.length; d++) {
                        at[d] = random.nextInt((int) shape[d]);
                        size[d] = 1 + random.nextInt((int) (shape[d] - at[d]));
                    }
                    Volume expected = Volume.allocate(whole.dtype(), size);
                    BoxCopy.copy(whole, Arrays.stream(at).mapToInt(Math::toIntExact).toArray(), expected,
                            new int[size.length], size);
                    Volume box = reader.readBox(at, size);
                    String what = file.getFileName() + " box " + Arrays.toString(size) + " at " + Arrays.toString(at);
                    assertEquals(expected.dtype(), box.dtype(), what);
                    assertArrayEquals(expected.data(), box.data(), what);
                }
                checked++;
            }
        }
        assertTrue(checked >= 20, "files checked: " + checked);
    }
}
