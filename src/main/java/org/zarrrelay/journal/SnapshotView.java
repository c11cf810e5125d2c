package org.zarrrelay.journal;

import java.util.List;
import org.zarrrelay.zarr.store.Store;

/**
 * A read-only store that shows the keys of a snapshot set as they were when taken (a key that was
 * absent reads as absent) and every other key as it is now. An array opened on it reads the
 * region exactly as it was at that moment, whatever has been written since.
 */
final class SnapshotView implements Store {
    private final Store live;
    private final Snapshots snapshots;
    private final List<String> absentFolders;

    SnapshotView(Store live, Snapshots snapshots, List<String> absentFolders) {
        this.live = live;
        this.snapshots = snapshots;
        this.absentFolders = List.copyOf(absentFolders);
    }

    /** The key the value is read from now, or null when the snapshot says it was absent. */
    private String source(String key) {
        if (!snapshots.covers(key)) {
            for (String f : absentFolders) {
                if (key.startsWith(f + "/")) {
                    return null;
                }
            }
            return key;
        }
        return snapshots.absent(key) ? null : snapshots.copyOf(key);
    }

    /** A copy read whole that has no fingerprint yet gets the one of the bytes read (see {@link Snapshots#takeToRead}). */
    @Override
    public byte[] get(String key) {
        String s = source(key);
        byte[] value = present(key, s, s == null ? null : live.get(s));
        if (value != null && snapshots.covers(key) && snapshots.unread(key)) {
            snapshots.recordRead(key, live.fingerprintFor(value));
        }
        return value;
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        String s = source(key);
        return present(key, s, s == null ? null : live.getRange(s, offset, length));
    }

    @Override
    public byte[] getSuffix(String key, int length) {
        String s = source(key);
        return present(key, s, s == null ? null : live.getSuffix(s, length));
    }

    /** A copy the snapshot took is never read as absent: that would read as the fill value. */
    private byte[] present(String key, String source, byte[] value) {
        if (value == null && source != null && snapshots.covers(key)) {
            throw snapshots.missing(key);
        }
        return value;
    }

    @Override
    public boolean exists(String key) {
        String s = source(key);
        return s != null && live.exists(s);
    }

    @Override
    public String fingerprint(String key) {
        String s = source(key);
        if (s == null) {
            return null;
        }
        return snapshots.covers(key) ? snapshots.fingerprint(key) : live.fingerprint(key);
    }

    @Override
    public List<String> list(String prefix) {
        return live.list(prefix);
    }

    @Override
    public String describe() {
        return live.describe() + " (as of snapshot " + snapshots.prefix() + ")";
    }

    @Override
    public void put(String key, byte[] value) {
        throw readOnly(key);
    }

    @Override
    public String putIf(String key, byte[] value, String expected) {
        throw readOnly(key);
    }

    @Override
    public String snapshot(String key, String copyKey) {
        throw readOnly(copyKey);
    }

    @Override
    public void delete(String key) {
        throw readOnly(key);
    }

    private static UnsupportedOperationException readOnly(String key) {
        return new UnsupportedOperationException("a snapshot view is read-only (tried to change " + key + ")");
    }
}
