package org.zarrrelay.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.store.Store;

/**
 * The write-back journal of one store, in its reserved area ({@link StoreArea}): transactions in
 * progress, and committed ones kept as history and undo data. The caller holds the store's lock
 * for everything here, so no transaction of another process can be running while this one
 * recovers, begins or prunes.
 */
public final class Journal {
    public static final String WRITE_BACK = "write-back";
    public static final String UNDO = "undo";
    static final String INTENT = "intent.json";
    static final String COMMIT = "commit.json";
    static final String ACK = "ack.json";
    static final String UNDONE = "undone.json";
    static final String PRUNED = "pruned.json";
    static final String BEFORE = "before";
    /** Separates a transaction id's time and randomness from its job id; job ids never contain it. */
    private static final String JOB_MARK = "~";
    static final String AFTER = "after";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

    private final Store store;
    private final ChunkExecutor executor;

    private Journal(Store store, ChunkExecutor executor) {
        this.store = store;
        this.executor = executor;
    }

    /** @param executor runs snapshots of many keys in parallel */
    public static Journal of(Store store, ChunkExecutor executor) {
        return new Journal(store, executor);
    }

    /** Starts a transaction; its intent is written before anything else. */
    public Transaction begin(String kind, String job, String undoes, String worker, String input) {
        // time first (transactions list in order), the job last, so one job's are found without reading the others
        String id = OffsetDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36) + JOB_MARK + job;
        TxIntent intent = new TxIntent(id, kind, job, undoes, worker, Transaction.now(), input, List.of());
        return new Transaction(store, executor, intent);
    }

    /**
     * Finishes what an interrupted process left: a transaction without its commit record is rolled
     * back (every key it covered put back as it was, new folders removed, temporary files cleared);
     * a committed one stands, and is reported when its outcome was never recorded in the ledger.
     */
    public List<Recovered> recover() {
        List<Recovered> found = new ArrayList<>();
        for (String id : store.children(StoreArea.TX)) {
            String prefix = StoreArea.tx(id);
            byte[] intentBytes = store.get(prefix + "/" + INTENT);
            if (intentBytes == null) {
                if (store.list(prefix).isEmpty()) {
                    deleteTx(store, id);  // died before its intent was written: nothing else happened
                    continue;
                }
                if (summary(id) != null) {
                    continue;  // committed: it stands, and its history with it (an undo of it is refused)
                }
                throw new JournalException("transaction " + id + " in " + store.describe() + " was not committed and"
                        + " its intent record (" + prefix + "/" + INTENT + ") is missing, removed outside the relay, so"
                        + " recovery cannot tell what it created. Nothing was changed; no job can lock this store until"
                        + " it is fixed: check the store's data, then remove that transaction's folder by hand");
            }
            TxIntent intent = read(intentBytes, TxIntent.class, prefix + "/" + INTENT);
            TxSummary summary = summary(id);
            if (summary == null) {
                Snapshots before = Snapshots.read(store, prefix + "/" + BEFORE);
                rollBack(store, intent, before, null);
                found.add(new Recovered(intent, false, null));
                continue;
            }
            if (intent.undoes() != null) {
                markUndone(store, intent.undoes(), id);
            }
            if (!store.exists(prefix + "/" + ACK)) {
                found.add(new Recovered(intent, true, summary));
            }
        }
        return found;
    }

    /** Records that the transaction's outcome is in the job ledger, so recovery no longer reports it. */
    public void acknowledge(String tx) {
        store.put(StoreArea.tx(tx) + "/" + ACK, Json.bytes(JsonNodeFactory.instance.objectNode().put("at",
                Transaction.now())));
    }

    /** Every committed transaction, newest first (its undo data's size: {@link #undoBytes}). */
    public List<TxEntry> history() {
        return history(store.children(StoreArea.TX));
    }

    private List<TxEntry> history(List<String> ids) {
        List<TxEntry> entries = new ArrayList<>();
        for (String id : ids) {
            TxSummary s = summary(id);
            if (s != null) {
                entries.add(entry(id, s));
            }
        }
        entries.sort(Comparator.comparing((TxEntry e) -> e.summary().committed()).reversed());
        return entries;
    }

    /** The last committed write-back of a job that has not been undone, or null; reads only that job's transactions. */
    public TxEntry lastWriteBack(String job) {
        List<String> ids = store.children(StoreArea.TX).stream().filter(id -> id.endsWith(JOB_MARK + job)).toList();
        for (TxEntry e : history(ids)) {
            if (WRITE_BACK.equals(e.summary().kind()) && job.equals(e.summary().job())) {
                return e.undoneBy() == null ? e : null;
            }
        }
        return null;
    }

    /** The job's committed write-backs and undos, newest first. */
    public List<TxEntry> historyOf(String job) {
        return history(store.children(StoreArea.TX).stream().filter(id -> id.endsWith(JOB_MARK + job)).toList());
    }

    private TxEntry entry(String id, TxSummary s) {
        String prefix = StoreArea.tx(id);
        byte[] undone = store.get(prefix + "/" + UNDONE);
        boolean pruned = store.exists(prefix + "/" + PRUNED);
        String undoneBy = undone == null ? null : Json.parse(undone, prefix + "/" + UNDONE).path("by").asText(null);
        return new TxEntry(s, undoneBy, pruned, store.exists(prefix + "/" + ACK));
    }

    /**
     * Bytes the transaction's undo data takes (an upper bound on disk, where copies may share files
     * with the store): as its commit record says, else counted from its copies' indexes.
     */
    public long undoBytes(TxEntry e) {
        if (e.pruned()) {
            return 0;
        }
        if (e.summary().undoBytes() != null) {
            return e.summary().undoBytes();
        }
        long bytes = 0;
        for (String part : new String[] {BEFORE, AFTER}) {
            Snapshots snaps = Snapshots.read(store, StoreArea.tx(e.summary().tx()) + "/" + part);
            bytes += snaps == null ? 0 : snaps.bytes();
        }
        return bytes;
    }

    /** The transaction's intent (what it set out to do, and which folders it created). */
    public TxIntent intent(String tx) {
        String key = StoreArea.tx(tx) + "/" + INTENT;
        byte[] bytes = store.get(key);
        if (bytes == null) {
            throw new JournalException("transaction " + tx + " has no intent record in " + store.describe()
                    + ": its folder " + StoreArea.tx(tx) + " was changed by hand");
        }
        return read(bytes, TxIntent.class, key);
    }

    /** The values the transaction replaced ({@code before}) or wrote ({@code after}); null once pruned. */
    public Snapshots before(String tx) {
        return Snapshots.read(store, StoreArea.tx(tx) + "/" + BEFORE);
    }

    public Snapshots after(String tx) {
        return Snapshots.read(store, StoreArea.tx(tx) + "/" + AFTER);
    }

    /**
     * Removes undo data of transactions committed before {@code cutoff} (their commit records stay,
     * as history) and merge bases of exports older than it. A transaction is marked pruned before
     * its undo data is removed, so a prune cut short (the process killed) leaves transactions that
     * say they can no longer be undone, never one that looks undoable with part of its undo data
     * gone; the next prune removes what is left of it.
     */
    public void prune(Instant cutoff) {
        for (TxEntry e : history()) {
            if (Instant.parse(e.summary().committed()).isBefore(cutoff)) {
                String prefix = StoreArea.tx(e.summary().tx());
                if (!e.pruned()) {
                    store.put(prefix + "/" + PRUNED, Json.bytes(JsonNodeFactory.instance.objectNode().put("at",
                            Transaction.now())));
                }
                deleteAll(store, prefix + "/" + BEFORE);
                deleteAll(store, prefix + "/" + AFTER);
            }
        }
        for (String job : store.children(StoreArea.BASE)) {
            String index = StoreArea.base(job) + "/" + Snapshots.INDEX;
            byte[] text = store.get(StoreArea.base(job) + "/" + MergeBases.CREATED);
            if (text == null && store.get(index) == null) {
                deleteAll(store, StoreArea.base(job));  // an export that died before its base was complete
                continue;
            }
            Instant created = text == null ? null : instantOrNull(text);
            if (created != null && created.isBefore(cutoff)) {
                deleteAll(store, StoreArea.base(job));
            }
            // an unreadable creation time: the base's age cannot be told, so it is kept
        }
    }

    /**
     * Prunes what is older than {@code now - keep}, unless any process (a relay, a worker, a CLI
     * command) pruned this store less than {@code every} ago: pruning reads every transaction's
     * commit record and every merge base's creation time, which a one-shot command would otherwise
     * pay at each run. Call it under the store's lock.
     *
     * @return whether it pruned
     */
    public boolean pruneIfDue(Instant now, Duration keep, Duration every) {
        byte[] last = store.get(StoreArea.PRUNED_AT);
        Instant at = last == null ? null : instantOrNull(last);  // not a time: prune, and it is written again below
        if (at != null && at.isAfter(now.minus(every)) && !at.isAfter(now)) {
            return false;
        }
        prune(now.minus(keep));
        store.put(StoreArea.PRUNED_AT, now.toString().getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private static Instant instantOrNull(byte[] text) {
        try {
            return Instant.parse(new String(text, StandardCharsets.UTF_8).trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private TxSummary summary(String id) {
        String key = StoreArea.tx(id) + "/" + COMMIT;
        byte[] bytes = store.get(key);
        return bytes == null ? null : read(bytes, TxSummary.class, key);
    }

    static void markUndone(Store store, String tx, String by) {
        String key = StoreArea.tx(tx) + "/" + UNDONE;
        if (!store.exists(key)) {
            store.put(key, Json.bytes(JsonNodeFactory.instance.objectNode().put("by", by).put("at", Transaction.now())));
        }
    }

    /**
     * Puts every covered key back as it was (keys that already hold their old value are left alone),
     * removes folders the transaction created and temporary files beside its keys, makes that
     * durable, and only then removes the transaction.
     *
     * @param only the covered keys to restore, or null for all of them (recovery, which cannot tell
     *             which keys the interrupted process wrote)
     */
    static void rollBack(Store store, TxIntent intent, Snapshots before, Set<String> only) {
        Set<String> touched = new LinkedHashSet<>();
        if (before != null) {
            for (String key : before.keys()) {
                if (only != null && !only.contains(key)) {
                    continue;
                }
                String old = before.fingerprint(key);
                if (old == null) {
                    if (store.exists(key)) {
                        store.delete(key);
                        touched.add(key);
                    }
                } else if (!old.equals(store.fingerprint(key))) {
                    store.put(key, before.value(key));
                    touched.add(key);
                }
            }
            store.removeLeftovers(before.keys());
        }
        for (String folder : intent.newPrefixes()) {
            List<String> keys = store.list(folder);
            keys.forEach(store::delete);
            touched.addAll(keys);
            store.removeLeftovers(keys);
        }
        store.sync(touched);
        deleteTx(store, intent.tx());
    }

    static void deleteTx(Store store, String tx) {
        deleteAll(store, StoreArea.tx(tx));
    }

    /**
     * Removes a transaction, a pruned transaction's undo data or a merge base whole. Only done when
     * nothing depends on it any more (a discarded transaction wrote nothing; a rolled-back one was
     * restored and synced first; pruned undo data is marked so first), so a removal cut short is
     * harmless: recovery or the next prune finds the rest and removes it.
     */
    static void deleteAll(Store store, String prefix) {
        store.deleteFolder(prefix);
    }

    private static <T> T read(byte[] bytes, Class<T> type, String what) {
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (java.io.IOException e) {
            throw new JournalException("the journal record " + what + " is damaged (" + e.getMessage() + "); move the"
                    + " folder " + StoreArea.TX + " aside and check the store", e);
        }
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
