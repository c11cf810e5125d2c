package org.zarrrelay.format.npy;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** Test values shared with tools/fixtures/make_npy.py, which wrote the numpy fixtures from the same formula. */
final class NpyTestData {
    private NpyTestData() {
    }

    /**
     * integers: (i * 2654435761) mod 2^64 wrapped to the type; bool: i % 3 == 0;
     * floats: ((i * 7) % 23 - 11) / 4 with element 1 = -inf and element 2 = NaN.
     */
    static Volume pattern(DataType dtype, int... shape) {
        Volume v = Volume.allocate(dtype, shape);
        int n = v.elementCount();
        for (int i = 0; i < n; i++) {
            switch (dtype.kind()) {
                case BOOL -> v.setLong(i, i % 3 == 0 ? 1 : 0);
                case SIGNED, UNSIGNED -> v.setLong(i, i * 2654435761L);
                case FLOAT -> v.setDouble(i, i == 1 ? Double.NEGATIVE_INFINITY : i == 2 ? Double.NaN : ((i * 7) % 23 - 11) / 4.0);
            }
        }
        return v;
    }

    static Path fixture(String name) {
        URL url = NpyTestData.class.getResource("/fixtures/npy/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name + ": run /usr/bin/python3 tools/fixtures/make_npy.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
