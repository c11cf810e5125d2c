package org.zarrrelay.format.tiff;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;

/**
 * TIFF stacks for Fiji/ImageJ (TIFF 6.0, https://www.itu.int/itudoc/itu-t/com16/tiff-fx/docs/tiff6.pdf):
 * written as ImageJ writes them (as BigTIFF past 4 GiB), read from ImageJ and other tools.
 */
public final class TiffFormat implements VolumeFormat {
    /** The types ImageJ opens natively (int16 as signed 16-bit with a calibration). */
    static final Set<DataType> WRITABLE = EnumSet.of(DataType.UINT8, DataType.UINT16, DataType.INT16, DataType.FLOAT32);
    /** The line of ImageJ's Info property that carries the job id. */
    static final String JOB_KEY = "zarr-relay-job";

    /** Null: {@link TiffWriter#classicLimit()} when a file is created. */
    private final Long classicLimit;

    public TiffFormat() {
        this.classicLimit = null;
    }

    /** Files larger than {@code classicLimit} bytes are written as BigTIFF: lets tests try BigTIFF on small files. */
    TiffFormat(long classicLimit) {
        this.classicLimit = classicLimit;
    }

    @Override
    public String name() {
        return "tiff";
    }

    @Override
    public String extension() {
        return "tif";
    }

    @Override
    public boolean matches(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".tif") || lower.endsWith(".tiff");
    }

    @Override
    public boolean supports(DataType dtype) {
        return WRITABLE.contains(dtype);
    }

    @Override
    public VolumeWriter create(Path path, DataType dtype, long[] shape, FileInfo info) {
        return TiffStackWriter.create(path, dtype, shape, info, classicLimit == null ? TiffWriter.classicLimit() : classicLimit);
    }

    @Override
    public VolumeReader open(Path path) {
        return new TiffStackReader(path);
    }
}
