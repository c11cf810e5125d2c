package org.zarrrelay.format.npy;

import java.nio.file.Path;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.VolumeWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/** NumPy's {@code .npy} (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): every data type. */
public final class NpyFormat implements VolumeFormat {

    @Override
    public String name() {
        return "npy";
    }

    @Override
    public String extension() {
        return "npy";
    }

    @Override
    public boolean supports(DataType dtype) {
        return true;
    }

    @Override
    public VolumeWriter create(Path path, DataType dtype, long[] shape, FileInfo info) {
        NpyWriter w = NpyWriter.open(path, dtype, shape);
        return new VolumeWriter() {
            @Override
            public void writeSlab(Volume slab) {
                w.writeSlab(slab);
            }

            @Override
            public boolean writesBoxes() {
                return true;
            }

            @Override
            public void writeBox(long[] at, Volume box) {
                w.writeBox(at, box);
            }

            @Override
            public long voxelCrc32() {
                return w.voxelCrc32();
            }

            @Override
            public void commit(boolean sync) {
                w.commit(sync);
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    @Override
    public VolumeReader open(Path path) {
        NpyReader r = NpyReader.open(path);
        return new VolumeReader() {
            @Override
            public DataType dtype() {
                return r.header().dtype();
            }

            @Override
            public long[] shape() {
                return r.header().shape();
            }

            @Override
            public Volume readSlab(long start, int count) {
                return r.readSlab(start, count);
            }

            @Override
            public boolean readsBoxes() {
                return true;
            }

            @Override
            public Volume readBox(long[] offset, int[] shape) {
                return r.readBox(offset, shape);
            }

            @Override
            public void close() {
                r.close();
            }
        };
    }
}
