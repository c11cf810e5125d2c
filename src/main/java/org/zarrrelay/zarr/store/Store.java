package org.zarrrelay.zarr.store;

import java.util.Collection;
import java.util.List;

/**
 * A key-value store holding a Zarr hierarchy. Keys use "/" between segments, never start with
 * "/" and never contain "." or ".." segments. Kept small so that new backends (S3) are easy
 * to add; every backend passes the same contract tests.
 */
public interface Store {

    /** The value, or null when the key is absent. */
    byte[] get(String key);

    /** {@code length} bytes from {@code offset}, or null when the key is absent. */
    byte[] getRange(String key, long offset, int length);

    /** The last {@code length} bytes, or null when the key is absent. */
    byte[] getSuffix(String key, int length);

    /** Stores the value, replacing any old one atomically: readers see the old value or the new one. */
    void put(String key, byte[] value);

    /** The value's length in bytes, or -1 when the key is absent. */
    default long size(String key) {
        byte[] v = get(key);
        return v == null ? -1 : v.length;
    }

    /**
     * The length of a value as its fingerprint records it, or -1 when the fingerprint records none:
     * on disk ({@code xxh64:<hex>:<length>}) counting the journal's undo data needs no stat per copy;
     * an S3 ETag holds no length, so there it takes {@link #size}, a HEAD.
     */
    default long lengthIn(String fingerprint) {
        return -1;
    }

    /** Removes the key; absent keys are fine. */
    void delete(String key);

    /**
     * Removes every key under {@code prefix} and, on disk, the folder itself with anything an
     * interrupted put left in it.
     */
    default void deleteFolder(String prefix) {
        list(prefix).forEach(this::delete);
    }

    boolean exists(String key);

    /** Every key under {@code prefix} ("" for all), at any depth, sorted. */
    List<String> list(String prefix);

    /**
     * What identifies the key's current value, or null when the key is absent: {@code xxh64:<hex>:<length>}
     * of a file's bytes on disk, {@code etag:<ETag>} on S3 (a HEAD request, nothing downloaded).
     * Two values with equal fingerprints are equal; stat fields (inode, time, size) are never used,
     * because they repeat after a file is renamed over another.
     */
    String fingerprint(String key);

    /**
     * The fingerprint a value with these bytes has in this store, when the bytes alone give it (on
     * disk); null when they do not (an S3 ETag is the server's).
     */
    default String fingerprintFor(byte[] value) {
        return null;
    }

    /**
     * Makes {@code copyKey} hold the key's current value as cheaply as the backend can (a hard link
     * on disk, a server-side copy on S3) and returns the copy's fingerprint; when the key is absent,
     * removes {@code copyKey} and returns null. Later puts to the key never change the copy, because
     * every put replaces a value whole.
     */
    String snapshot(String key, String copyKey);

    /**
     * As {@link #snapshot(String, String)}, for a key whose fingerprint the caller knows because it
     * has just written the value ({@code known}; null when it deleted the key), or will compute
     * itself from the bytes it is about to read (then {@code known} is a placeholder): a backend
     * that would have to read the copy to fingerprint it may return {@code known} instead.
     */
    default String snapshot(String key, String copyKey, String known) {
        return snapshot(key, copyKey);
    }

    /**
     * Puts the value only while the key still holds the value fingerprinted {@code expected} (null:
     * only while the key is absent) and returns the new value's fingerprint. S3 checks this on the
     * server ({@code If-Match}, {@code If-None-Match: *}); a directory cannot check atomically, so
     * there the caller's store lock is the guarantee and only the new fingerprint is computed.
     *
     * @throws ConcurrentChangeException when the server refused because the value had changed
     */
    String putIf(String key, byte[] value, String expected);

    /**
     * Makes the keys' current values (and their absence, for deleted keys) durable: an fsync of each
     * file and of each folder that holds them on disk. Puts to S3 are durable when acknowledged, so
     * there it does nothing.
     */
    default void sync(Collection<String> keys) {
    }

    /**
     * Removes what an interrupted put may have left beside these keys (temporary files on disk);
     * called by recovery, under the store lock, when no put can be running.
     */
    default void removeLeftovers(Collection<String> keys) {
    }

    /**
     * Names of the keys and folders directly under {@code prefix} (not their contents), sorted: the
     * one level a caller walks when a folder holds many large subfolders.
     */
    default List<String> children(String prefix) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        int from = prefix.isEmpty() ? 0 : prefix.length() + 1;
        for (String key : list(prefix)) {
            String rest = key.substring(from);
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash));
        }
        return List.copyOf(names);
    }

    /** Where the store is, for messages: a path or URI. */
    String describe();

    /** Checks a key's syntax; the message names the key and the rule broken. */
    static String checkKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw new StoreException("invalid store key '" + key + "': keys are non-empty, '/'-separated and relative");
        }
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new StoreException("invalid store key '" + key + "': empty, '.' and '..' segments are not allowed");
            }
        }
        return key;
    }
}
