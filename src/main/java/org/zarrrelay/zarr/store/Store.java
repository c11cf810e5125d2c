package org.zarrrelay.zarr.store;

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

    /** Removes the key; absent keys are fine. */
    void delete(String key);

    boolean exists(String key);

    /** Every key under {@code prefix} ("" for all), at any depth, sorted. */
    List<String> list(String prefix);

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
