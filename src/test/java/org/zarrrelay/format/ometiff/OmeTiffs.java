package org.zarrrelay.format.ometiff;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.zarrrelay.format.tiff.TiffWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** OME-TIFFs with OME-XML a test writes itself, over pages laid out by our TIFF writer. */
final class OmeTiffs {
    static final String NS = "http://www.openmicroscopy.org/Schemas/OME/2016-06";

    private OmeTiffs() {
    }

    /** {@code pages} planes of {@code height x width} {@code dtype} pixels, plane p filled with p + 1, under {@code xml}. */
    static Path write(Path file, String xml, DataType dtype, int pages, int height, int width) {
        return write(file, xml.getBytes(StandardCharsets.UTF_8), dtype, pages, height, width);
    }

    /** The same with the description's bytes as given. */
    static Path write(Path file, byte[] description, DataType dtype, int pages, int height, int width) {
        Volume v = Volume.allocate(dtype, pages, height, width);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, i / (height * width) + 1);
        }
        try (TiffWriter w = TiffWriter.withDescription(file, dtype, new long[] {pages, height, width}, null,
                description, TiffWriter.CLASSIC_LIMIT)) {
            w.writeSlab(v);
            w.commit();
        }
        return file;
    }

    /** An OME document with one Image whose Pixels have {@code pixelAttributes} and {@code inner} elements. */
    static String xml(String pixelAttributes, String inner) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OME xmlns=\"" + NS + "\"><Image ID=\"Image:0\"><Pixels"
                + " ID=\"Pixels:0\" " + pixelAttributes + "><Channel ID=\"Channel:0:0\" SamplesPerPixel=\"1\"/>" + inner
                + "</Pixels></Image></OME>";
    }

    /** Pixels attributes of a uint8 z-stack of {@code z} planes of 3 x 4. */
    static String stack(int z) {
        return "DimensionOrder=\"XYZCT\" Type=\"uint8\" SizeX=\"4\" SizeY=\"3\" SizeZ=\"" + z + "\" SizeC=\"1\" SizeT=\"1\"";
    }

    /** One TiffData per plane, IFD z holding z. */
    static String tiffData(int z) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < z; i++) {
            sb.append("<TiffData IFD=\"").append(i).append("\" FirstZ=\"").append(i).append("\" PlaneCount=\"1\"/>");
        }
        return sb.toString();
    }
}
