package org.zarrrelay.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.LeadingAxesReader;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.MergeBases;
import org.zarrrelay.journal.Snapshots;
import org.zarrrelay.journal.Transaction;
import org.zarrrelay.journal.TxSummary;
import org.zarrrelay.ome.LabelImages;
import org.zarrrelay.ome.Pyramid;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.Store;

/**
 * One write-back as a transaction of its store: check, merge, journal, write, pyramid, commit.
 * <ol>
 * <li><b>check</b> ({@link ResultChecks}): the file is the job's, of its shape, type and geometry;</li>
 * <li><b>merge</b>: every chunk the write will replace, at every level, is snapshotted into the
 *     journal; chunks whose content changed since the export are merged voxel by voxel with the
 *     result ({@link ThreeWayMerge}); a conflict refuses the whole write-back, nothing written;</li>
 * <li><b>journal</b>: the snapshots are made durable with one sync;</li>
 * <li><b>write</b> the result (merged) tile by tile, then the <b>pyramid</b> below it;</li>
 * <li><b>commit</b>: the commit record is written last.</li>
 * </ol>
 * A failure at any step before the commit rolls everything back. The caller holds the store's lock.
 */
public final class WriteBack {
    private final WritebackService engine;
    private final boolean fsync;
    private final String worker;

    /** @param fsync make the new chunks durable (one batch) before the commit record */
    public WriteBack(WritebackService engine, boolean fsync, String worker) {
        this.engine = engine;
        this.fsync = fsync;
        this.worker = worker;
    }

    /** What a committed write-back did. */
    public record Result(TxSummary summary, long voxels, long kept, long overwritten) {
    }

    /**
     * @param maskFile where a conflict mask is written when the write-back is refused for conflicts
     */
    public Result run(Job job, Store store, ChunkExecutor executor, Path file, WritebackOptions options, Path maskFile,
                      Progress progress) {
        String name = file.getFileName().toString();
        String input = InputIdentity.of(file);  // before the first byte is read: what is committed must be this file
        Manifest m = job.manifest();
        ZarrArray exported = ZarrArray.open(store, m.array(), org.zarrrelay.zarr.codec.CodecRegistry.DEFAULT, executor);
        try (VolumeReader opened = Formats.forPath(file).open(file)) {
            // a 2D export saved as 3D of depth 1, or a one-plane 3D export saved as 2D, is the same voxels
            VolumeReader reader = LeadingAxesReader.toRank(opened, m.fileShape().length);
            ResultChecks.Plan plan = ResultChecks.check(job, exported, reader, name, options, engine);
            boolean overwrite = options.onConflictOrDefault() == OnConflict.OVERWRITE;
            Snapshots base = job.hasBase() ? MergeBases.read(store, job.id()) : null;
            if (job.hasBase() && base == null && !overwrite) {
                throw new RequestException("the merge base of job " + job.id() + " is gone (removed after"
                        + " relay.journal.keep-days, or by hand), so changes made since its export cannot be told apart:"
                        + " export the region again, or write this result with \"on-conflict\": \"overwrite\"");
            }
            // only then, a region too wide for whole-plane slabs is copied beside the file to be read in tiles
            try (StagedReader staged = engine.stagedFor(exported, plan.region(), reader, file.toAbsolutePath().getParent(),
                    name, progress)) {
                return transaction(job, store, executor, file, input, options, maskFile, progress, plan,
                        staged != null ? staged : reader, base, overwrite);
            }
        }
    }

    private Result transaction(Job job, Store store, ChunkExecutor executor, Path file, String input,
                               WritebackOptions options, Path maskFile, Progress progress, ResultChecks.Plan plan,
                               VolumeReader reader, Snapshots base, boolean overwrite) {
        String name = file.getFileName().toString();
        Journal journal = Journal.of(store, executor);
        Transaction tx = journal.begin(Journal.WRITE_BACK, job.id(), null, worker, input);
        try {
            if (plan.newLabel() != null) {
                tx.coverNewPrefix(plan.newLabel().folder());
            }
            Map<String, String> now = tx.cover(plannedKeys(plan));
            List<ZarrArray.ChunkPart> changed = base == null || plan.array() == null || job.target() != null
                    ? List.of() : ChunkMerges.changedParts(plan.array(), plan.region(), now, base.fingerprints());
            if (!overwrite && !changed.isEmpty()) {
                refuseRewrittenInPlace(job, store, base, changed, name, tx);
            }
            ZarrArray baseArray = base == null || plan.array() == null ? null : plan.array().withStore(base.view());
            ZarrArray current = plan.array() == null ? null : plan.array().withStore(tx.before());
            ThreeWayMerge.Tally tally = new ThreeWayMerge.Tally();
            if (!changed.isEmpty()) {
                progress.phase(JobProgress.Phase.MERGING);
                checkConflicts(job, plan, reader, changed, baseArray, current, tally, overwrite, journal, name,
                        maskFile, tx, progress);
            }
            tx.durable();
            Store writer = tx.store();
            ZarrArray target = plan.array() != null ? plan.array().withStore(writer) : createLabelImage(writer, plan);
            WritebackService.PyramidUpdate pyramid = engine.pyramidOf(target, job.target() != null
                    ? Levels.FROM_FINEST : options.levelsOrDefault());
            ThreeWayMerge.Tally written = new ThreeWayMerge.Tally();
            progress.phase(JobProgress.Phase.WRITING);
            engine.writeTiles(target, plan.region(), reader, name, plan.cast(), progress, (at, tile) -> {
                Region box = Region.of(at, tile.shape());
                if (ChunkMerges.touches(box, changed)) {
                    ChunkMerges.mergeSlab(box, tile, changed, baseArray, current, written, null);
                }
            });
            if (pyramid != null) {
                progress.phase(JobProgress.Phase.PYRAMID);
                pyramid.apply(plan.region(), engine.slabBytes(), progress);
            }
            if (!input.equals(InputIdentity.ofOrNull(file))) {
                // saved again or replaced while it was read: what was read may be neither file
                throw new RequestException(name + " changed while it was being written back (saved again, replaced or"
                        + " removed), so nothing was written: return the file again once it is complete");
            }
            TxSummary summary = tx.commit(details(job, target, plan, pyramid, written, name), fsync);
            return new Result(summary, plan.region().elementCount(), written.kept, written.conflicts);
        } catch (RuntimeException | Error e) {
            tx.abandon();
            throw e;
        }
    }

    /** Finds conflicts before anything is written; refuses (discarding the transaction) unless the result may win. */
    private void checkConflicts(Job job, ResultChecks.Plan plan, VolumeReader reader, List<ZarrArray.ChunkPart> changed,
                                ZarrArray baseArray, ZarrArray current, ThreeWayMerge.Tally tally, boolean overwrite,
                                Journal journal, String name, Path maskFile, Transaction tx, Progress progress) {
        ZarrArray array = plan.array();
        List<Region> tiles = engine.tilesOf(array, plan.region(), reader.dtype());
        // counted in bytes of the result's tiles that meet a chunk changed since the export
        List<Region> merged = tiles.stream().filter(tile -> ChunkMerges.touches(tile, changed)).toList();
        long tileBytes = reader.dtype().size();
        long total = merged.stream().mapToLong(Region::elementCount).sum() * tileBytes;
        long done = 0;
        progress.update(0, total);
        for (Region tile : merged) {
            ChunkMerges.mergeSlab(tile, WritebackService.readTile(array, plan.region(), reader, tile, plan.cast()),
                    changed, baseArray, current, tally, null);
            done += tile.elementCount() * tileBytes;
            progress.update(done, total);
        }
        if (tally.conflicts == 0 || overwrite) {
            return;
        }
        Path mask = null;
        if (maskFile != null) {
            ConflictMask.write(maskFile, job.id(), plan.region(), tiles,
                    tile -> WritebackService.readTile(array, plan.region(), reader, tile, plan.cast()), changed, baseArray,
                    current, engine.slabBytes());
            mask = maskFile;
        }
        tx.discard();
        List<String> by = ConflictReport.changedBy(journal, array.path(), tally.lo(), tally.hi(), job.manifest().created());
        throw new ConflictException(name + " conflicts with changes made to " + array.describe() + " since job "
                + job.id() + " was exported: " + tally.conflicts + " voxel(s) were changed both by the result and in the"
                + " store, to different values (array box " + ConflictReport.box(tally.lo(), tally.hi()) + "; in the file "
                + ConflictReport.inFile(plan.region(), tally.lo(), tally.hi()) + "). "
                + (by.isEmpty() ? "No relay job wrote there since the export, so a tool outside the relay changed them. "
                        : "They were changed by job " + String.join(", ", by) + ". ")
                + "Nothing was written" + (mask != null ? "; the conflict mask (" + JobFiles.conflictMask(name)
                        + ") marks those voxels" : "") + ". To keep those changes, redo the edit on a fresh export; to let"
                + " the result win, return it again with \"on-conflict\": \"overwrite\" (?on-conflict=overwrite on the"
                + " upload, --on-conflict overwrite on the CLI, or a sidecar " + JobFiles.sidecar(name)
                + " holding {\"on-conflict\": \"overwrite\"})", mask);
    }

    /**
     * Refuses when a chunk changed since the export no longer matches its merge-base copy. On disk
     * the copy is a hard link to the chunk's file as exported: a tool that rewrote that file in place
     * (instead of writing a new file over it) changed the copy too, so the merge would take that
     * tool's values for the exported ones and quietly put the exported values back over them.
     */
    private static void refuseRewrittenInPlace(Job job, Store store, Snapshots base, List<ZarrArray.ChunkPart> changed,
                                               String name, Transaction tx) {
        List<String> rewritten = changed.stream().map(ZarrArray.ChunkPart::key).filter(key -> !base.intact(key)).toList();
        if (rewritten.isEmpty()) {
            return;
        }
        tx.discard();
        throw new RequestException("the merge base of job " + job.id() + " was changed: " + rewritten.size()
                + " chunk(s) of " + store.describe() + " (" + String.join(", ", rewritten.subList(0, Math.min(3,
                rewritten.size()))) + (rewritten.size() > 3 ? ", ..." : "") + ") were rewritten in place since the export"
                + " by a tool outside the relay, which also changed the export's copies of them, so that tool's changes"
                + " cannot be told apart from the exported values. Nothing was written. To keep those changes, redo the"
                + " edit on a fresh export; to write the result over them, return it again with \"on-conflict\":"
                + " \"overwrite\" (?on-conflict=overwrite on the upload, --on-conflict overwrite on the CLI, or a"
                + " sidecar " + JobFiles.sidecar(name) + " holding {\"on-conflict\": \"overwrite\"})");
    }

    /** The keys the write replaces, at every level: snapshotted before anything is written. */
    private static List<String> plannedKeys(ResultChecks.Plan plan) {
        List<String> keys = new ArrayList<>();
        if (plan.array() == null) {
            return keys;  // a new label image: everything is under its new folder
        }
        Region r = plan.region();
        keys.addAll(plan.array().chunkKeys(r.offset(), r.shape()));
        if (plan.pyramid() != null) {
            Pyramid p = plan.pyramid().pyramid();
            for (Pyramid.LevelBox box : p.affected(plan.pyramid().level(), r.offset(), r.shape())) {
                keys.addAll(p.level(box.level()).chunkKeys(box.offset(), box.shape()));
            }
        }
        return keys;
    }

    private static ZarrArray createLabelImage(Store writer, ResultChecks.Plan plan) {
        ResultChecks.NewLabelImage l = plan.newLabel();
        return LabelImages.ensure(writer, l.image(), l.name(), l.dtype());
    }

    /** What history shows of the write-back: where, which levels, how many chunks and voxels. */
    private static ObjectNode details(Job job, ZarrArray target, ResultChecks.Plan plan,
                                      WritebackService.PyramidUpdate pyramid, ThreeWayMerge.Tally written, String file) {
        Region r = plan.region();
        List<Box> boxes = new ArrayList<>();
        boxes.add(new Box(target, r.offset(), r.shape()));
        if (pyramid != null) {
            for (Pyramid.LevelBox b : pyramid.pyramid().affected(pyramid.level(), r.offset(), r.shape())) {
                boxes.add(new Box(pyramid.pyramid().level(b.level()), b.offset(), b.shape()));
            }
        }
        return History.details(job.manifest().store(), target.path(), file, r, job.target(), boxes, r.elementCount(),
                written.kept, written.conflicts);
    }

    /** A box of one array that a transaction changed. */
    record Box(ZarrArray array, long[] offset, int[] shape) {
    }
}
