package org.zarrrelay.preview;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** An 8-bit grayscale PNG of a plane, written by the JDK's own PNG writer. */
public final class Png {
    private Png() {
    }

    public static byte[] of(GrayPlane plane, Contrast contrast) {
        BufferedImage image = new BufferedImage(plane.width(), plane.height(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] row = new int[plane.width()];
        for (int y = 0; y < plane.height(); y++) {
            for (int x = 0; x < plane.width(); x++) {
                row[x] = contrast.gray(plane.at(x, y));
            }
            raster.setPixels(0, y, plane.width(), 1, row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this Java runtime has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
