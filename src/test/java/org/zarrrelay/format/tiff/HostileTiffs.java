package org.zarrrelay.format.tiff;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The hostile TIFFs of {@link TiffHostileInputTest} as files, for tests outside this package that
 * send them through the whole relay. Each is a 4 x 4 uint8 plane at byte 8 with its directory right
 * after it, lying in one way.
 */
public final class HostileTiffs {
    private static final int DATA = 8;
    private static final int PLANE = 16;
    private static final int IFD = DATA + PLANE;
    private static final int IFD_BYTES = HostileTiff.plane(4, 4, DATA, PLANE).size();

    private HostileTiffs() {
    }

    /** A directory whose next-directory pointer points to itself. */
    public static Path selfLoop(Path file) throws IOException {
        return HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(4, 4, DATA, PLANE), IFD).write(file);
    }

    /** Two directories that point to each other. */
    public static Path twoCycle(Path file) throws IOException {
        long second = IFD + IFD_BYTES;
        return HostileTiff.of((int) second + IFD_BYTES, IFD)
                .directory(IFD, HostileTiff.plane(4, 4, DATA, PLANE), second)
                .directory(second, HostileTiff.plane(4, 4, DATA, PLANE), IFD)
                .write(file);
    }

    /** One plane whose ImageJ description claims two billion of them. */
    public static Path imageJTwoBillionImages(Path file) throws IOException {
        IfdWriter ifd = HostileTiff.plane(4, 4, DATA, PLANE)
                .ascii(TiffTags.IMAGE_DESCRIPTION, "ImageJ=1.54p\nimages=2000000000\nslices=2000000000\nloop=false\n");
        return HostileTiff.of(IFD + ifd.size(), IFD).directory(IFD, ifd, 0).write(file);
    }

    /** 100 bytes whose first directory claims 65535 entries (786 KB). */
    public static Path entryCountPastTheEnd(Path file) throws IOException {
        return HostileTiff.of(100, 8).putShort(8, 65535).write(file);
    }

    /** A plane whose one strip is said to start at byte 5000 of a 138-byte file. */
    public static Path stripPastTheEnd(Path file) throws IOException {
        return HostileTiff.of(IFD + IFD_BYTES, IFD).directory(IFD, HostileTiff.plane(4, 4, 5000, PLANE), 0).write(file);
    }
}
