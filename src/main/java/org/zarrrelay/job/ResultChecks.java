package org.zarrrelay.job;

import java.util.Arrays;
import org.zarrrelay.format.FileInfo;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.ome.LabelImages;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.ome.Units;
import org.zarrrelay.volume.Casts;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.Store;

/**
 * Everything a returned file must pass before a write-back touches anything: it is the job's own
 * file, it has the exported shape, its type is the exported one or a change the user allowed, its
 * geometry is the export's, the level rules hold, the label target can take it. The outcome is a
 * plan of what to write; nothing is created, not even a new label image, until the plan is run.
 */
final class ResultChecks {
    /** Voxel sizes written as float32 or as TIFF rationals compare equal within this relative error. */
    private static final double SIZE_TOLERANCE = 1e-4;

    private ResultChecks() {
    }

    /** A label image that does not exist yet and is created by the write-back. */
    record NewLabelImage(Multiscales image, String name, DataType dtype, String folder) {
    }

    /**
     * What a write-back writes.
     *
     * @param array   the array written (null when {@code newLabel} is created first; then its level 0)
     * @param pyramid the coarser levels recomputed, or null
     */
    record Plan(ZarrArray array, Region region, Casts.Mode cast, WritebackService.PyramidUpdate pyramid,
                NewLabelImage newLabel) {
    }

    static Plan check(Job job, ZarrArray exported, VolumeReader reader, String fileName, WritebackOptions options,
                      WritebackService engine) {
        Manifest m = job.manifest();
        checkIdentity(job, reader.info(), fileName);
        checkExportSurvived(job, fileName);
        checkArrayUnchanged(m, exported);
        if (!Arrays.equals(reader.shape(), m.fileShape())) {
            throw new RequestException(fileName + " has shape " + Arrays.toString(reader.shape()) + " but job " + m.id()
                    + " exported " + Arrays.toString(m.fileShape()) + ": the file must keep the exported shape exactly (no"
                    + " cropping, padding or resampling)");
        }
        if (reader.turnsAxes()) {
            checkTurnedGrid(m, reader.info(), fileName);
        }
        checkGeometry(m, reader.info(), fileName);
        Cast cast = options.castOr(Cast.SAME);
        if (job.target() == null) {
            checkType(reader.dtype(), exported.metadata().dtype(), cast, fileName, m);
            engine.tilesOf(exported, m.toRegion(), reader.dtype());  // refuses a region too wide for the heap, before any write
            return new Plan(exported, m.toRegion(), cast.mode(), engine.pyramidOf(exported, options.levelsOrDefault()), null);
        }
        return labelPlan(job, exported, reader.dtype(), cast, fileName, engine);
    }

    /**
     * An export written without fsync whose machine has restarted since may have lost data in the
     * restart, unseen; a result made from it must not reach the store.
     */
    private static void checkExportSurvived(Job job, String fileName) {
        if (job.unsyncedBoot() != null && !job.unsyncedBoot().equals(MachineBoot.id())) {
            throw new RequestException(fileName + " is the result of job " + job.id() + ", whose export was not synced to"
                    + " disk (relay.fsync=false) and the machine has restarted since: the exported file may have lost data"
                    + " in the restart, and this result may be made from it. Export the region again and redo the work on"
                    + " the new file (set relay.fsync=true to have exports synced, so a restart does not matter)");
        }
    }

    /** An id the file carries (ImageJ's Info, a manifest reference) that names another job refuses it. */
    private static void checkIdentity(Job job, FileInfo info, String fileName) {
        String inside = info.jobId();
        if (inside != null && !inside.equals(job.id())) {
            throw new RequestException(fileName + " was matched to job " + job.id() + ", but the file itself says it"
                    + " belongs to job " + inside + " (the id travels inside the file, e.g. in ImageJ's Info): writing it"
                    + " would put job " + inside + "'s region where job " + job.id() + "'s was. Return it under a name"
                    + " starting with " + inside + " and then '-', '_' or '.', or to job " + inside + "'s upload URL");
        }
    }

    private static void checkArrayUnchanged(Manifest m, ZarrArray array) {
        if (!array.metadata().dtype().numpyName().equals(m.dtype())
                || (m.chunks() != null && !Arrays.equals(array.metadata().chunkShape(), m.chunks()))) {
            throw new RequestException(array.describe() + " is now " + array.metadata().dtype().numpyName() + " with chunks "
                    + Arrays.toString(array.metadata().chunkShape()) + ", but job " + m.id() + " exported it as " + m.dtype()
                    + " with chunks " + Arrays.toString(m.chunks()) + ": the array was replaced since the export, so the"
                    + " result cannot be written back; export the region again");
        }
    }

    /**
     * A voxel size the file states in a length unit must be the export's (after unit conversion:
     * ITK-based tools rewrite micrometres as millimetres). Files without a unit, or in pixels, are
     * not compared: many tools drop the calibration.
     */
    private static void checkGeometry(Manifest m, FileInfo info, String fileName) {
        double[] size = info.voxelSize();
        double[] exported = m.voxelSize();
        Double fileUnit = Units.metres(info.unit());
        Double exportUnit = Units.metres(m.unit());
        if (size == null || exported == null || fileUnit == null || exportUnit == null || size.length != exported.length) {
            return;
        }
        for (int d = 0; d < size.length; d++) {
            if (Double.isNaN(size[d])) {
                continue;  // an axis the file does not have (a one-plane stack saved as 2D)
            }
            double a = size[d] * fileUnit;
            double b = exported[d] * exportUnit;
            if (Math.abs(a - b) > SIZE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) {
                throw new RequestException(fileName + " has voxel size " + Arrays.toString(size) + " " + info.unit() + " but job "
                        + m.id() + " exported " + Arrays.toString(exported) + " " + m.unit() + " (axis " + d + " differs):"
                        + " the result was resampled or its calibration changed, so its voxels would land in the wrong"
                        + " place; return a result with the exported voxel size");
            }
        }
        double[] origin = info.origin();
        double[] exportedOrigin = m.origin();
        if (origin == null || exportedOrigin == null || origin.length != exportedOrigin.length) {
            return;
        }
        for (int d = 0; d < origin.length; d++) {
            if (Double.isNaN(origin[d])) {
                continue;
            }
            double a = origin[d] * fileUnit;
            double b = exportedOrigin[d] * exportUnit;
            double voxel = exported[d] * exportUnit;
            if (shifted(a, b, voxel)) {
                throw new RequestException(fileName + " starts at " + Arrays.toString(origin) + " " + info.unit() + " but job "
                        + m.id() + " exported its region starting at " + Arrays.toString(exportedOrigin) + " " + m.unit()
                        + " (axis " + d + " is shifted by " + String.format(java.util.Locale.ROOT, "%.3g", (a - b) / voxel)
                        + " voxels): it is another region, or the tool moved the image; return a result at the exported"
                        + " position");
            }
        }
    }

    /**
     * A file whose orientation says it holds the export's grid mirrored or with axes swapped has
     * its voxels turned back; that is right only if its grid lies where the export's did. So its
     * first voxel's position is compared even where {@link #checkGeometry} compares nothing: a file
     * without a unit is taken to be in the export's unit, and an export without geometry wrote voxel
     * size 1 at position 0. A tool that only changed the header's orientation (SimpleITK saving an
     * image made from an array without CopyInformation) is refused here instead of being mirrored.
     */
    private static void checkTurnedGrid(Manifest m, FileInfo info, String fileName) {
        double[] origin = info.origin();
        if (origin == null) {
            return;
        }
        int rank = origin.length;
        double[] exportedOrigin = m.origin() != null && m.origin().length == rank ? m.origin() : new double[rank];
        double[] exportedSize = m.voxelSize() != null && m.voxelSize().length == rank ? m.voxelSize() : ones(rank);
        Double fileUnit = Units.metres(info.unit());
        Double exportUnit = m.origin() != null ? Units.metres(m.unit()) : null;
        double scale = fileUnit != null && exportUnit != null ? fileUnit / exportUnit : 1;  // the file's numbers in the export's unit
        for (int d = 0; d < rank; d++) {
            if (Double.isNaN(origin[d])) {
                continue;
            }
            double a = origin[d] * scale;
            double b = exportedOrigin[d];
            if (shifted(a, b, exportedSize[d])) {
                throw new RequestException(fileName + "'s orientation says it holds job " + m.id() + "'s grid mirrored"
                        + " or with axes swapped, but turned back its first voxel would be at " + Arrays.toString(origin)
                        + (info.unit() != null ? " " + info.unit() : "") + ", not where the export's region starts ("
                        + Arrays.toString(exportedOrigin) + (m.unit() != null && m.origin() != null ? " " + m.unit() : "")
                        + "; axis " + d + " differs by " + String.format(java.util.Locale.ROOT, "%.3g", (a - b) / exportedSize[d])
                        + " voxels): the tool changed the orientation in the header without moving the image, so"
                        + " writing it would mirror the voxels. Save the result with the exported file's header"
                        + " (orientation and origin), e.g. copy the exported image's geometry onto it");
            }
        }
    }

    /**
     * Whether two positions of a grid's first voxel differ: a float32 origin far from zero is exact
     * to ~1e-7 of its value; anything above a thousandth of a voxel is a real shift.
     */
    private static boolean shifted(double a, double b, double voxel) {
        return Math.abs(a - b) > Math.max(1e-6 * Math.max(Math.abs(a), Math.abs(b)), 1e-3 * Math.abs(voxel));
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1);
        return v;
    }

    /** The result's type must be the export's unless the user allowed a change. */
    private static void checkType(DataType result, DataType array, Cast cast, String fileName, Manifest m) {
        if (result == array) {
            return;
        }
        if (cast == Cast.SAME) {
            throw new RequestException(fileName + " holds " + result.numpyName() + " voxels but job " + m.id() + " exported "
                    + array.numpyName() + ". " + likelyCause(result, array) + " A changed type is therefore refused. If the values"
                    + " are what you want, allow the conversion with \"cast\": \"lossless\" (" + losslessHint(result, array)
                    + ") or \"clamp\" / \"round\": in the request, as ?cast=... on the upload, with --cast on the CLI, or in"
                    + " a sidecar " + JobFiles.sidecar(fileName) + " holding {\"cast\": \"lossless\"}");
        }
        if (cast == Cast.LOSSLESS && !Casts.isLossless(result, array)) {
            throw new RequestException(fileName + " holds " + result.numpyName() + " voxels and converting them to "
                    + array.numpyName() + " would change values, which \"cast\": \"lossless\" does not allow: use \"clamp\""
                    + " (truncate and clamp) or \"round\" (round and clamp)");
        }
    }

    private static String likelyCause(DataType result, DataType array) {
        if (result == DataType.UINT8 && array.size() > 1) {
            return "Fiji's Image > Type > 8-bit conversion rescales intensities to 0-255, so the values are probably not the"
                    + " ones exported.";
        }
        if (result == DataType.FLOAT64 && !array.isFloat()) {
            return "Filters that work in floating point produce fractional values; and a NIfTI file's scl_slope /"
                    + " scl_inter or a DICOM series' Rescale Slope / Intercept other than 1 / 0 give float64 values too"
                    + " (zarr-relay applies them), even where the stored integers are the exported ones: then \"round\""
                    + " writes them back exactly.";
        }
        if (result.isFloat() && !array.isFloat()) {
            return "Filters that work in 32-bit (Fiji converts to 32-bit for many of them) produce fractional values.";
        }
        return "A tool that changes the type usually changes the values as well.";
    }

    private static String losslessHint(DataType result, DataType array) {
        return Casts.isLossless(result, array) ? "every " + result.numpyName() + " value fits " + array.numpyName()
                + " exactly" : "not enough here: " + result.numpyName() + " values do not all fit " + array.numpyName();
    }

    private static Plan labelPlan(Job job, ZarrArray exported, DataType result, Cast cast, String fileName,
                                  WritebackService engine) {
        Manifest m = job.manifest();
        Multiscales image = Multiscales.ofArray(exported.store(), exported.path());
        if (image == null || image.levelOf(exported.path()) != 0) {
            throw new RequestException("\"target\": \"" + job.target() + "\" needs a region exported from level 0 of an"
                    + " OME-Zarr image, but " + exported.describe() + " is not one; export from level 0, or leave \"target\" out");
        }
        if (!result.isInteger() && result != DataType.BOOL) {
            throw new RequestException(fileName + " holds " + result.numpyName() + " voxels, but label images hold integers:"
                    + " save the segmentation as an integer image (8, 16 or 32 bit)");
        }
        String name = LabelImages.nameOf(job.target());
        Store store = exported.store();
        ZarrArray existing = LabelImages.level0(store, image, name);
        if (existing == null) {
            return new Plan(null, m.toRegion(), Casts.Mode.LOSSLESS, null,
                    new NewLabelImage(image, name, result, LabelImages.newFolder(store, image, name)));
        }
        DataType labels = existing.metadata().dtype();
        if (result != labels && !Casts.isLossless(result, labels) && cast != Cast.CLAMP && cast != Cast.ROUND) {
            throw new RequestException(fileName + " holds " + result.numpyName() + " labels but the label image "
                    + job.target() + " is " + labels.numpyName() + ", which cannot hold every such value: save the"
                    + " segmentation as " + labels.numpyName() + " or narrower");
        }
        return new Plan(existing, m.toRegion(), cast.mode(), engine.pyramidOf(existing, Levels.FROM_FINEST), null);
    }
}
