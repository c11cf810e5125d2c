package org.zarrrelay.ome;

import java.util.Arrays;

/** One resolution level of a multiscale image: its array path and its scale and translation per axis. */
public record Level(String path, double[] scale, double[] translation) {
    public Level {
        scale = scale.clone();
        translation = translation.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public double[] translation() {
        return translation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Level l && path.equals(l.path) && Arrays.equals(scale, l.scale)
                && Arrays.equals(translation, l.translation);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
