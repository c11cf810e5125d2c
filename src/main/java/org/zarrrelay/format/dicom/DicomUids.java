package org.zarrrelay.format.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * UIDs: the standard ones zarr-relay names (PS3.6 Annex A) and the ones it makes. Ours are UUID
 * derived, {@code 2.25.<the UUID as one decimal integer>} (PS3.5 B.2), which needs no registered
 * root and is at most 44 characters, inside the 64 a UI value allows.
 */
final class DicomUids {
    private DicomUids() {
    }

    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";

    static final String IMPLICIT_LITTLE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
    static final String DEFLATED_EXPLICIT_LITTLE = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BIG = "1.2.840.10008.1.2.2";

    /** zarr-relay's Implementation Class UID (PS3.7 D.3.3.2), made once from a random UUID. */
    static final String IMPLEMENTATION_CLASS = "2.25.300438384882624048834918736855623531432";
    /** At most 16 characters (SH). */
    static final String IMPLEMENTATION_VERSION = "ZARR_RELAY_0.1";

    /** A new UID of the 2.25 arc. */
    static String random() {
        UUID u = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }

    /** What a transfer syntax is, for messages. */
    static String describe(String transferSyntax) {
        return switch (transferSyntax) {
            case IMPLICIT_LITTLE -> "Implicit VR Little Endian";
            case EXPLICIT_LITTLE -> "Explicit VR Little Endian";
            case DEFLATED_EXPLICIT_LITTLE -> "Deflated Explicit VR Little Endian";
            case EXPLICIT_BIG -> "Explicit VR Big Endian";
            case "1.2.840.10008.1.2.5" -> "RLE Lossless";
            case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51" -> "JPEG Baseline/Extended";
            case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" -> "JPEG Lossless";
            case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" -> "JPEG-LS";
            case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91" -> "JPEG 2000";
            case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203" -> "High-Throughput JPEG 2000";
            case "1.2.840.10008.1.2.1.98" -> "Encapsulated Uncompressed Explicit VR Little Endian";
            default -> transferSyntax.startsWith("1.2.840.10008.1.2.4.") ? "a compressed (encapsulated) transfer syntax"
                    : "an unknown transfer syntax";
        };
    }
}
