package org.zarrrelay.journal;

import java.util.Arrays;
import org.zarrrelay.zarr.store.ConcurrentChangeException;
import org.zarrrelay.zarr.store.ForwardingStore;
import org.zarrrelay.zarr.store.Store;

/**
 * The store a transaction writes through. Reads go to the live store; a put or delete first makes
 * sure the key's old value is in the journal, then replaces it, on S3 only if it still holds the
 * value seen when it was covered (so a writer outside the relay is detected, not overwritten).
 */
final class JournaledStore extends ForwardingStore {
    private final Transaction tx;

    JournaledStore(Store live, Transaction tx) {
        super(live);
        this.tx = tx;
    }

    @Override
    public void put(String key, byte[] value) {
        putIf(key, value, null);
    }

    /** {@code expected} is ignored: the transaction knows what the key held. */
    @Override
    public String putIf(String key, byte[] value, String expected) {
        checkNotReserved(key);
        String seen = tx.expected(key);
        tx.attempting(key);
        String fp;
        try {
            fp = inner.putIf(key, value, seen);
        } catch (ConcurrentChangeException e) {
            // a put whose answer was lost is retried by the S3 client, and the retry is refused because
            // the first attempt succeeded: then the key holds our value, and the rollback must undo it
            if (!Arrays.equals(inner.get(key), value)) {
                tx.refused(key);
                throw e;
            }
            fp = inner.fingerprint(key);
        }
        tx.wrote(key, fp);
        return fp;
    }

    @Override
    public void delete(String key) {
        checkNotReserved(key);
        tx.expected(key);
        tx.attempting(key);
        inner.delete(key);
        tx.wrote(key, null);
    }

    private static void checkNotReserved(String key) {
        if (StoreArea.isReserved(key)) {
            throw new IllegalArgumentException("a transaction never writes its own journal area: " + key);
        }
    }
}
