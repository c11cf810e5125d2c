package org.zarrrelay.job;

import java.nio.file.Path;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.RawVolumeFile;
import org.zarrrelay.volume.Volume;

/**
 * A file's voxels copied into a staging file, so that a region too wide for whole-plane slabs can
 * be read in tiles cut along every axis: the file is read once, in slabs of whole planes, and
 * every box after that is a positional read. Closing deletes the copy, not the file.
 */
final class StagedReader implements VolumeReader {
    private final VolumeReader file;
    private final RawVolumeFile stage;

    private StagedReader(VolumeReader file, RawVolumeFile stage) {
        this.file = file;
        this.stage = stage;
    }

    /** Copies {@code file} into a staging file in {@code dir}, at most {@code slabBytes} (but one plane) at a time. */
    static StagedReader of(VolumeReader file, Path dir, String name, long slabBytes) {
        return of(file, dir, name, slabBytes, Progress.NONE);
    }

    /** As {@link #of(VolumeReader, Path, String, long)}, telling {@code progress} the bytes copied. */
    static StagedReader of(VolumeReader file, Path dir, String name, long slabBytes, Progress progress) {
        long[] shape = file.shape();
        RawVolumeFile stage = RawVolumeFile.create(dir, name, file.dtype(), shape);
        try {
            long[] at = new long[shape.length];
            long total = file.dtype().size();
            for (long n : shape) {
                total *= n;
            }
            long done = 0;
            progress.update(0, total);
            for (long[] slab : TileAssembler.slabs(shape, file.dtype(), slabBytes)) {
                at[0] = slab[0];
                Volume planes = file.readSlab(slab[0], (int) slab[1]);
                stage.write(at, planes);
                done += planes.data().length;
                progress.update(done, total);
            }
        } catch (RuntimeException | Error e) {
            stage.close();
            throw e;
        }
        return new StagedReader(file, stage);
    }

    @Override
    public DataType dtype() {
        return file.dtype();
    }

    @Override
    public long[] shape() {
        return file.shape();
    }

    @Override
    public FileInfo info() {
        return file.info();
    }

    @Override
    public Volume readSlab(long start, int count) {
        return stage.readPlanes(start, count);
    }

    @Override
    public boolean readsBoxes() {
        return true;
    }

    @Override
    public Volume readBox(long[] offset, int[] shape) {
        return stage.read(offset, shape);
    }

    @Override
    public void close() {
        stage.close();
    }
}
