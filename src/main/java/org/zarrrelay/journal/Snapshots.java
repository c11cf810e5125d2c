package org.zarrrelay.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.store.Store;

/**
 * Copies of some keys of a store as they were at one moment, kept under a prefix of the store's
 * reserved area: {@code <prefix>/<n>} for the n-th key and {@code <prefix>/index.json} mapping
 * keys to copies and their fingerprints (null for a key that was absent). Copies are hard links on
 * disk and server-side copies on S3, so taking them costs no data transfer. Copies are numbered,
 * not named after their keys, so nothing under the prefix looks like Zarr metadata to a reader
 * walking the store, and one folder (one fsync) holds them all.
 */
public final class Snapshots {
    static final String INDEX = "index.json";
    /** The placeholder of a copy linked but not yet fingerprinted ({@link #takeToRead}); never written to an index. */
    private static final String UNREAD = "unread";

    private final Store store;
    private final String prefix;
    /** key -> fingerprint (null: absent), in the order taken; the position is the copy's number. */
    private final Map<String, String> fingerprints;
    private final Map<String, Integer> numbers;

    private Snapshots(Store store, String prefix, Map<String, String> fingerprints) {
        this.store = store;
        this.prefix = prefix;
        this.fingerprints = fingerprints;
        this.numbers = new LinkedHashMap<>();
        int n = 0;
        for (String key : fingerprints.keySet()) {
            numbers.put(key, n++);
        }
    }

    /** An empty set under {@code prefix}, to which keys are added one by one ({@link #add}). */
    static Snapshots empty(Store store, String prefix) {
        return new Snapshots(store, prefix, new LinkedHashMap<>());
    }

    /**
     * Snapshots every key (in parallel on {@code executor}) and writes the index. Anything already
     * under the prefix is replaced.
     */
    public static Snapshots take(Store store, String prefix, Collection<String> keys, ChunkExecutor executor) {
        Snapshots s = new Snapshots(store, prefix, copyAll(prefix, keys, executor, store::snapshot));
        s.writeIndex();
        return s;
    }

    /** Makes the copy of a key and returns its fingerprint, null when the key is absent. */
    @FunctionalInterface
    private interface Copier {
        String copy(String key, String copyKey);
    }

    /** Each key's copy {@code <prefix>/<n>} (in parallel on {@code executor}): key -> what {@code copier} returned, in order. */
    private static Map<String, String> copyAll(String prefix, Collection<String> keys, ChunkExecutor executor,
                                               Copier copier) {
        List<String> ordered = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
        String[] taken = new String[ordered.size()];
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            int n = i;
            tasks.add(() -> taken[n] = copier.copy(ordered.get(n), copyKey(prefix, n)));
        }
        executor.runAll(tasks);
        Map<String, String> fps = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            fps.put(ordered.get(i), taken[i]);
        }
        return fps;
    }

    /**
     * As {@link #take}, for keys about to be read whole through {@link #view()}: where the store
     * fingerprints a value from its bytes (on disk), each copy is only linked now and fingerprinted
     * from the bytes the view returns, so the copies are read once, not twice (an export reads every
     * chunk of its region anyway). {@link #completeIndex} then fingerprints any copy not read whole
     * and writes the index; until then the set is not on record.
     */
    public static Snapshots takeToRead(Store store, String prefix, Collection<String> keys, ChunkExecutor executor) {
        if (store.fingerprintFor(new byte[0]) == null) {
            return take(store, prefix, keys, executor);
        }
        // the store may fingerprint the copy at once, or link it and hand back the placeholder
        return new Snapshots(store, prefix, copyAll(prefix, keys, executor,
                (key, copyKey) -> store.snapshot(key, copyKey, UNREAD)));
    }

    /**
     * Fingerprints the copies of a {@link #takeToRead} set that the view did not return whole (read
     * by ranges, or not at all) and writes the index.
     */
    public void completeIndex(ChunkExecutor executor) {
        List<Runnable> tasks = new ArrayList<>();
        for (String key : keys()) {
            if (unread(key)) {
                tasks.add(() -> recordRead(key, store.fingerprint(copyOf(key))));
            }
        }
        executor.runAll(tasks);
        writeIndex();
    }

    /** Whether the key's copy is linked but not yet fingerprinted. */
    synchronized boolean unread(String key) {
        return UNREAD.equals(fingerprints.get(key));
    }

    /** Records the fingerprint of a copy read whole, if it had none yet; the first read counts. */
    synchronized void recordRead(String key, String fingerprint) {
        if (unread(key)) {
            fingerprints.put(key, fingerprint);
        }
    }

    /** Whether the key was absent when taken (so it has no copy). */
    synchronized boolean absent(String key) {
        return fingerprints.get(key) == null;
    }

    /** The set written under {@code prefix}, or null when there is none (never taken, or removed). */
    public static Snapshots read(Store store, String prefix) {
        byte[] index = store.get(prefix + "/" + INDEX);
        if (index == null) {
            return null;
        }
        JsonNode json = Json.parse(index, store.describe() + "/" + prefix + "/" + INDEX);
        JsonNode entries = json.path("entries");
        if (!entries.isArray()) {
            throw damaged(store, prefix, index.length == 0 ? "it is empty" : "it has no list of \"entries\"");
        }
        Map<String, String> fps = new LinkedHashMap<>();
        for (JsonNode e : entries) {
            if (!e.path("key").isTextual()) {
                throw damaged(store, prefix, "an entry has no \"key\"");
            }
            fps.put(e.get("key").asText(), e.hasNonNull("fingerprint") ? e.get("fingerprint").asText() : null);
        }
        return new Snapshots(store, prefix, fps);
    }

    /**
     * An index that cannot be read as one: taken for an empty set, it would make an undo restore
     * nothing and a recovery roll back nothing, each reporting success.
     */
    private static JournalException damaged(Store store, String prefix, String why) {
        return new JournalException(store.describe() + "/" + prefix + "/" + INDEX + " is damaged (" + why + "), so what"
                + " the keys it lists held then cannot be told. Nothing was changed. If it belongs to a transaction"
                + " (" + StoreArea.TX + "/...), check the store's data, then remove that transaction's folder by hand;"
                + " if to a merge base (" + StoreArea.BASE + "/<job>), export the region again");
    }

    /**
     * Adds one key (covered after the set was taken); the caller writes the index before relying
     * on it. Several threads may add different keys at once: only the numbering is serialised.
     */
    String add(String key) {
        int n;
        synchronized (this) {
            if (numbers.containsKey(key)) {
                return fingerprints.get(key);
            }
            n = numbers.size();
            numbers.put(key, n);
            fingerprints.put(key, null);
        }
        String fp = store.snapshot(key, copyKey(prefix, n));
        synchronized (this) {
            fingerprints.put(key, fp);
        }
        return fp;
    }

    /**
     * Snapshots keys whose fingerprints the caller knows because it has just written them, so the
     * copies need not be read again to fingerprint them, and writes the index.
     */
    public static Snapshots takeWritten(Store store, String prefix, Map<String, String> written, ChunkExecutor executor) {
        // the fingerprints are the ones written, whatever the store hands back for the copies
        copyAll(prefix, written.keySet(), executor, (key, copyKey) -> store.snapshot(key, copyKey, written.get(key)));
        Snapshots s = new Snapshots(store, prefix, new LinkedHashMap<>(written));
        s.writeIndex();
        return s;
    }

    public synchronized boolean covers(String key) {
        return numbers.containsKey(key);
    }

    /** The fingerprint the key had when it was taken; null when it was absent. */
    public synchronized String fingerprint(String key) {
        if (!numbers.containsKey(key)) {
            throw new IllegalArgumentException("key " + key + " is not in the snapshot " + prefix);
        }
        if (unread(key)) {
            throw new IllegalStateException("the copy of " + key + " in " + prefix + " has not been fingerprinted yet");
        }
        return fingerprints.get(key);
    }

    /** Every key taken, in order. */
    public synchronized List<String> keys() {
        return List.copyOf(numbers.keySet());
    }

    public synchronized Map<String, String> fingerprints() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(fingerprints));
    }

    public String prefix() {
        return prefix;
    }

    /** The copy's bytes as taken; null when the key was absent. */
    public byte[] value(String key) {
        Integer n;
        String fp;
        synchronized (this) {
            n = numbers.get(key);
            fp = fingerprints.get(key);
        }
        if (n == null) {
            throw new IllegalArgumentException("key " + key + " is not in the snapshot " + prefix);
        }
        if (fp == null) {
            return null;
        }
        byte[] value = store.get(copyKey(prefix, n));
        if (value == null) {
            throw missing(key);
        }
        return value;
    }

    /**
     * The error for a copy that was taken (the index has its fingerprint) but is gone from the store:
     * reading it as absent would put the fill value where the key's old bytes were.
     */
    JournalException missing(String key) {
        return new JournalException(store.describe() + "/" + copyOf(key) + ", the copy of " + key + " kept in "
                + prefix + ", is missing: something outside the relay removed it, so what " + key + " held then is"
                + " lost, and nothing was written. If it was a job's undo data, that job can no longer be undone; if"
                + " it was a merge base, export the region again and process the new file");
    }

    /**
     * True when the copy still holds what was taken. A hard-linked copy shares its file with the key
     * until a put replaces the key; a tool that rewrites a file in place (instead of replacing it)
     * would change both, and this is how that is noticed.
     */
    public boolean intact(String key) {
        String fp = fingerprint(key);
        return fp == null || fp.equals(store.fingerprint(copyKey(prefix, numbers.get(key))));
    }

    /** The store as it was: covered keys read from their copies, every other key from the live store. */
    public Store view() {
        return new SnapshotView(store, this, List.of());
    }

    /**
     * As {@link #view()}, with keys under {@code absentFolders} reading as absent: folders a
     * transaction created from nothing, which its "before" snapshot does not list key by key.
     */
    public Store view(List<String> absentFolders) {
        return new SnapshotView(store, this, absentFolders);
    }

    /** The fingerprint a key had, or null when absent; keys under {@code absentFolders} were absent. */
    public String fingerprintOr(String key, List<String> absentFolders) {
        if (covers(key)) {
            return fingerprint(key);
        }
        for (String f : absentFolders) {
            if (key.startsWith(f + "/")) {
                return null;
            }
        }
        throw new IllegalArgumentException("key " + key + " is not in the snapshot " + prefix);
    }

    /** Key of the copy: the store key the copy is stored under. */
    String copyOf(String key) {
        Integer n;
        synchronized (this) {
            n = numbers.get(key);
        }
        return n == null ? null : copyKey(prefix, n);
    }

    synchronized void writeIndex() {
        if (fingerprints.containsValue(UNREAD)) {
            throw new IllegalStateException("the snapshot " + prefix + " has copies not yet fingerprinted");
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = root.putArray("entries");
        fingerprints.forEach((k, fp) -> entries.addObject().put("key", k).put("fingerprint", fp));
        store.put(prefix + "/" + INDEX, Json.bytes(root));
    }

    /** The store keys that must be durable for this set to survive a power loss: its index. */
    List<String> durableKeys() {
        return List.of(prefix + "/" + INDEX);
    }

    /** Removes every copy and the index. */
    public void delete() {
        for (String key : store.list(prefix)) {
            store.delete(key);
        }
    }

    /**
     * Bytes held by the copies (an upper bound on disk, where a copy may share its file with the
     * store), from their fingerprints where those record the length.
     */
    public long bytes() {
        return bytes(true);
    }

    /** As {@link #bytes}, but -1 when a copy's length is not in its fingerprint (an S3 ETag) rather than asking the store. */
    public long recordedBytes() {
        return bytes(false);
    }

    private long bytes(boolean ask) {
        long total = 0;
        for (String key : keys()) {
            String fp = fingerprint(key);
            if (fp == null) {
                continue;  // absent when taken: no copy
            }
            long length = store.lengthIn(fp);
            if (length < 0) {
                if (!ask) {
                    return -1;
                }
                length = Math.max(0, store.size(copyOf(key)));
            }
            total += length;
        }
        return total;
    }

    private static String copyKey(String prefix, int n) {
        return prefix + "/" + n;
    }
}
