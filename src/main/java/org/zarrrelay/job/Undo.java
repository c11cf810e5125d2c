package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.JournalException;
import org.zarrrelay.journal.Snapshots;
import org.zarrrelay.journal.Transaction;
import org.zarrrelay.journal.TxEntry;
import org.zarrrelay.journal.TxIntent;
import org.zarrrelay.journal.TxSummary;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.Store;

/**
 * Undoes a job's write-back as a transaction of its own: every value the write-back replaced, at
 * every level, is put back. A chunk changed again since (by a later job) is merged voxel by voxel
 * the same way a write-back is, with the roles turned: the write-back's result is the base, the
 * values before it the result; where the later change and the undo disagree, the undo is refused
 * with a conflict mask, nothing written. After a merge the coarser levels are recomputed from the
 * merged level. The caller holds the store's lock.
 */
public final class Undo {
    private final WritebackService engine;
    private final boolean fsync;
    private final String worker;

    public Undo(WritebackService engine, boolean fsync, String worker) {
        this.engine = engine;
        this.fsync = fsync;
        this.worker = worker;
    }

    /** What a committed undo did. */
    public record Result(TxSummary summary, TxSummary undone, long kept) {
    }

    /** @param maskFile where a conflict mask is written when the undo is refused for conflicts */
    public Result run(String jobId, Store store, ChunkExecutor executor, Path maskFile) {
        Journal journal = Journal.of(store, executor);
        TxEntry entry = journal.lastWriteBack(jobId);
        if (entry == null) {
            throw new RequestException(undoneBefore(journal, jobId)
                    ? "job " + jobId + "'s write-back was undone already; there is nothing more to undo"
                    : "job " + jobId + " has no write-back in " + store.describe() + " to undo: it was never written back"
                    + " (or its store is another one)");
        }
        if (entry.pruned()) {
            throw new RequestException("job " + jobId + "'s write-back (" + entry.summary().committed() + ") is older than"
                    + " relay.journal.keep-days, so its undo data was removed; it can no longer be undone");
        }
        TxSummary done = entry.summary();
        TxIntent doneIntent = journal.intent(done.tx());
        Snapshots before = journal.before(done.tx());
        Snapshots after = journal.after(done.tx());
        if (before == null || after == null) {
            throw new JournalException("job " + jobId + "'s write-back (" + done.committed() + ") cannot be undone: the index"
                    + " of its undo data (" + (before == null ? "what it replaced" : "what it wrote") + ") is missing from"
                    + " the transaction " + done.tx() + " in " + store.describe() + ", removed outside the relay. Nothing"
                    + " was written");
        }
        List<String> created = doneIntent.newPrefixes();
        JsonNode details = done.details();
        ZarrArray level = ZarrArray.open(store, details.path("array").asText(), org.zarrrelay.zarr.codec.CodecRegistry.DEFAULT,
                executor);
        Region region = withIndexed(region(details.path("boxes").get(0)), details.path("indexed"));
        List<WriteBack.Box> boxes = boxesOf(store, details, executor);

        Transaction tx = journal.begin(Journal.UNDO, jobId, done.tx(), worker, null);
        try {
            Map<String, String> now = tx.cover(after.keys());
            Set<String> changedSince = new HashSet<>();
            for (String key : after.keys()) {
                if (!Objects.equals(now.get(key), after.fingerprint(key))) {
                    changedSince.add(key);
                }
            }
            Set<String> levelKeys = new HashSet<>(level.chunkKeys(region.offset(), region.shape()));
            Set<String> chunkKeys = new HashSet<>();
            boxes.forEach(b -> chunkKeys.addAll(b.array().chunkKeys(b.offset(), b.shape())));
            if (!created.isEmpty() && !changedSince.isEmpty()) {
                tx.discard();
                throw new RequestException("undo of job " + jobId + " refused: its write-back created " + created
                        + ", which later write-backs changed; undo those first");
            }
            for (String key : changedSince) {
                if (!chunkKeys.contains(key)) {
                    tx.discard();
                    throw new RequestException("undo of job " + jobId + " refused: " + key + " in " + store.describe()
                            + " (metadata the write-back changed) was changed again since; undo the later change first");
                }
            }
            List<ZarrArray.ChunkPart> merged = new ArrayList<>();
            for (ZarrArray.ChunkPart part : level.chunksIn(region.offset(), region.shape())) {
                if (changedSince.contains(part.key())) {
                    merged.add(part);
                    if (!after.intact(part.key())) {
                        // the copy shares its file with the chunk as written; a tool that rewrote that
                        // file in place changed both, so the write-back's own values are lost
                        tx.discard();
                        throw new RequestException("undo of job " + jobId + " refused: " + part.key() + " in "
                                + store.describe() + " was rewritten in place by a tool outside the relay, which also"
                                + " changed the undo data's copy of it, so the voxels this job wrote can no longer be"
                                + " told apart");
                    }
                }
            }
            ZarrArray wanted = level.withStore(before.view(created));
            ZarrArray base = level.withStore(after.view());
            ZarrArray current = level.withStore(tx.before());
            ThreeWayMerge.Tally tally = new ThreeWayMerge.Tally();
            List<Volume> mergedValues = new ArrayList<>();
            for (ZarrArray.ChunkPart part : merged) {
                Volume v = wanted.read(part.offset(), part.shape());
                ThreeWayMerge.merge(v, base.read(part.offset(), part.shape()), current.read(part.offset(), part.shape()),
                        part.offset(), tally, null);
                mergedValues.add(v);
            }
            if (tally.conflicts > 0) {
                refuse(jobId, done, journal, level, region, merged, wanted, base, current, tally, maskFile, tx);
            }
            tx.durable();
            Store writer = tx.store();
            for (String key : after.keys()) {
                if (changedSince.contains(key)) {
                    continue;  // merged below, or (coarser levels) recomputed from the merged level
                }
                if (before.fingerprintOr(key, created) == null) {
                    writer.delete(key);
                } else {
                    writer.put(key, before.value(key));
                }
            }
            ZarrArray target = level.withStore(writer);
            for (int i = 0; i < merged.size(); i++) {
                target.write(merged.get(i).offset(), mergedValues.get(i));
            }
            boolean recompute = changedSince.stream().anyMatch(k -> !levelKeys.contains(k)) || !merged.isEmpty()
                    || laterWriteSharesACoarserBlock(journal, done, level, boxes);
            if (recompute) {
                WritebackService.PyramidUpdate pyramid = engine.pyramidOf(target, Levels.THIS_AND_COARSER);
                if (pyramid != null) {
                    pyramid.apply(region, engine.slabBytes(), Progress.NONE);
                }
            }
            TxSummary summary = tx.commit(History.details(details.path("store").asText(), level.path(), null, region,
                    details.path("target").asText(null), boxes, region.elementCount(), tally.kept, 0), fsync);
            return new Result(summary, done, tally.kept);
        } catch (RuntimeException | Error e) {
            tx.abandon();
            throw e;
        }
    }

    private void refuse(String jobId, TxSummary done, Journal journal, ZarrArray level, Region region,
                        List<ZarrArray.ChunkPart> merged, ZarrArray wanted, ZarrArray base, ZarrArray current,
                        ThreeWayMerge.Tally tally, Path maskFile, Transaction tx) {
        Path mask = null;
        if (maskFile != null) {
            ConflictMask.write(maskFile, jobId, region, engine.tilesOf(level, region, level.metadata().dtype()),
                    tile -> wanted.read(tile.offset(), tile.shape()), merged, base, current, engine.slabBytes());
            mask = maskFile;
        }
        tx.discard();
        List<String> by = ConflictReport.changedBy(journal, level.path(), tally.lo(), tally.hi(), done.committed());
        throw new ConflictException("undo of job " + jobId + " refused: " + tally.conflicts + " voxel(s) it would restore"
                + " were changed again since its write-back (array box " + ConflictReport.box(tally.lo(), tally.hi()) + ")"
                + (by.isEmpty() ? " by a tool outside the relay" : " by job " + String.join(", ", by))
                + ", so undoing would lose that change. Nothing was written" + (mask != null ? "; the conflict mask marks"
                + " those voxels" : "") + ". Undo the later change first.", mask);
    }

    /**
     * True when a write committed after {@code done} changed a block of a coarser level that the
     * undone write-back changed too. Such a write can leave every chunk of the undone one as it was
     * (its voxels are elsewhere in the finer level, and the block's new value may even equal the
     * old), so the coarser chunks put back from before the write-back would miss its voxels: they
     * are computed again instead.
     */
    private static boolean laterWriteSharesACoarserBlock(Journal journal, TxSummary done, ZarrArray level,
                                                         List<WriteBack.Box> boxes) {
        List<TxEntry> history = journal.history();  // read once, for every level's box
        for (WriteBack.Box b : boxes) {
            if (b.array().path().equals(level.path())) {
                continue;  // the undone level itself: its chunks changed since are merged above
            }
            long[] hi = new long[b.offset().length];
            for (int d = 0; d < hi.length; d++) {
                hi[d] = b.offset()[d] + b.shape()[d];
            }
            if (!ConflictReport.changedBy(history, b.array().path(), b.offset(), hi, done.committed()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean undoneBefore(Journal journal, String jobId) {
        for (TxEntry e : journal.historyOf(jobId)) {
            if (Journal.WRITE_BACK.equals(e.summary().kind()) && jobId.equals(e.summary().job())) {
                return e.undoneBy() != null;
            }
        }
        return false;
    }

    /** Every box the write-back changed, at every level, with its array opened now (before anything is undone). */
    private static List<WriteBack.Box> boxesOf(Store store, JsonNode details, ChunkExecutor executor) {
        List<WriteBack.Box> boxes = new ArrayList<>();
        for (JsonNode box : details.path("boxes")) {
            Region r = region(box);
            ZarrArray a = ZarrArray.open(store, box.path("array").asText(), org.zarrrelay.zarr.codec.CodecRegistry.DEFAULT,
                    executor);
            boxes.add(new WriteBack.Box(a, r.offset(), r.shape()));
        }
        return boxes;
    }

    private static Region withIndexed(Region r, JsonNode indexed) {
        boolean[] flags = new boolean[r.rank()];
        for (int d = 0; d < flags.length && d < indexed.size(); d++) {
            flags[d] = indexed.get(d).asBoolean();
        }
        return new Region(r.offset(), r.shape(), flags);
    }

    private static Region region(JsonNode box) {
        JsonNode o = box.path("offset");
        JsonNode s = box.path("shape");
        long[] offset = new long[o.size()];
        int[] shape = new int[s.size()];
        for (int d = 0; d < offset.length; d++) {
            offset[d] = o.get(d).asLong();
            shape[d] = s.get(d).asInt();
        }
        return Region.of(offset, shape);
    }
}
