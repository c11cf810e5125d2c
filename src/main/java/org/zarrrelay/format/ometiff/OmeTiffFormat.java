package org.zarrrelay.format.ometiff;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.format.tiff.TiffFormat;
import org.zarrrelay.format.tiff.TiffPages;
import org.zarrrelay.format.tiff.TiffWriter;
import org.zarrrelay.volume.DataType;

/**
 * OME-TIFF (https://ome-model.readthedocs.io/en/stable/ome-tiff/specification.html): a TIFF stack,
 * one page per z plane, whose first ImageDescription holds OME-XML with the pixel type, sizes,
 * physical sizes and plane positions, for Fiji with Bio-Formats, QuPath, napari, tifffile and
 * OMERO. Written as our TIFF writer lays stacks out (BigTIFF past 4 GiB); read from any writer that
 * stores one channel at one timepoint. A {@code .ome.tif} without OME-XML (saved by a tool that
 * kept the name but not the metadata) is read as a plain TIFF.
 */
public final class OmeTiffFormat implements VolumeFormat {
    static final Set<DataType> TYPES = EnumSet.of(DataType.UINT8, DataType.INT8, DataType.UINT16, DataType.INT16,
            DataType.UINT32, DataType.INT32, DataType.FLOAT32, DataType.FLOAT64);

    /** Null: {@link TiffWriter#classicLimit()} when a file is created. */
    private final Long classicLimit;

    public OmeTiffFormat() {
        this.classicLimit = null;
    }

    /** Files larger than {@code classicLimit} bytes are written as BigTIFF: lets tests try BigTIFF on small files. */
    OmeTiffFormat(long classicLimit) {
        this.classicLimit = classicLimit;
    }

    @Override
    public String name() {
        return "ome-tiff";
    }

    @Override
    public String extension() {
        return "ome.tif";
    }

    @Override
    public boolean matches(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".ome.tif") || lower.endsWith(".ome.tiff");
    }

    @Override
    public boolean supports(DataType dtype) {
        return TYPES.contains(dtype);
    }

    @Override
    public VolumeWriter create(Path path, DataType dtype, long[] shape, FileInfo info) {
        if (!supports(dtype)) {
            throw new RelayException("OME-TIFF holds uint8, int8, uint16, int16, uint32, int32, float32 or float64 voxels,"
                    + " not " + dtype.numpyName() + ": ask for \"format\": \"npy\" instead");
        }
        if (shape.length != 2 && shape.length != 3) {
            throw new RelayException("an OME-TIFF export holds 2 or 3 axes (z, y, x), but the region has " + shape.length
                    + " (shape " + java.util.Arrays.toString(shape) + "): select single indices for the other axes"
                    + " (channel, time), or use npy");
        }
        FileInfo i = info == null ? FileInfo.NONE : info;
        byte[] xml = OmeXmlWriter.write(dtype, shape, i);
        return TiffWriter.withDescription(path, dtype, shape, i.voxelSize(), xml,
                classicLimit == null ? TiffWriter.classicLimit() : classicLimit);
    }

    @Override
    public VolumeReader open(Path path) {
        TiffPages pages = TiffPages.open(path);
        OmeMetadata meta;
        try {
            byte[] description = pages.description();
            if (!isXml(description)) {
                pages.close();
                return new TiffFormat().open(path);
            }
            meta = OmeXmlReader.read(description, pages.directoryCount());
        } catch (OmeXmlReader.Refusal e) {
            pages.close();
            throw OmeTiffReader.refuse(path, e);
        } catch (RuntimeException e) {
            pages.close();
            throw e;
        }
        return new OmeTiffReader(pages, meta);
    }

    /** A description that starts with '<' (after white space or a byte order mark) is XML and must be OME-XML. */
    private static boolean isXml(byte[] description) {
        if (description == null) {
            return false;
        }
        int i = 0;
        if (description.length >= 3 && (description[0] & 0xff) == 0xEF && (description[1] & 0xff) == 0xBB
                && (description[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < description.length && (description[i] == ' ' || description[i] == '\t' || description[i] == '\n'
                || description[i] == '\r')) {
            i++;
        }
        return i < description.length && description[i] == '<';
    }
}
