package org.zarrrelay.format.tiff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.zarrrelay.RelayException;
import org.zarrrelay.volume.DataType;

/**
 * Where the planes of a TIFF stack lie, with every size, offset and count the file states checked
 * against the file's real length before anything is read or allocated. An ImageJ stack whose
 * description says {@code images=N} holds its planes contiguously from the first strip, and ImageJ
 * reads only its first directory; every other file has one page per directory in the chain, and so
 * has a stack that keeps such a description but whose pages say they are not back to back.
 */
final class TiffLayout {
    /** One plane: uncompressed strips we read ourselves ({@code direct}), or a page ImageIO decodes. */
    record Page(int directory, long[] offsets, long[] counts, boolean direct) {
    }

    /** Far more pages than any stack we export or tools write; the page list stays under ~100 MB. */
    static final int MAX_DIRECTORIES = 1_000_000;
    /** The most a plane may hold: the largest array {@code Volume.allocate} takes. */
    static final long MAX_PLANE_BYTES = Integer.MAX_VALUE - 8;
    /**
     * Deflate shrinks data at most ~1032:1 and TIFF's LZW ~1400:1, so a compressed page that
     * claims more pixels than this many times the file's bytes is lying about its size.
     */
    static final int MAX_COMPRESSION_RATIO = 2048;

    final TiffDirectory first;
    final DataType stored;
    final int width;
    final int height;
    final long planeBytes;
    final Map<String, String> imageJ;
    private final TiffInput in;
    private final List<Page> pages;
    private final int contiguousPlanes;
    private final long contiguousStart;
    private int directories = 1;

    private TiffLayout(TiffInput in, TiffDirectory first, Map<String, String> imageJ) {
        this.in = in;
        this.first = first;
        this.imageJ = imageJ;
        this.width = extent(first, TiffTags.IMAGE_WIDTH, "width", 1);
        this.height = extent(first, TiffTags.IMAGE_LENGTH, "height", 1);
        this.stored = sampleType(first, 1);
        if ((long) width * height > MAX_PLANE_BYTES / stored.size()) {
            throw refuse("has planes of " + width + " x " + height + " " + stored.numpyName() + " pixels, "
                    + (long) width * height * stored.size() + " bytes each, more than zarr-relay holds in memory at once"
                    + " (2 GiB): save it in smaller pieces, or as npy");
        }
        this.planeBytes = (long) width * height * stored.size();
        int images = imageJImages();
        boolean imageJStack = images > 1 && direct(first);
        // A description saying images=N does not make the planes contiguous: a tool that saves page
        // by page keeps it and puts each page's directory between the planes. With more than one
        // directory, the planes are read as contiguous only where every page says they are, or where
        // the chain cannot be walked (damaged), as ImageJ reads such a stack: from its first directory.
        List<Page> chain = imageJStack && first.next != 0 ? walkOrNull() : null;
        if (imageJStack && (chain == null || backToBack(chain, images))) {
            Page firstPage = page(first, 1);
            if (!stripsBackToBack(firstPage)) {
                throw in.damaged("its ImageJ description says images=" + images + ", planes back to back from its first"
                        + " strip, but the strips of its first image directory are not back to back");
            }
            long start = firstPage.offsets()[0];
            long room = (in.size - start) / planeBytes;
            if (images > room) {
                throw in.damaged("its ImageJ description says images=" + images + ", planes of " + planeBytes
                        + " bytes from byte " + start + ", but the file (" + in.size + " bytes) has room for only " + room
                        + " of them: it is truncated or its description is wrong");
            }
            pages = List.of();
            contiguousPlanes = images;
            contiguousStart = start;
            directories = 1;
        } else {
            pages = chain != null ? chain : walk();
            contiguousPlanes = 0;
            contiguousStart = 0;
        }
    }

    private List<Page> walkOrNull() {
        try {
            return walk();
        } catch (RelayException e) {
            return null;
        }
    }

    /** True when the chain holds {@code images} uncompressed planes, each right after the one before. */
    private boolean backToBack(List<Page> chain, int images) {
        if (chain.size() != images) {
            return false;
        }
        long start = chain.get(0).offsets()[0];
        for (int i = 0; i < chain.size(); i++) {
            Page p = chain.get(i);
            if (!p.direct() || p.offsets()[0] != start + i * planeBytes || !stripsBackToBack(p)) {
                return false;
            }
        }
        return true;
    }

    /** True when the strips that hold the plane's bytes follow each other in the file. */
    private boolean stripsBackToBack(Page p) {
        long held = p.counts()[0];
        for (int s = 1; s < p.offsets().length && held < planeBytes; s++) {
            if (p.offsets()[s] != p.offsets()[s - 1] + p.counts()[s - 1]) {
                return false;
            }
            held += p.counts()[s];
        }
        return true;
    }

    /** Reads the first directory and lays out the planes; the caller closes {@code in}. */
    static TiffLayout read(TiffInput in) {
        if (in.firstDirectory == 0) {
            throw new RelayException("TIFF file " + in.file + " has no images");
        }
        checkDirectoryOffset(in, in.firstDirectory, 1);
        TiffDirectory first = TiffDirectory.read(in, in.firstDirectory, 1, TiffTags.FIRST_PAGE_TAGS);
        return new TiffLayout(in, first, ImageJDescription.parse(first.text(TiffTags.IMAGE_DESCRIPTION)));
    }

    int planes() {
        return contiguous() ? contiguousPlanes : pages.size();
    }

    /**
     * The image directories in the chain, thumbnails included: what OME-XML's TiffData IFD numbers
     * count. 1 when the planes are read as ImageJ lays them out.
     */
    int directories() {
        return directories;
    }

    /** True when the planes are read as ImageJ lays them out, from the first directory alone. */
    boolean contiguous() {
        return contiguousPlanes > 0;
    }

    Page page(int plane) {
        if (contiguous()) {
            return new Page(1, new long[] {contiguousStart + plane * planeBytes}, new long[] {planeBytes}, true);
        }
        return pages.get(plane);
    }

    private int imageJImages() {
        String images = imageJ.getOrDefault("images", "1");
        try {
            return Integer.parseInt(images);
        } catch (NumberFormatException e) {
            throw refuse("has an ImageJ description with a bad number: images=" + images
                    + "; save it again from ImageJ/Fiji");
        }
    }

    /** Every directory of the chain, each read once: a chain that loops or overlaps itself is refused. */
    private List<Page> walk() {
        int minBytes = in.big ? TiffDirectory.MIN_BIG_BYTES : TiffDirectory.MIN_BYTES;
        long maxDirectories = Math.min(MAX_DIRECTORIES, in.size / minBytes);
        Map<Long, Integer> seen = new HashMap<>();
        seen.put(in.firstDirectory, 1);
        List<Page> found = new ArrayList<>();
        TiffDirectory d = first;
        for (int number = 1; ; number++) {
            if ((d.number(TiffTags.NEW_SUBFILE_TYPE, 0) & 1) == 0) {  // bit 0: a reduced-resolution copy, not a plane
                if (number > 1 && (extent(d, TiffTags.IMAGE_WIDTH, "width", number) != width
                        || extent(d, TiffTags.IMAGE_LENGTH, "height", number) != height || sampleType(d, number) != stored)) {
                    throw refuse("has pages of different sizes or types (page " + number + "): save it as one stack");
                }
                found.add(page(d, number));
            }
            long next = d.next;
            if (next == 0) {
                break;
            }
            Integer earlier = seen.get(next);
            if (earlier != null) {
                throw in.damaged("its image directory chain loops: directory " + number + " points back to byte " + next
                        + ", where directory " + earlier + " starts");
            }
            if (number >= maxDirectories) {
                throw maxDirectories == MAX_DIRECTORIES
                        ? refuse("has more than " + MAX_DIRECTORIES + " pages, more than zarr-relay reads: save it in"
                                + " parts, or as npy")
                        : in.damaged("it has more image directories than its " + in.size + " bytes can hold (at most "
                                + maxDirectories + " of " + minBytes + " bytes): they overlap");
            }
            checkDirectoryOffset(in, next, number + 1);
            seen.put(next, number + 1);
            d = TiffDirectory.read(in, next, number + 1, TiffTags.PAGE_TAGS);
            directories = number + 1;
        }
        if (found.isEmpty()) {
            throw refuse("holds only reduced-resolution copies (thumbnails), no full-size image");
        }
        return found;
    }

    private static void checkDirectoryOffset(TiffInput in, long offset, int number) {
        if (offset < in.headerSize()) {
            throw in.damaged("its image directory " + number + " is said to start at byte " + offset
                    + ", inside the " + in.headerSize() + "-byte " + (in.big ? "BigTIFF" : "TIFF") + " header");
        }
        if (offset >= in.size) {
            throw in.damaged("its image directory " + number + " is said to start at byte " + offset
                    + ", past the end of the file (" + in.size + " bytes)");
        }
    }

    /** The page of a directory whose size and type match the first's, its strips checked against the file. */
    private Page page(TiffDirectory d, int number) {
        boolean direct = direct(d);
        long[] offsets = d.numbers(TiffTags.STRIP_OFFSETS);
        long[] counts = d.numbers(TiffTags.STRIP_BYTE_COUNTS);
        if (offsets == null) {
            if (direct) {
                throw in.damaged("its image directory " + number + " has no strip offsets");
            }
            checkCompressedSize(number);
            return new Page(number, null, null, false);  // tiled: ImageIO finds the tiles
        }
        if (counts == null && offsets.length == 1 && direct) {
            counts = new long[] {planeBytes};  // old writers left out the one count that the image size implies
        }
        if (counts == null || counts.length != offsets.length) {
            throw in.damaged("its image directory " + number + " lists " + offsets.length + " strip offsets but "
                    + (counts == null ? "no" : counts.length) + " strip byte counts");
        }
        long needed = direct ? planeBytes : Long.MAX_VALUE;
        long held = 0;
        for (int s = 0; s < offsets.length && held < needed; s++) {
            long n = Math.min(counts[s], needed - held);
            if (offsets[s] > in.size || n > in.size - offsets[s]) {
                throw in.damaged("strip " + (s + 1) + " of image directory " + number + " at byte " + offsets[s] + " ("
                        + n + " bytes) reaches past the end of the file (" + in.size + " bytes)");
            }
            held += n;
        }
        if (direct && held < planeBytes) {
            throw in.damaged("the strips of image directory " + number + " hold " + held + " of the " + planeBytes
                    + " bytes of a " + width + " x " + height + " " + stored.numpyName() + " plane");
        }
        if (!direct) {
            checkCompressedSize(number);
        }
        return new Page(number, offsets, counts, direct);
    }

    private void checkCompressedSize(int number) {
        if (planeBytes / MAX_COMPRESSION_RATIO > in.size) {
            throw in.damaged("its compressed image directory " + number + " claims a plane of " + width + " x " + height
                    + " " + stored.numpyName() + " pixels (" + planeBytes + " bytes), more than " + MAX_COMPRESSION_RATIO
                    + " times the whole file (" + in.size + " bytes), which no TIFF compression achieves");
        }
    }

    private static boolean direct(TiffDirectory d) {
        long[] offsets = d.numbers(TiffTags.STRIP_OFFSETS);
        return d.number(TiffTags.COMPRESSION, 1) == 1 && !d.has(TiffTags.TILE_WIDTH)
                && d.number(TiffTags.PLANAR_CONFIGURATION, 1) == 1 && offsets != null && offsets.length > 0;
    }

    private int extent(TiffDirectory d, int tag, String name, int number) {
        long v = d.number(tag, 0);
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw in.damaged("its image directory " + number + " gives the image a " + name + " of " + v + " pixels"
                    + (v == 0 && !d.has(tag) ? " (the tag is missing)" : ""));
        }
        return (int) v;
    }

    private DataType sampleType(TiffDirectory d, int number) {
        long spp = d.number(TiffTags.SAMPLES_PER_PIXEL, 1);
        if (spp != 1) {
            throw refuse("has " + spp + " samples per pixel (colour); zarr-relay reads grayscale stacks: in Fiji use"
                    + " Image > Type > 8-bit, 16-bit or 32-bit before saving");
        }
        long bits = d.number(TiffTags.BITS_PER_SAMPLE, 1);
        long format = d.number(TiffTags.SAMPLE_FORMAT, TiffTags.UNSIGNED);
        DataType t = null;
        if (format == TiffTags.FLOAT) {
            t = bits == 32 ? DataType.FLOAT32 : bits == 64 ? DataType.FLOAT64 : null;
        } else if (format == TiffTags.UNSIGNED || format == TiffTags.SIGNED) {
            boolean signed = format == TiffTags.SIGNED;
            t = bits == 8 ? (signed ? DataType.INT8 : DataType.UINT8)
                    : bits == 16 ? (signed ? DataType.INT16 : DataType.UINT16)
                    : bits == 32 ? (signed ? DataType.INT32 : DataType.UINT32) : null;
        }
        if (t == null) {
            throw refuse("has " + bits + "-bit samples of format " + format + " (page " + number + "), which zarr-relay"
                    + " does not read: save it as 8-bit, 16-bit or 32-bit (float) grayscale");
        }
        return t;
    }

    private RelayException refuse(String what) {
        return new RelayException("TIFF file " + in.file + " " + what);
    }
}
