package org.zarrrelay.format.ometiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.tiff.TiffPages;
import org.zarrrelay.volume.DataType;

/**
 * OME-XML that is hostile or wrong is refused with the reason, quickly and without a large
 * allocation (this class also runs in a 32 MB heap): entity definitions and external references
 * are never read, an oversized description is not even loaded, and TiffData that point past the
 * file's directories, overlap or leave planes out are caught before a plane is read.
 */
class OmeTiffHostileInputTest {
    @TempDir
    Path dir;

    private Path file(String name, String xml, int pages) {
        return OmeTiffs.write(dir.resolve(name + ".ome.tif"), xml, DataType.UINT8, pages, 3, 4);
    }

    private Path stack(String name, int z, String inner) {
        return file(name, OmeTiffs.xml(OmeTiffs.stack(z), inner), z);
    }

    @Test
    void entitiesAreNeverDefined() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE OME [<!ENTITY a \"hahahahahahahahahaha\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]>"
                + OmeTiffs.xml(OmeTiffs.stack(1), OmeTiffs.tiffData(1)).replace("<Image ID=\"Image:0\">",
                "<Image ID=\"Image:0\" Name=\"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">").substring(38);
        assertRefused(file("laughs", laughs, 1), "its OME-XML declares a DTD (<!DOCTYPE ...>), which OME-XML never does");
        String external = "<?xml version=\"1.0\"?><!DOCTYPE OME [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + OmeTiffs.xml(OmeTiffs.stack(1), OmeTiffs.tiffData(1)).substring(38).replace("<Image ID=\"Image:0\">",
                "<Image ID=\"Image:0\" Name=\"&x;\">");
        assertRefused(file("external", external, 1), "declares a DTD");
    }

    @Test
    void aDescriptionTooLargeToBeOmeXmlIsNotLoaded() throws IOException {
        long length = TiffPages.MAX_DESCRIPTION_BYTES + 1;
        long textAt = 1000;
        Path file = dir.resolve("huge.ome.tif");
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 6);
        entry(b, 256, 4, 1, 4);
        entry(b, 257, 4, 1, 3);
        entry(b, 258, 3, 1, 8);
        entry(b, 270, 2, length, textAt);
        entry(b, 273, 4, 1, 200);
        entry(b, 279, 4, 1, 12);
        b.putInt(0);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(textAt + length);  // sparse: the 32 MB of text are a hole
            f.write(b.array(), 0, b.position());
            f.seek(textAt);
            f.write("<OME".getBytes(StandardCharsets.US_ASCII));
        }
        RelayException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(RelayException.class, () -> new OmeTiffFormat().open(file).close()));
        assertTrue(e.getMessage().startsWith("TIFF file " + file + " has an ImageDescription of " + length + " bytes, more"
                + " than the " + TiffPages.MAX_DESCRIPTION_BYTES + " zarr-relay reads"), e.getMessage());
    }

    private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
        b.putShort((short) tag).putShort((short) type).putInt((int) count);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt((int) value);
        }
    }

    @Test
    void malformedXml() {
        assertRefused(file("unclosed", OmeTiffs.xml(OmeTiffs.stack(1), OmeTiffs.tiffData(1)).replace("</Image>", ""), 1),
                "its OME-XML is not well-formed XML (line 1, column ");
        byte[] latin1 = OmeTiffs.xml(OmeTiffs.stack(1), OmeTiffs.tiffData(1)).replace("<Image ID=\"Image:0\">",
                "<Image ID=\"Image:0\" Name=\"caf\u00e9\">").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(OmeTiffs.write(dir.resolve("latin1.ome.tif"), latin1, DataType.UINT8, 1, 3, 4), "UTF-8");
        assertRefused(file("html", "<html><body>not OME</body></html>", 1),
                "its ImageDescription is XML but not OME-XML (the root element is html, not OME)");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            deep.append("<a>");
        }
        assertRefused(file("deep", OmeTiffs.xml(OmeTiffs.stack(1), OmeTiffs.tiffData(1)).replace("</Image>",
                "</Image>" + deep + deep.toString().replace("<", "</")), 1), "nests elements more than 100 deep");
    }

    @Test
    void tiffDataPointingPastTheDirectories() {
        assertRefused(stack("ifd-past", 2, "<TiffData IFD=\"5\" FirstZ=\"0\" PlaneCount=\"1\"/><TiffData IFD=\"1\" FirstZ=\"1\"/>"),
                "its OME-XML has a TiffData pointing to IFD 5, but the file has only 2 image directories (IFD 0 to 1)");
        assertRefused(stack("count-past", 2, "<TiffData IFD=\"1\" FirstZ=\"0\" PlaneCount=\"2\"/>"),
                "its OME-XML has a TiffData of 2 planes from IFD 1, past the file's 2 image directories");
        assertRefused(stack("planes-past", 2, "<TiffData IFD=\"0\" FirstZ=\"1\" PlaneCount=\"2\"/>"),
                "its OME-XML has a TiffData of 2 planes from plane z=1, c=0, t=0, past the 2 planes of the Pixels");
        assertRefused(stack("first-z-past", 2, "<TiffData IFD=\"0\" FirstZ=\"7\"/>"),
                "its OME-XML has a TiffData starting at FirstZ=7, FirstC=0, FirstT=0, outside the Pixels' SizeZ=2");
        assertRefused(stack("ifd-huge", 2, "<TiffData IFD=\"99999999999\"/>"),
                "its OME-XML has a TiffData with IFD=\"99999999999\", which is not a count from 0 to 2147483647");
        assertRefused(stack("negative", 2, "<TiffData IFD=\"-1\"/>"), "TiffData with IFD=\"-1\", which is not a count");
        assertRefused(file("size-z-huge", OmeTiffs.xml(OmeTiffs.stack(2147483647), OmeTiffs.tiffData(2)), 2),
                "its OME-XML describes 2147483647 planes (SizeZ 2147483647 x SizeC 1 x SizeT 1) but the file has only 2"
                        + " image directories");
        assertRefused(stack("many", 2, OmeTiffs.tiffData(2) + OmeTiffs.tiffData(2)),
                "its OME-XML has more TiffData elements than the file has image directories (2)");
    }

    @Test
    void tiffDataThatLeaveOutOrDoublePlanes() {
        assertRefused(stack("none", 2, ""), "its OME-XML has no TiffData, so it does not say which page holds which plane");
        assertRefused(stack("left-out", 2, "<TiffData IFD=\"0\" FirstZ=\"0\"/>"),
                "its OME-XML puts plane z=1, c=0, t=0 in no TiffData");
        assertRefused(stack("twice", 2, "<TiffData IFD=\"0\" FirstZ=\"0\"/><TiffData IFD=\"1\" FirstZ=\"0\"/>"),
                "its OME-XML puts plane z=0, c=0, t=0 in IFD 0 and in IFD 1");
        assertRefused(stack("other-file", 1, "<TiffData IFD=\"0\"><UUID FileName=\"other.ome.tif\">urn:uuid:1</UUID>"
                + "</TiffData>"), "its OME-XML puts planes in another file (TiffData UUID urn:uuid:1, other.ome.tif)");
    }

    @Test
    void pixelsThatDoNotMatchThePages() {
        assertRefused(file("type", OmeTiffs.xml(OmeTiffs.stack(1).replace("uint8", "float"), OmeTiffs.tiffData(1)), 1),
                "its OME-XML says the pixels are float but its pages hold uint8 samples");
        assertRefused(file("size", OmeTiffs.xml(OmeTiffs.stack(1).replace("SizeX=\"4\"", "SizeX=\"5\""),
                OmeTiffs.tiffData(1)), 1), "its OME-XML gives planes of 5 x 3 pixels but its pages are 4 x 3");
        assertRefused(file("no-size", OmeTiffs.xml(OmeTiffs.stack(1).replace("SizeZ=\"1\"", ""), OmeTiffs.tiffData(1)), 1),
                "its OME-XML Pixels element has no SizeZ, which the schema requires");
        assertRefused(file("zero", OmeTiffs.xml(OmeTiffs.stack(1).replace("SizeZ=\"1\"", "SizeZ=\"0\""),
                OmeTiffs.tiffData(1)), 1), "its OME-XML gives SizeZ=\"0\", which is not a positive integer");
        assertRefused(file("order", OmeTiffs.xml(OmeTiffs.stack(1).replace("XYZCT", "XYZZT"), OmeTiffs.tiffData(1)), 1),
                "its OME-XML gives DimensionOrder=\"XYZZT\", which is none of XYCTZ, XYCZT, XYTCZ, XYTZC, XYZCT, XYZTC");
        assertRefused(file("bit", OmeTiffs.xml(OmeTiffs.stack(1).replace("uint8", "bit"), OmeTiffs.tiffData(1)), 1),
                "its OME-XML gives the pixels Type=\"bit\", which zarr-relay does not read");
        assertRefused(file("size-nan", OmeTiffs.xml(OmeTiffs.stack(1) + " PhysicalSizeX=\"wide\"", OmeTiffs.tiffData(1)), 1),
                "its OME-XML gives PhysicalSizeX=\"wide\", which is not a number");
    }

    @Test
    void documentsThatAreNotOneSingleChannelImageInThisFile() {
        String timepoints = OmeTiffs.stack(1).replace("SizeT=\"1\"", "SizeT=\"3\"");
        assertRefused(file("timepoints", OmeTiffs.xml(timepoints, OmeTiffs.tiffData(3)), 3),
                "it holds 1 channels and 3 timepoints, and an export is one channel at one timepoint");
        String two = OmeTiffs.xml(OmeTiffs.stack(1), OmeTiffs.tiffData(1)).replace("</OME>",
                "<Image ID=\"Image:1\"><Pixels ID=\"Pixels:1\" " + OmeTiffs.stack(1) + "><TiffData IFD=\"1\"/></Pixels>"
                        + "</Image></OME>");
        assertRefused(file("two-images", two, 2), "its OME-XML describes 2 images (series)");
        assertRefused(file("binary-only", "<OME xmlns=\"" + OmeTiffs.NS + "\"><BinaryOnly MetadataFile=\"a.companion.ome\""
                + " UUID=\"urn:uuid:2\"/></OME>", 1), "a companion metadata file (BinaryOnly)");
        assertRefused(file("bindata", OmeTiffs.xml(OmeTiffs.stack(1), "<BinData Length=\"0\" BigEndian=\"false\"/>"), 1),
                "keeps the pixels in the XML (BinData)");
        assertRefused(file("no-image", "<OME xmlns=\"" + OmeTiffs.NS + "\"/>", 1), "its OME-XML has no Image with Pixels");
    }

    /** Opening, and reading everything when opening succeeds, fails with a RelayException giving the reason. */
    private static void assertRefused(Path file, String expected) {
        RelayException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(RelayException.class, () -> {
            try (VolumeReader r = new OmeTiffFormat().open(file)) {
                r.readSlab(0, r.shape().length == 2 ? 1 : (int) r.shape()[0]);
            }
        }));
        assertTrue(e.getMessage().startsWith("OME-TIFF file " + file + " is not read: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
