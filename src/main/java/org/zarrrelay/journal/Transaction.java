package org.zarrrelay.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.store.Store;

/**
 * One all-or-nothing change of a store. The order is what makes it safe across kill -9 and power
 * loss:
 * <ol>
 * <li>{@link #cover}: every key it will write is snapshotted (hard links on disk, server-side
 *     copies on S3) into {@code tx/<id>/before/}; the caller checks and merges against those
 *     copies, and may still {@link #discard} the transaction, nothing having been written;</li>
 * <li>{@link #durable}: the intent and the snapshot index are made durable with one sync;</li>
 * <li>{@link #store}: writes go through a store that covers any key not covered yet (with a sync
 *     of its own) before replacing it, and on S3 replaces each key only if it still holds the
 *     value seen when it was covered;</li>
 * <li>{@link #commit}: with fsync on, the new values are synced as one batch; they are
 *     snapshotted into {@code tx/<id>/after/} (undo needs them), and the commit record is written
 *     last (and synced, with fsync on).</li>
 * </ol>
 * Until the commit record exists, whoever opens the store next rolls the transaction back; once
 * it exists the transaction stands. Not thread-safe for its steps; its store may be used by many
 * threads at once.
 */
public final class Transaction {
    private enum State { OPEN, DURABLE, COMMITTED, ENDED }

    private static final String ABSENT = "";

    private final Store live;
    private final ChunkExecutor executor;
    private final String prefix;
    private TxIntent intent;
    private final Snapshots before;
    private final Map<String, String> current = new ConcurrentHashMap<>();
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    /** Keys a put or delete was sent for, whatever its outcome: the only ones a rollback may have to restore. */
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    /** Keys whose conditional put the store refused: another writer's value, which a rollback leaves alone. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile State state = State.OPEN;

    Transaction(Store live, ChunkExecutor executor, TxIntent intent) {
        this.live = live;
        this.executor = executor;
        this.intent = intent;
        this.prefix = StoreArea.tx(intent.tx());
        this.before = Snapshots.empty(live, prefix + "/" + Journal.BEFORE);
        writeIntent();
    }

    public String id() {
        return intent.tx();
    }

    public TxIntent intent() {
        return intent;
    }

    /**
     * Snapshots these keys as they are now (those already covered are skipped) and returns their
     * fingerprints (null for absent keys), for the caller's conflict checks.
     */
    public Map<String, String> cover(Collection<String> keys) {
        requireState(State.OPEN, "cover keys");
        List<String> fresh = new ArrayList<>();
        for (String k : new LinkedHashSet<>(keys)) {
            if (!before.covers(k)) {
                fresh.add(k);
            }
        }
        String[] fps = new String[fresh.size()];
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            int n = i;
            tasks.add(() -> fps[n] = before.add(fresh.get(n)));
        }
        executor.runAll(tasks);
        for (String k : keys) {
            String fp = before.fingerprint(k);
            current.put(k, fp == null ? ABSENT : fp);
        }
        return before.fingerprints();
    }

    /** Declares a folder this transaction creates from nothing: a rollback removes it whole. */
    public void coverNewPrefix(String folder) {
        requireState(State.OPEN, "declare a new folder");
        List<String> prefixes = new ArrayList<>(intent.newPrefixes());
        prefixes.add(folder);
        intent = new TxIntent(intent.tx(), intent.kind(), intent.job(), intent.undoes(), intent.worker(),
                intent.started(), intent.input(), prefixes);
        writeIntent();
    }

    /** The covered keys as they were when covered (read-only). */
    public Store before() {
        return before.view();
    }

    public Snapshots snapshots() {
        return before;
    }

    /** Makes the intent and the snapshot index durable: from here on, writes may happen. */
    public void durable() {
        requireState(State.OPEN, "make the journal durable");
        before.writeIndex();
        List<String> keys = new ArrayList<>(before.durableKeys());
        keys.add(prefix + "/" + Journal.INTENT);
        live.sync(keys);
        state = State.DURABLE;
    }

    /** The store to write through: journaled, and on S3 conditional on what was covered. */
    public Store store() {
        requireState(State.DURABLE, "write");
        return new JournaledStore(live, this);
    }

    /** The value the key is expected to hold now, covering it first when it is not yet covered. */
    String expected(String key) {
        String fp = current.get(key);
        if (fp == null) {
            if (!underNewPrefix(key)) {
                synchronized (this) {
                    if (!before.covers(key)) {
                        before.add(key);
                        before.writeIndex();
                        live.sync(before.durableKeys());
                    }
                }
                fp = before.fingerprint(key);
            }
            fp = fp == null ? ABSENT : fp;
            current.putIfAbsent(key, fp);
        }
        return fp.equals(ABSENT) ? null : fp;
    }

    void attempting(String key) {
        requireState(State.DURABLE, "write");
        attempted.add(key);
    }

    void refused(String key) {
        refused.add(key);
    }

    void wrote(String key, String fingerprint) {
        requireState(State.DURABLE, "write");
        written.add(key);
        current.put(key, fingerprint == null ? ABSENT : fingerprint);
    }

    private boolean underNewPrefix(String key) {
        for (String p : intent.newPrefixes()) {
            if (key.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Keys written so far. */
    public Set<String> written() {
        return Set.copyOf(written);
    }

    /**
     * Commits: with {@code syncData} the new values are made durable first (one batch), then they
     * are snapshotted for undo, then the commit record is written and synced.
     */
    public TxSummary commit(JsonNode details, boolean syncData) {
        requireState(State.DURABLE, "commit");
        List<String> keys = new ArrayList<>(written);
        keys.sort(null);
        if (syncData) {
            live.sync(keys);
        }
        Map<String, String> fingerprints = new java.util.LinkedHashMap<>();
        for (String k : keys) {
            String fp = current.get(k);
            fingerprints.put(k, fp == null || fp.equals(ABSENT) ? null : fp);
        }
        Snapshots after = Snapshots.takeWritten(live, prefix + "/" + Journal.AFTER, fingerprints, executor);
        long beforeBytes = before.recordedBytes();
        long afterBytes = after.recordedBytes();
        TxSummary summary = new TxSummary(intent.tx(), intent.kind(), intent.job(), intent.undoes(), intent.worker(),
                intent.started(), now(), intent.input(), details,
                beforeBytes < 0 || afterBytes < 0 ? null : beforeBytes + afterBytes);
        String commit = prefix + "/" + Journal.COMMIT;
        live.put(commit, Json.bytes(Json.MAPPER.valueToTree(summary)));
        if (syncData) {
            // only with the data synced does a durable commit record promise anything after a power
            // loss; without, a kill -9 still finds the record in the page cache
            List<String> durable = new ArrayList<>(after.durableKeys());
            durable.add(commit);
            live.sync(durable);
        }
        state = State.COMMITTED;
        if (intent.undoes() != null) {
            Journal.markUndone(live, intent.undoes(), intent.tx());
        }
        return summary;
    }

    /** Drops a transaction that has not written anything (a refused write-back). */
    public void discard() {
        requireState(State.OPEN, "discard");
        Journal.deleteTx(live, intent.tx());
        state = State.ENDED;
    }

    /** Undoes whatever was written, every key back as covered, and removes the transaction. */
    public void rollback() {
        if (state == State.OPEN) {
            discard();
            return;
        }
        requireState(State.DURABLE, "roll back");
        // Only keys this process sent a write for: a covered key it never wrote, or one whose
        // conditional put was refused, holds another writer's value, and restoring the snapshot over
        // it would be the very lost update the refusal prevented. Recovery after a crash cannot know
        // this and restores every covered key.
        Set<String> restore = new LinkedHashSet<>(attempted);
        restore.removeAll(refused);
        Journal.rollBack(live, intent, before, restore);
        state = State.ENDED;
    }

    /** Ends the transaction after a failure, whatever step it reached: rolled back unless committed. */
    public void abandon() {
        if (state == State.OPEN || state == State.DURABLE) {
            rollback();
        }
    }

    private void writeIntent() {
        live.put(prefix + "/" + Journal.INTENT, Json.bytes(Json.MAPPER.valueToTree(intent)));
    }

    private void requireState(State wanted, String what) {
        if (state != wanted) {
            throw new IllegalStateException("cannot " + what + ": transaction " + intent.tx() + " is " + state);
        }
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }
}
