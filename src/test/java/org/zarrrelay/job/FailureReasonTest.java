package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.zarrrelay.format.npy.NpyFormatException;
import org.zarrrelay.journal.JournalException;
import org.zarrrelay.ome.OmeException;
import org.zarrrelay.zarr.UnsupportedFeatureException;
import org.zarrrelay.zarr.store.StoreException;

/** Failures fall into the classes operators count: the input's fault, the store's, the storage's, or ours. */
class FailureReasonTest {
    @Test
    void theUsersInputIsTheRequestOrTheResultByWhereItCameIn() {
        RequestException bad = new RequestException("region 0:9 is outside the array");
        assertEquals(FailureReason.REQUEST, FailureReason.of(bad, false));
        assertEquals(FailureReason.RESULT, FailureReason.of(bad, true));
        assertEquals(FailureReason.RESULT, FailureReason.of(new NpyFormatException("not an npy file"), true));
        assertEquals(FailureReason.CONFLICT, FailureReason.of(new ConflictException("3 voxels", null), true));
    }

    @Test
    void theStoreAndTheStorageUnderItAreTheirOwnClasses() {
        assertEquals(FailureReason.STORE, FailureReason.of(new UnsupportedFeatureException("codec x"), false));
        assertEquals(FailureReason.STORE, FailureReason.of(new OmeException("no multiscales"), true));
        assertEquals(FailureReason.STORAGE, FailureReason.of(new StoreException("cannot read c/0/0"), false));
        assertEquals(FailureReason.STORAGE, FailureReason.of(new JournalException("cannot sync"), true));
        assertEquals(FailureReason.STORAGE, FailureReason.of(new UncheckedIOException(new IOException("disk full")), true));
    }

    @Test
    void theRelaysOwnFaults() {
        assertEquals(FailureReason.MEMORY, FailureReason.of(new OutOfMemoryError("Java heap space"), false));
        assertEquals(FailureReason.MEMORY, FailureReason.of(new StackOverflowError(), true));
        assertEquals(FailureReason.INTERNAL, FailureReason.of(new IllegalStateException("bug"), false));
        assertEquals("internal", FailureReason.INTERNAL.text());
    }
}
