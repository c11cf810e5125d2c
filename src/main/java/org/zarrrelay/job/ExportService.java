package org.zarrrelay.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.journal.MergeBases;
import org.zarrrelay.journal.Snapshots;
import org.zarrrelay.ome.Calibration;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.Store;

/**
 * Exports a region of an array to a file, tile by tile ({@link Tiles}), so memory stays bounded
 * by the slab budget whatever the region's shape. The file appears under its name only when complete,
 * and its manifest only after the file.
 */
public final class ExportService {
    /**
     * Default most bytes of voxels held at once: 128 MB, or an eighth of the heap when that is
     * smaller, because a slab is held about twice (read buffer and file buffer) next to chunk buffers.
     */
    public static final long DEFAULT_SLAB_BYTES = Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 8);
    public static final String VERSION = "0.1.0";

    private final long slabBytes;
    private final ArrayOpener opener;

    public ExportService(long slabBytes, ArrayOpener opener) {
        if (slabBytes <= 0) {
            throw new IllegalArgumentException("slab budget must be positive, got " + slabBytes);
        }
        this.slabBytes = slabBytes;
        this.opener = opener;
    }

    public ExportService() {
        this(DEFAULT_SLAB_BYTES, ArrayOpener.DEFAULT);
    }

    /** What an export wrote. */
    public record Result(Path file, long[] shape, DataType dtype, long voxelBytes, String crc32, FileInfo info) {
    }

    /**
     * Exports a request's region to {@code file} as a job: first the merge base (the chunks the
     * region touches, snapshotted into the store's reserved area), then the file read from that
     * snapshot, so the exported voxels are exactly the base whatever is written meanwhile. Nothing
     * is written before the request's checks pass; a failure removes the base again.
     *
     * @param storeName how the job names its store (relative to a root, an s3:// URI, or the CLI's path)
     * @param location  the store's resolved location
     */
    public Job exportJob(RegionRequest request, String storeName, String location, Path file, Progress progress) {
        Store store = opener.store(location);
        ZarrArray array = check(request, store, location);
        Region region = Region.parse(request.region(), array.metadata().shape());
        VolumeFormat format = request.format();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new RequestException("cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
        Snapshots base = MergeBases.takeToRead(store, request.id(), array.chunkKeys(region.offset(), region.shape()),
                opener.executor(location));
        // An export can be redone, so it is synced only as write-backs are (relay.fsync); where the
        // machine's boot cannot be told, always, since a restart could not be recognised later.
        boolean sync = opener.fsync() || MachineBoot.id() == null;
        Result r;
        try {
            r = export(array.withStore(base.view()), region, format, file, request.id(), sync, progress);
            base.completeIndex(opener.executor(location));
        } catch (RuntimeException | Error e) {
            MergeBases.delete(store, request.id());
            throw e;
        }
        Manifest m = new Manifest(request.id(), storeName, array.path(), request.level(), region.toString(),
                region.offset(), region.shape(), region.indexed(), r.shape(), r.dtype().numpyName(),
                array.metadata().chunkShape(), format.name(), file.getFileName().toString(), r.crc32(),
                r.info().voxelSize(), r.info().origin(), r.info().unit(), OffsetDateTime.now(ZoneOffset.UTC).toString(),
                VERSION);
        return new Job(Job.EXPORT, m, request.options(), request.target(), true, sync ? null : MachineBoot.id());
    }

    /**
     * Every check of {@link #exportJob} that reads only metadata: the array and level exist, the
     * region fits the array, the format holds its type and the heap can move its planes. The HTTP
     * API runs it before answering, so an invalid request is refused at once with the reason its job
     * would have failed with.
     */
    public void check(RegionRequest request, String location) {
        check(request, opener.store(location), location);
    }

    private ZarrArray check(RegionRequest request, Store store, String location) {
        ZarrArray array = opener.open(location, LevelPaths.resolve(store, request.array(), request.level()));
        checkExportable(array, Region.parse(request.region(), array.metadata().shape()), request.format());
        return array;
    }

    /** Refuses what the format cannot hold, or the heap cannot move, before anything is written. */
    private List<Region> checkExportable(ZarrArray array, Region region, VolumeFormat format) {
        DataType dtype = array.metadata().dtype();
        if (!format.supports(dtype)) {
            throw new RequestException(format.name() + " files cannot hold " + dtype.numpyName() + " voxels (" + array.describe()
                    + "): ask for \"format\": " + alternatives(dtype) + " instead");
        }
        if (region.squeezedShape().length == 0) {
            throw new RequestException("region " + region + " selects a single voxel on every axis: keep at least one axis"
                    + " as start:stop");
        }
        return Tiles.forFile(region, array.metadata().chunkShape(), dtype.size(), dtype, slabBytes);
    }

    /** The formats that hold this type, as a request would name them. */
    private static String alternatives(DataType dtype) {
        return String.join(" or ", org.zarrrelay.format.Formats.all().stream().filter(f -> f.supports(dtype))
                .map(f -> "\"" + f.name() + "\"").toList());
    }

    /** Writes the region of {@code array} to {@code out}, slab by slab, synced to disk; the engine step of an export. */
    public Result export(ZarrArray array, Region region, VolumeFormat format, Path out, String jobId, Progress progress) {
        return export(array, region, format, out, jobId, true, progress);
    }

    /**
     * As {@link #export(ZarrArray, Region, VolumeFormat, Path, String, Progress)}; unsynced unless
     * {@code sync}. The region is read in tiles ({@link Tiles}); tiles that are not whole planes go
     * into the file by position where the format allows, else through a staging file beside
     * {@code out} ({@link TileAssembler}).
     */
    public Result export(ZarrArray array, Region region, VolumeFormat format, Path out, String jobId, boolean sync,
                         Progress progress) {
        List<Region> tiles = checkExportable(array, region, format);
        DataType dtype = array.metadata().dtype();
        long[] fileShape = Arrays.stream(region.squeezedShape()).asLongStream().toArray();
        FileInfo info = fileInfo(array, region, jobId);
        long total = region.elementCount() * dtype.size();
        // slabs from tiles that are not whole planes come from a staging file (the format takes no boxes)
        boolean staged = TileAssembler.staged(tiles, region);
        long[] done = {0};
        // CRC-32 rather than a cryptographic hash: it only has to tell a damaged file, and it costs
        // about a tenth of SHA-256 (measured: a quarter of the export's time on 2 cores)
        CRC32 checksum = new CRC32();
        Path dir = out.toAbsolutePath().getParent();
        long crc;
        try (VolumeWriter writer = format.create(out, dtype, fileShape, info);
             TileAssembler file = new TileAssembler(region, tiles, dtype, dir, out.getFileName().toString(), slabBytes,
                     slab -> {
                         // the checksum runs beside the file write: both only read the slab
                         Future<?> hashed = HASHER.submit(() -> checksum.update(slab.data()));
                         writer.writeSlab(slab);
                         await(hashed);
                         if (staged) {
                             // a staged region is moved twice: each pass counts half
                             done[0] += slab.data().length;
                             progress.update(done[0] / 2, total);
                         }
                     }, writer.writesBoxes() ? writer::writeBox : null)) {
            for (Region tile : tiles) {
                Volume part = array.read(tile.offset(), tile.shape());
                file.add(tile, part);
                done[0] += part.data().length;
                progress.update(file.staging() ? done[0] / 2 : done[0], total);
            }
            file.finish();
            // boxes arrive out of file order: the checksum reads the file back (from the page cache, mostly)
            crc = file.byBoxes() ? writer.voxelCrc32() : checksum.getValue();
            writer.commit(sync);
        }
        return new Result(out, fileShape, dtype, total, String.format("%08x", crc), info);
    }

    /** Voxel size and origin of the file's axes from OME-Zarr metadata, when the array has any. */
    private static FileInfo fileInfo(ZarrArray array, Region region, String jobId) {
        Calibration cal = Calibration.of(array.store(), array.path());
        if (cal == null || cal.scale().length != region.rank()) {
            return new FileInfo(jobId, null, null, null);
        }
        boolean[] indexed = region.indexed();
        long[] offset = region.offset();
        int kept = region.squeezedShape().length;
        double[] size = new double[kept];
        double[] origin = new double[kept];
        for (int d = 0, k = 0; d < region.rank(); d++) {
            if (!indexed[d]) {
                size[k] = cal.scale()[d];
                origin[k] = cal.translation()[d] + offset[d] * cal.scale()[d];
                k++;
            }
        }
        return new FileInfo(jobId, size, origin, cal.unit());
    }

    /** One daemon thread that checksums exported slabs while they are being written. */
    private static final ExecutorService HASHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "export-checksum");
        t.setDaemon(true);
        return t;
    });

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestException("interrupted while checksumming the export", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checksumming the export failed", e.getCause());
        }
    }
}
