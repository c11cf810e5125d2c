package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zarrrelay.RelayException;

/**
 * Issue 13: relay.returns-extensions was spliced raw into the returns folder's regular expression,
 * so the dot of nii.gz matched any character and a value like "tif|(" broke the route at run time.
 */
class FileEndingsTest {
    @Test
    void endingsAreQuotedAndMatchedInAnyCase() {
        FileEndings e = FileEndings.parse("relay.returns-extensions", "tif|nii.gz");
        assertEquals(List.of("tif", "nii.gz"), e.endings());
        assertTrue(e.takes("cells-1.tif"));
        assertTrue(e.takes("CELLS-1.TIF"));
        assertTrue(e.takes("cells-1-seg.Nii.Gz"));
        assertFalse(e.takes("cells-1.niiXgz"), "the dot of nii.gz is a dot");
        assertFalse(e.takes("cells-1.tiff"));
        assertFalse(e.takes(".cells-1.tif"), "hidden files are editors' temporaries");
        assertFalse(e.takes("~cells-1.tif"));
        assertTrue(FileEndings.REQUESTS.takes("CELLS-1.JSON"));
    }

    @Test
    void aValueThatIsNotAListOfEndingsIsRefusedNamingTheKey() {
        for (String bad : new String[] {"", "tif||npy", "tif|(", "*.tif", ".tif", "tif npy", "tif|"}) {
            RelayException x = assertThrows(RelayException.class, () -> FileEndings.parse("relay.returns-extensions", bad), bad);
            assertTrue(x.getMessage().startsWith("relay.returns-extensions is '" + bad + "'"), x.getMessage());
            assertTrue(x.getMessage().contains("separated by |"), x.getMessage());
        }
    }
}
