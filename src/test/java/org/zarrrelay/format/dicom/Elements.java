package org.zarrrelay.format.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The top-level elements of an Explicit VR Little Endian Part 10 file up to its pixels, values as text (US as numbers). */
final class Elements {
    private Elements() {
    }

    static Map<Integer, String> of(Path file) throws IOException {
        Map<Integer, String> out = new LinkedHashMap<>();
        long size = Files.size(file);
        try (DicomInput in = new DicomInput(Files.newInputStream(file), size, file.toString())) {
            in.skip(132, "preamble");
            while (in.remaining() > 0) {
                int tag = in.tag();
                String vr = new String(in.bytes(2, "VR"), StandardCharsets.US_ASCII);
                long length = ElementWriter.LONG_VRS.contains(vr) ? skipThenLength(in) : in.u16();
                if (tag == DicomTags.PIXEL_DATA) {
                    out.put(tag, Long.toString(length));
                    break;
                }
                byte[] v = in.bytes(length, "value");
                out.put(tag, vr.equals("US") ? Integer.toString((v[0] & 0xff) | (v[1] & 0xff) << 8)
                        : vr.equals("UL") || vr.equals("OB") ? "(binary)" : new String(v, StandardCharsets.US_ASCII)
                        .replaceAll("[\\x00 ]+$", ""));
            }
        }
        return out;
    }

    private static long skipThenLength(DicomInput in) throws IOException {
        in.skip(2, "reserved");
        return in.u32();
    }
}
