package org.zarrrelay.format.ometiff;

import java.nio.file.Path;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.tiff.TiffPages;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * Reads a single-channel, single-timepoint OME-TIFF (classic or BigTIFF) as a z-stack: the planes
 * in the order the OME-XML's TiffData and DimensionOrder give, the geometry and job id from the
 * OME-XML. Files with several channels or timepoints are refused with the reason: which channel a
 * z-stack result stands for cannot be guessed.
 */
final class OmeTiffReader implements VolumeReader {
    private final TiffPages pages;
    private final DataType dtype;
    private final int[] pageOfZ;
    private final FileInfo info;

    /** Takes over {@code pages}, whose first directory holds {@code meta}; closes them if it refuses the file. */
    OmeTiffReader(TiffPages pages, OmeMetadata meta) {
        this.pages = pages;
        try {
            OmePixels pixels = check(meta);
            dtype = dtype(pixels);
            int[] ifdOf = PlaneMap.directories(meta, pixels, pages.directoryCount());
            pageOfZ = pagesOfZ(pixels, ifdOf);
            info = OmeGeometry.info(meta, pixels.sizeZ() > 1);
        } catch (OmeXmlReader.Refusal e) {
            pages.close();
            throw refuse(pages.file(), e);
        } catch (RuntimeException e) {
            pages.close();
            throw e;
        }
    }

    static RelayException refuse(Path file, OmeXmlReader.Refusal e) {
        return new RelayException("OME-TIFF file " + file + " is not read: " + e.getMessage()
                + "; save it again as a single-channel OME-TIFF (e.g. from Fiji with Bio-Formats), or as TIFF", e);
    }

    private OmePixels check(OmeMetadata meta) throws OmeXmlReader.Refusal {
        if (meta.binaryOnly()) {
            throw new OmeXmlReader.Refusal("its OME-XML is only a pointer to a companion metadata file (BinaryOnly),"
                    + " which zarr-relay does not follow");
        }
        if (meta.images() > 1) {
            throw new OmeXmlReader.Refusal("its OME-XML describes " + meta.images() + " images (series), and zarr-relay"
                    + " reads a file holding one");
        }
        if (meta.pixelsInXml()) {
            throw new OmeXmlReader.Refusal("its OME-XML keeps the pixels in the XML (BinData) or declares none"
                    + " (MetadataOnly) instead of pointing to the TIFF pages");
        }
        OmePixels pixels = OmePixels.of(meta.pixels());
        if (pixels.sizeC() > 1 || pixels.sizeT() > 1) {
            throw new OmeXmlReader.Refusal("it holds " + pixels.sizeC() + " channels and " + pixels.sizeT()
                    + " timepoints, and an export is one channel at one timepoint, so which of them is the result cannot"
                    + " be told; keep one (in Fiji: Image > Duplicate with one channel and frame)");
        }
        if (pixels.sizeX() != pages.width() || pixels.sizeY() != pages.height()) {
            throw new OmeXmlReader.Refusal("its OME-XML gives planes of " + pixels.sizeX() + " x " + pixels.sizeY()
                    + " pixels but its pages are " + pages.width() + " x " + pages.height());
        }
        return pixels;
    }

    /**
     * The OME Type, when the pages hold samples of its size and kind; a signedness that differs
     * (a writer that left out SampleFormat) is read as the OME-XML says, as Bio-Formats does.
     */
    private DataType dtype(OmePixels pixels) throws OmeXmlReader.Refusal {
        DataType stored = pages.sampleType();
        DataType said = pixels.type();
        boolean sameBits = stored.size() == said.size() && stored.isFloat() == said.isFloat();
        if (!sameBits) {
            throw new OmeXmlReader.Refusal("its OME-XML says the pixels are " + OmeXmlWriter.pixelType(said)
                    + " but its pages hold " + stored.numpyName() + " samples");
        }
        return said;
    }

    /** The page of each z (at c = 0, t = 0). */
    private int[] pagesOfZ(OmePixels pixels, int[] ifdOf) throws OmeXmlReader.Refusal {
        int[] pageOfDirectory = new int[pages.directoryCount()];
        java.util.Arrays.fill(pageOfDirectory, -1);
        for (int p = 0; p < pages.pageCount(); p++) {
            pageOfDirectory[pages.directoryOf(p)] = p;
        }
        int[] out = new int[pixels.sizeZ()];
        for (int z = 0; z < out.length; z++) {
            int ifd = ifdOf[(int) pixels.index(z, 0, 0)];
            out[z] = pageOfDirectory[ifd];
            if (out[z] < 0) {
                throw new OmeXmlReader.Refusal("its OME-XML puts plane z=" + z + " in IFD " + ifd + ", which is a"
                        + " reduced-resolution copy (thumbnail), not a full-size page");
            }
        }
        return out;
    }

    @Override
    public DataType dtype() {
        return dtype;
    }

    @Override
    public long[] shape() {
        return pageOfZ.length == 1 ? new long[] {pages.height(), pages.width()}
                : new long[] {pageOfZ.length, pages.height(), pages.width()};
    }

    @Override
    public FileInfo info() {
        return info;
    }

    /** Along the first axis of {@link #shape}: z planes of a stack, rows of a single plane. */
    @Override
    public Volume readSlab(long start, int count) {
        int planes = pageOfZ.length;
        if (planes == 1) {
            Volume rows = pages.readRows(pageOfZ[0], start, count);
            return new Volume(dtype, rows.shape(), rows.data());
        }
        if (start < 0 || count < 0 || start > planes - count) {
            throw new IllegalArgumentException("planes " + start + ".." + (start + count) + " outside 0.." + planes);
        }
        long bytes = (long) count * pages.planeBytes();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new RelayException("a slab of " + count + " planes of OME-TIFF file " + pages.file() + " is " + bytes
                    + " bytes, more than one in-memory volume holds (2 GiB): read fewer at a time");
        }
        Volume out = Volume.allocate(pages.sampleType(), count, pages.height(), pages.width());
        for (int p = 0; p < count; p++) {
            pages.readPage(pageOfZ[(int) start + p], out, p);
        }
        return out.dtype() == dtype ? out : new Volume(dtype, out.shape(), out.data());
    }

    /** Uncompressed pages read boxes row band by row band; compressed ones would need decoding per box. */
    @Override
    public boolean readsBoxes() {
        return pages.direct();
    }

    @Override
    public Volume readBox(long[] offset, int[] shape) {
        Volume out = pages.readBox(z -> pageOfZ[z], shape(), offset, shape);
        return out.dtype() == dtype ? out : new Volume(dtype, out.shape(), out.data());
    }

    @Override
    public void close() {
        pages.close();
    }
}
