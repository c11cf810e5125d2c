package org.zarrrelay.job;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.ZarrArray;

/** The job of a file the CLI writes at an offset it is given ({@code import --offset}): no export, so no merge base. */
final class Placements {
    private Placements() {
    }

    static Job job(String id, String storeName, String location, String array, long[] offset, Path file, String target,
                   WritebackOptions options, ArrayOpener opener) {
        ZarrArray a = opener.open(location, array);
        VolumeFormat format = Formats.forPath(file);
        long[] fileShape;
        try (VolumeReader reader = format.open(file)) {
            fileShape = reader.shape();
        }
        Region region = WritebackService.placement(offset, fileShape, a.metadata().shape(), file.toString());
        Manifest m = new Manifest(id, storeName, a.path(), null, region.toString(), region.offset(), region.shape(),
                region.indexed(), fileShape, a.metadata().dtype().numpyName(), a.metadata().chunkShape(), format.name(),
                file.getFileName().toString(), null, null, null, null, OffsetDateTime.now(ZoneOffset.UTC).toString(),
                ExportService.VERSION);
        return new Job(Job.PLACEMENT, m, options, target, false, null);
    }
}
