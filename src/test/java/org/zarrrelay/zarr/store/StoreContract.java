package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every store must do; each backend's test subclasses this. */
abstract class StoreContract {

    /** A fresh, empty store. */
    protected abstract Store newStore();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
}
