package org.zarrrelay.format;

import java.util.Arrays;

/**
 * What a file carries besides voxels, so that a tool's result can be matched to its job and placed
 * in physical space: the job id (kept where tools preserve it across Save, e.g. ImageJ's Info
 * property), the voxel size and origin per axis of the file (slowest axis first), and the unit.
 * Any part may be absent (null).
 */
public record FileInfo(String jobId, double[] voxelSize, double[] origin, String unit) {
    public static final FileInfo NONE = new FileInfo(null, null, null, null);

    public FileInfo {
        voxelSize = voxelSize == null ? null : voxelSize.clone();
        origin = origin == null ? null : origin.clone();
    }

    @Override
    public double[] voxelSize() {
        return voxelSize == null ? null : voxelSize.clone();
    }

    @Override
    public double[] origin() {
        return origin == null ? null : origin.clone();
    }

    public FileInfo withJobId(String id) {
        return new FileInfo(id, voxelSize, origin, unit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileInfo f && java.util.Objects.equals(jobId, f.jobId) && Arrays.equals(voxelSize, f.voxelSize)
                && Arrays.equals(origin, f.origin) && java.util.Objects.equals(unit, f.unit);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(jobId, unit) * 31 + Arrays.hashCode(voxelSize);
    }
}
