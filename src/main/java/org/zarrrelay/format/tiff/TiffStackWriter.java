package org.zarrrelay.format.tiff;

import java.nio.file.Path;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.volume.DataType;

/**
 * The ImageJ flavour of {@link TiffWriter}: a stack that ImageJ/Fiji opens as a calibrated stack,
 * with ImageJ's description (images/slices/unit/spacing/origin) and the job id in ImageJ's Info
 * property, which ImageJ keeps across Save. Hand-written rather than through ImageIO because ImageIO
 * writers neither guarantee the contiguous layout ImageJ reads nor write ImageJ's private tags, and
 * TwelveMonkeys cannot write float32.
 */
final class TiffStackWriter {
    private TiffStackWriter() {
    }

    static TiffWriter create(Path target, DataType dtype, long[] shape, FileInfo fileInfo, long classicLimit) {
        if (!TiffFormat.WRITABLE.contains(dtype)) {
            throw new RelayException("TIFF for ImageJ holds uint8, uint16, int16 or float32 voxels, not " + dtype.numpyName()
                    + ": ask for \"format\": \"npy\" instead (or \"ome-tiff\", which holds int8, uint32, int32 and float64 too)");
        }
        FileInfo info = fileInfo == null ? FileInfo.NONE : fileInfo;
        int planes = shape.length == 3 ? Math.toIntExact(shape[0]) : 1;
        double[] size = info.voxelSize();
        double spacing = size != null && size.length == 3 ? size[0] : 0;
        String description = ImageJDescription.write(planes, spacing, info.unit(), info.origin(), size);
        String jobId = info.jobId();
        return new TiffWriter(target, dtype, shape, size, ifd -> {
            ifd.ascii(TiffTags.IMAGE_DESCRIPTION, description);
            if (jobId != null) {
                byte[][] meta = ImageJMetadata.info(TiffFormat.JOB_KEY + "=" + jobId + "\n");
                ifd.longs(TiffTags.IJ_METADATA_BYTE_COUNTS, ImageJMetadata.HEADER, meta[1].length);
                ifd.bytes(TiffTags.IJ_METADATA, meta[2]);
            }
        }, classicLimit);
    }
}
