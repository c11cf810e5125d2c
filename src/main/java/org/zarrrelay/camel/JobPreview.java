package org.zarrrelay.camel;

import java.nio.file.Path;
import java.util.Arrays;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.job.ArrayOpener;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.Manifest;
import org.zarrrelay.ome.LabelImages;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.preview.Contrast;
import org.zarrrelay.preview.GrayPlane;
import org.zarrrelay.preview.Planes;
import org.zarrrelay.preview.Png;
import org.zarrrelay.preview.PreviewException;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.Store;

/**
 * Before and after pictures of a job's region: its middle z plane as exported ("before": read from
 * the exported file in this relay's exports folder) and as the store holds it now ("after": the
 * exported level, or the label image a "target" job writes). Both are stretched to the same
 * contrast when both exist and hold the same image, so a change shows as a change in gray.
 */
final class JobPreview {
    static final String BEFORE = "before";
    static final String AFTER = "after";

    private final Job job;
    private final Store store;
    private final Path exports;

    JobPreview(Job job, String storeLocation, ArrayOpener opener, Path exports) {
        this.job = job;
        this.store = opener.store(storeLocation);
        this.exports = exports;
    }

    byte[] png(String which) {
        Manifest m = job.manifest();
        int r = m.offset().length;
        if (r < 2 || m.indexed()[r - 1] || m.indexed()[r - 2]) {
            throw new PreviewException("job " + job.id() + "'s region " + m.region() + " has no y-x plane to show");
        }
        GrayPlane after = storePlane();
        GrayPlane before = exportedPlane();
        if (BEFORE.equals(which) && before == null) {
            throw new PreviewException("job " + job.id() + "'s exported file is not in this relay's exports folder"
                    + " (removed, or exported by another worker), so there is no picture of it as exported");
        }
        GrayPlane shown = BEFORE.equals(which) ? before : after;
        boolean comparable = before != null && job.target() == null && before.width() == after.width()
                && before.height() == after.height();
        return Png.of(shown, comparable ? Contrast.of(before, after) : Contrast.of(shown));
    }

    /** The middle z plane of the region in the store now. */
    private GrayPlane storePlane() {
        Manifest m = job.manifest();
        int r = m.offset().length;
        ZarrArray array;
        if (job.target() == null) {
            array = ZarrArray.open(store, m.array());
        } else {
            Multiscales image = Multiscales.ofArray(store, m.array());
            array = image == null ? null : LabelImages.level0(store, image, LabelImages.nameOf(job.target()));
            if (array == null) {
                throw new PreviewException("job " + job.id() + "'s label image " + job.target() + " does not exist yet:"
                        + " it is made when the result is written back");
            }
        }
        long[] offset = m.offset().clone();
        int[] shape = new int[r];
        Arrays.fill(shape, 1);
        if (r >= 3 && !m.indexed()[r - 3]) {
            offset[r - 3] += m.shape()[r - 3] / 2;
        }
        shape[r - 2] = m.shape()[r - 2];
        shape[r - 1] = m.shape()[r - 1];
        return Planes.box(array, offset, shape);
    }

    /** The same plane of the exported file, or null when the file is not here. */
    private GrayPlane exportedPlane() {
        Manifest m = job.manifest();
        Path file = JobFiles.exportIn(exports, job.id());
        if (file == null) {
            return null;
        }
        int r = m.offset().length;
        int fr = m.fileShape().length;
        long[] offset = new long[fr];
        int[] shape = new int[fr];
        Arrays.fill(shape, 1);
        if (r >= 3 && !m.indexed()[r - 3]) {
            int k = 0;  // the file axis of the array's z axis: the axes selected by one index are not in the file
            for (int d = 0; d < r - 3; d++) {
                k += m.indexed()[d] ? 0 : 1;
            }
            offset[k] = m.shape()[r - 3] / 2;
        }
        shape[fr - 2] = Math.toIntExact(m.fileShape()[fr - 2]);
        shape[fr - 1] = Math.toIntExact(m.fileShape()[fr - 1]);
        try (VolumeReader reader = Formats.byName(m.format()).open(file)) {
            return Planes.box(reader, offset, shape);
        }
    }

}
