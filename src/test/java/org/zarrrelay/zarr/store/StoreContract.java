package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Arrays;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** What every store must do; each backend's test subclasses this. */
abstract class StoreContract {

    /** A fresh, empty store. */
    protected abstract Store newStore();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFingerprintRecordsTheValuesLengthOrNone() {
        Store s = newStore();
        s.put("c/0/1", new byte[1234]);
        long recorded = s.lengthIn(s.fingerprint("c/0/1"));
        assertTrue(recorded == 1234 || recorded == -1, "the length, or none (an ETag), never another: " + recorded);
        assertEquals(-1, s.lengthIn(null), "an absent value's fingerprint");
    }

    @Test
    void absentKeysReadAsNull() {
        Store s = newStore();
        assertNull(s.get("a/b"));
        assertNull(s.getRange("a/b", 0, 1));
        assertNull(s.getSuffix("a/b", 1));
        assertFalse(s.exists("a/b"));
    }

    @Test
    void putThenGetRangesAndSuffixes() {
        Store s = newStore();
        s.put("x/c/0/1", b("0123456789"));
        assertArrayEquals(b("0123456789"), s.get("x/c/0/1"));
        assertArrayEquals(b("345"), s.getRange("x/c/0/1", 3, 3));
        assertArrayEquals(b("89"), s.getSuffix("x/c/0/1", 2));
        assertTrue(s.exists("x/c/0/1"));
    }

    @Test
    void putReplacesTheOldValueWhole() {
        Store s = newStore();
        s.put("k", b("a long old value"));
        s.put("k", b("new"));
        assertArrayEquals(b("new"), s.get("k"));
        assertEquals(List.of("k"), s.list(""));
    }

    @Test
    void listsKeysUnderAPrefixSorted() {
        Store s = newStore();
        s.put("b/2", b("x"));
        s.put("a/1", b("x"));
        s.put("b/1/deep", b("x"));
        assertEquals(List.of("a/1", "b/1/deep", "b/2"), s.list(""));
        assertEquals(List.of("b/1/deep", "b/2"), s.list("b"));
        assertEquals(List.of(), s.list("missing"));
    }

    @Test
    void deleteRemovesAndToleratesAbsentKeys() {
        Store s = newStore();
        s.put("k", b("x"));
        s.delete("k");
        s.delete("k");
        assertNull(s.get("k"));
    }

    @Test
    void keysThatCouldEscapeTheStoreAreRefused() {
        Store s = newStore();
        for (String bad : new String[] {"../x", "a/../../x", "/abs", "a//b", "a/./b", ""}) {
            StoreException e = assertThrows(StoreException.class, () -> s.put(bad, b("x")), bad);
            assertTrue(e.getMessage().contains("invalid store key"), e.getMessage());
        }
    }

    @Test
    void aConcurrentReaderSeesTheOldOrTheNewValueNeverAMix() throws Exception {
        Store s = newStore();
        byte[] a = new byte[256 * 1024];
        byte[] b = new byte[128 * 1024];
        Arrays.fill(a, (byte) 1);
        Arrays.fill(b, (byte) 2);
        s.put("chunk", a);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    byte[] got = s.get("chunk");
                    reads.incrementAndGet();
                    if (!(Arrays.equals(got, a) || Arrays.equals(got, b))) {
                        torn.incrementAndGet();
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (int i = 0; i < 200; i++) {
            s.put("chunk", i % 2 == 0 ? b : a);
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertTrue(reads.get() > 50, "only " + reads.get() + " reads overlapped the writes");
        assertEquals(0, torn.get(), "torn reads out of " + reads.get());
    }

    @Test
    void aFingerprintOfAnAbsentKeyIsNull() {
        assertNull(newStore().fingerprint("c/0/0"));
    }

    @Test
    void equalBytesHaveEqualFingerprintsAndDifferentBytesDifferentOnes() {
        Store s = newStore();
        s.put("a/0", b("same bytes"));
        s.put("b/0", b("same bytes"));
        s.put("c/0", b("other bytes"));
        assertEquals(s.fingerprint("a/0"), s.fingerprint("b/0"));
        assertNotEquals(s.fingerprint("a/0"), s.fingerprint("c/0"));
    }

    @Test
    void aPutChangesTheFingerprint() {
        Store s = newStore();
        s.put("k", b("old"));
        String old = s.fingerprint("k");
        s.put("k", b("new"));
        assertNotNull(old);
        assertNotEquals(old, s.fingerprint("k"));
    }

    @Test
    void aSnapshotReturnsTheFingerprintOfItsCopyAndKeepsTheOldBytesAfterAPut() {
        Store s = newStore();
        s.put("c/0", b("before"));
        String taken = s.snapshot("c/0", "snap/0");
        assertEquals(s.fingerprint("snap/0"), taken);
        // the journal uses the copy's fingerprint as the live key's expected value (If-Match on S3)
        assertEquals(s.fingerprint("c/0"), taken, "a copy's fingerprint is the one the key had");
        s.put("c/0", b("after"));
        assertArrayEquals(b("before"), s.get("snap/0"));
        assertEquals(taken, s.fingerprint("snap/0"));
    }

    @Test
    void aSnapshotOfAnAbsentKeyReturnsNullAndRemovesAnOlderCopy() {
        Store s = newStore();
        s.put("snap/0", b("left from an earlier snapshot"));
        assertNull(s.snapshot("c/0", "snap/0"));
        assertFalse(s.exists("snap/0"));
        assertNull(s.snapshot("c/0", "snap/1"), "no copy to remove is fine too");
    }

    @Test
    void putIfReturnsTheFingerprintTheKeyThenHas() {
        Store s = newStore();
        String created = s.putIf("c/0", b("first"), null);
        assertEquals(s.fingerprint("c/0"), created);
        String replaced = s.putIf("c/0", b("second"), created);
        assertEquals(s.fingerprint("c/0"), replaced);
        assertArrayEquals(b("second"), s.get("c/0"));
    }

    @Test
    void sizeIsTheValuesLengthOrMinusOneWhenAbsent() {
        Store s = newStore();
        s.put("k", b("12345"));
        s.put("empty", new byte[0]);
        assertEquals(5, s.size("k"));
        assertEquals(0, s.size("empty"));
        assertEquals(-1, s.size("absent"));
    }

    @Test
    void childrenAreTheImmediateNamesOfKeysAndFoldersSorted() {
        Store s = newStore();
        s.put("z", b("x"));
        s.put("a/e/f", b("x"));
        s.put("a/b/c/d", b("x"));
        s.put("a/d", b("x"));
        assertEquals(List.of("a", "z"), s.children(""));
        assertEquals(List.of("b", "d", "e"), s.children("a"));
        assertEquals(List.of("c"), s.children("a/b"));
        assertEquals(List.of(), s.children("missing"));
    }
}
