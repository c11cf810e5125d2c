package org.zarrrelay.format.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Every way an npy file can be unusable, and the message that tells the user what to do. */
class NpyErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotNpy() throws IOException {
        Path file = Files.writeString(dir.resolve("image.npy"), "II*\0 this is a TIFF");
        assertMessage(file, file + " is not a NumPy .npy file: it does not start with the npy magic bytes \\x93NUMPY:"
                + " save the array with numpy.save(path, array)");
    }

    @Test
    void aFileTooShortToBeNpy() throws IOException {
        Path file = Files.write(dir.resolve("tiny.npy"), new byte[] {(byte) 0x93, 'N', 'U'});
        assertMessage(file, file + " is not a NumPy .npy file: it does not start with the npy magic bytes \\x93NUMPY"
                + " (it has only 3 bytes): save the array with numpy.save(path, array)");
        Path empty = Files.write(dir.resolve("empty.npy"), new byte[0]);
        assertMessage(empty, empty + " is empty (0 bytes): it was probably cut off while being saved or copied;"
                + " save or copy it again");
    }

    @Test
    void anNpzArchive() throws IOException {
        Path file = Files.write(dir.resolve("arrays.npy"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0});
        assertMessage(file, file + " is a zip archive (an .npz from numpy.savez?), not a .npy file:"
                + " save a single array with numpy.save(path, array)");
    }

    @Test
    void anUnknownFormatVersion() throws IOException {
        byte[] bytes = NpyHeader.of(DataType.UINT8, 2).toBytes();
        bytes[6] = 4;
        Path file = Files.write(dir.resolve("v4.npy"), NpyRoundTripTest.concat(bytes, new byte[2]));
        assertMessage(file, file + " uses npy format version 4.0; zarr-relay reads versions 1.0, 2.0 and 3.0:"
                + " save it with numpy.save from NumPy 1.x or 2.x");
    }

    @Test
    void aTruncatedHeader() throws IOException {
        byte[] bytes = NpyHeader.of(DataType.UINT8, 2).toBytes();
        Path file = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(bytes, 40));
        assertMessage(file, file + " is truncated: its npy header should be 118 bytes long but the file ends after 40 bytes;"
                + " save or copy it again");
        Path lengthCut = Files.write(dir.resolve("cut2.npy"), Arrays.copyOf(bytes, 9));
        assertMessage(lengthCut, lengthCut + " is truncated: it ends after 9 bytes, inside the npy header;"
                + " save or copy it again");
    }

    @Test
    void anAbsurdHeaderLength() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(0x7fff_0000);
        Path file = Files.write(dir.resolve("huge.npy"), buf.array());
        assertMessage(file, file + " claims an npy header of 2147418112 bytes, more than the 1048576 zarr-relay accepts:"
                + " the file is damaged; save the array again with numpy.save(path, array)");
    }

    @Test
    void truncatedData() throws IOException {
        Path file = dir.resolve("cut.npy");
        NpyWriter.write(file, NpyTestData.pattern(DataType.UINT16, 40, 50));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 3128));
        assertMessage(file, file + " is truncated: its header describes uint16 (40, 50), 4000 bytes of data after byte 128,"
                + " but the file has only 3128 bytes; it was probably cut off while being copied or saved:"
                + " save or copy it again");
    }

    @Test
    void bytesAfterTheData() throws IOException {
        Path file = dir.resolve("long.npy");
        NpyWriter.write(file, NpyTestData.pattern(DataType.UINT8, 4));
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertMessage(file, file + " has 3 bytes after the array data (its header describes uint8 (4,), 4 bytes of data"
                + " after byte 128, file size 135): it is damaged or not written by numpy.save; save it again");
    }

    @Test
    void damagedHeaderDictionaries() throws IOException {
        String suffix = "; save the array again with numpy.save(path, array)";
        assertDamaged("{'descr': '<u2', 'fortran_order': False}", "it lacks the key 'shape' in {'descr': '<u2', "
                + "'fortran_order': False}" + suffix);
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
                "it has the unexpected key 'extra' (numpy writes only descr, fortran_order and shape) in");
        assertDamaged("['descr', '<u2']", "it is not a dictionary in ['descr', '<u2']" + suffix);
        assertDamaged("{'descr': '<u2', 'fortran_order': 0, 'shape': (2,)}", "'fortran_order' is not True or False in");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': 2}", "'shape' is not a tuple of integers in");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (2, -1)}",
                "'shape' has -1 on axis 1, not a count >= 0 in");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (4294967296, 4294967296)}",
                "'shape' [4294967296, 4294967296] has more elements than fit in 64 bits in");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (2,)", "expected ',' or '}' at the end in");
        assertDamaged("{'descr': '<u2', 'fortran_order': false, 'shape': (2,)}",
                "'false' is not a literal (only True, False and None are) at character 34 in");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (2,)} x", "unexpected text after the value at");
        assertDamaged("{'descr: '<u2'}", "expected ':' at character 10 in");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), 'shape': (3,)}",
                "key 'shape' appears twice at character 56 in");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), 'x': 'open}", "a string is not closed at the end");
        assertDamaged("{'descr': '<u2', 'fortran_order': False, 'shape': (2, 99999999999999999999)}",
                "'99999999999999999999' is not an integer that fits in 64 bits at character 54 in");
        assertDamaged("", "a value is missing at the end in");
    }

    @Test
    void aDescrThatIsNotAString() throws IOException {
        Path file = Files.write(dir.resolve("d.npy"), NpyHeaderTest.handMade("{'descr': 5, 'fortran_order': False, 'shape': (2,)}"));
        assertMessage(file, file + " has a damaged header: 'descr' is 5, not a numpy type string such as '<u2'");
    }

    @Test
    void complexNumbers() {
        Path file = NpyTestData.fixture("complex64.npy");
        assertMessage(file, file + " holds complex numbers (numpy type '<c8'), which zarr-relay does not support (it reads "
                + NpyDescr.SUPPORTED + "): save the real and imaginary parts as separate float arrays, e.g."
                + " numpy.save(path, a.real.astype(numpy.float32))");
    }

    @Test
    void pythonObjects() {
        Path file = NpyTestData.fixture("object.npy");
        assertMessage(file, file + " holds Python objects (numpy type '|O'), which zarr-relay does not support (it reads "
                + NpyDescr.SUPPORTED + "): an object array holds Python objects, not numbers; convert it to a numeric"
                + " array, e.g. numpy.save(path, numpy.asarray(a, dtype=numpy.float32))");
    }

    @Test
    void halfPrecisionFloats() {
        Path file = NpyTestData.fixture("float16.npy");
        assertMessage(file, file + " holds floating-point numbers of 2 bytes (numpy type '<f2'), which zarr-relay does not"
                + " support (it reads " + NpyDescr.SUPPORTED + "): convert it with a.astype(numpy.float32) and save again");
    }

    @Test
    void structuredArrays() {
        Path file = NpyTestData.fixture("structured.npy");
        assertMessage(file, file + " holds a structured array (numpy record fields [[x, <f4], [y, <i2]]); zarr-relay reads"
                + " plain arrays of one of " + NpyDescr.SUPPORTED + ": save each field on its own, e.g."
                + " numpy.save(path, a['fieldname'])");
    }

    @Test
    void textAndDates() {
        Path text = NpyTestData.fixture("unicode.npy");
        assertMessage(text, text + " holds text (numpy type '<U2'), which zarr-relay does not support (it reads "
                + NpyDescr.SUPPORTED + "): convert it with a.astype(...) to one of those types and save again with numpy.save");
        Path dates = NpyTestData.fixture("datetime.npy");
        assertMessage(dates, dates + " holds datetimes (numpy type '<M8[D]'), which zarr-relay does not support (it reads "
                + NpyDescr.SUPPORTED + "): convert it to integers with a.astype(numpy.int64) and save again");
    }

    @Test
    void fortranOrder() {
        Path file = NpyTestData.fixture("fortran_float32.npy");
        assertMessage(file, file + " is stored in Fortran (column-major) order, which zarr-relay does not read: save it"
                + " with numpy.ascontiguousarray, e.g. numpy.save(path, numpy.ascontiguousarray(a))");
    }

    @Test
    void aMissingFile() {
        Path file = dir.resolve("nowhere.npy");
        RelayException e = assertThrows(RelayException.class, () -> NpyReader.read(file));
        assertEquals("cannot read " + file + ": the file does not exist", e.getMessage());
    }

    @Test
    void writingIntoAMissingFolder() {
        Path file = dir.resolve("no/such/folder/out.npy");
        RelayException e = assertThrows(RelayException.class,
                () -> NpyWriter.write(file, Volume.allocate(DataType.UINT8, 2)));
        assertEquals("cannot write " + file + ": the folder " + file.getParent() + " does not exist", e.getMessage());
    }

    private void assertDamaged(String dict, String expectedPart) throws IOException {
        Path file = Files.write(dir.resolve("damaged.npy"), NpyHeaderTest.handMade(dict));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyReader.read(file));
        String prefix = file + " has a damaged npy header: ";
        assertTrue(e.getMessage().startsWith(prefix + expectedPart), e.getMessage());
    }

    private static void assertMessage(Path file, String expected) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyReader.read(file));
        assertEquals(expected, e.getMessage());
    }

}
