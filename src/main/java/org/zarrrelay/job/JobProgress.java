package org.zarrrelay.job;

/**
 * How far a running job has got (INTERFACES.md, "Job status"): its phase and, where the phase
 * moves voxels, bytes done of the total (uncompressed voxels; 0 of 0 for a phase that is not
 * counted in bytes).
 *
 * @param phase exporting, checking, merging, writing or pyramid
 * @param done  bytes done in this phase
 * @param total bytes the phase moves
 */
public record JobProgress(String phase, long done, long total) {
    /** The phases a job goes through, as the status names them. */
    public enum Phase {
        EXPORTING, CHECKING, MERGING, WRITING, PYRAMID;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whole percent done, 0 when the phase has no byte total. */
    public int percent() {
        return total <= 0 ? 0 : (int) (100 * done / total);
    }
}
