package org.zarrrelay.zarr.store;

import java.util.Collection;
import java.util.List;

/**
 * A store that hands its calls to another; subclasses override the calls they watch or change.
 * Calls made of other calls ({@link #deleteFolder}, the three-argument {@link #snapshot},
 * {@link #removeLeftovers}) are not forwarded: they keep their defaults, so they go through the
 * subclass's overrides.
 */
public abstract class ForwardingStore implements Store {
    protected final Store inner;

    protected ForwardingStore(Store inner) {
        this.inner = inner;
    }

    @Override
    public byte[] get(String key) {
        return inner.get(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        return inner.getRange(key, offset, length);
    }

    @Override
    public byte[] getSuffix(String key, int length) {
        return inner.getSuffix(key, length);
    }

    @Override
    public void put(String key, byte[] value) {
        inner.put(key, value);
    }

    @Override
    public void delete(String key) {
        inner.delete(key);
    }

    @Override
    public boolean exists(String key) {
        return inner.exists(key);
    }

    @Override
    public List<String> list(String prefix) {
        return inner.list(prefix);
    }

    @Override
    public List<String> children(String prefix) {
        return inner.children(prefix);
    }

    @Override
    public String fingerprint(String key) {
        return inner.fingerprint(key);
    }

    @Override
    public String snapshot(String key, String copyKey) {
        return inner.snapshot(key, copyKey);
    }

    @Override
    public String putIf(String key, byte[] value, String expected) {
        return inner.putIf(key, value, expected);
    }

    @Override
    public void sync(Collection<String> keys) {
        inner.sync(keys);
    }

    @Override
    public long size(String key) {
        return inner.size(key);
    }

    @Override
    public long lengthIn(String fingerprint) {
        return inner.lengthIn(fingerprint);
    }

    @Override
    public String fingerprintFor(byte[] value) {
        return inner.fingerprintFor(value);
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
