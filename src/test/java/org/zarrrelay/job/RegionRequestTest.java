package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zarrrelay.RelayException;

class RegionRequestTest {
    private static RegionRequest parse(String json) {
        return (RegionRequest) Request.parse(json.getBytes());
    }

    @Test
    void defaultsAndGeneratedIds() {
        RegionRequest r = parse("{\"store\": \"s.zarr\", \"region\": \"0:1\"}");
        assertEquals("tiff", r.format().name());
        assertEquals("", r.array());
        assertTrue(RegionRequest.isValidId(r.id()), r.id());
        assertNull(r.options().cast());
        assertTrue(!parse("{\"store\": \"s.zarr\", \"region\": \"0:1\"}").id().equals(r.id()), "ids are unique");
    }

    @Test
    void offsetAndShapeBecomeARegion() {
        assertEquals("1:5,2:7", parse("{\"store\": \"s\", \"offset\": [1, 2], \"shape\": [4, 5]}").region());
        RelayException e = assertThrows(RelayException.class, () -> parse("{\"store\": \"s\", \"offset\": [1], \"shape\": [4, 5]}"));
        assertTrue(e.getMessage().contains("same length"), e.getMessage());
    }

    @Test
    void idsThatCouldNameOtherFilesAreRefused() {
        for (String id : new String[] {"../x", "a/b", ".hidden", "", "x".repeat(65), "a b", "a..b"}) {
            assertThrows(RequestException.class, () -> parse("{\"id\": \"" + id + "\", \"store\": \"s\", \"region\": \"0:1\"}"), id);
        }
    }

    @Test
    void levelTargetAndLevelsAreChecked() {
        RegionRequest r = parse("{\"store\": \"s\", \"region\": \"0:1\", \"level\": 2, \"levels\": \"this-and-coarser\","
                + " \"target\": \"labels/cells\"}");
        assertEquals(2, r.level());
        assertEquals("labels/cells", r.target());
        assertThrows(RelayException.class, () -> parse("{\"store\": \"s\", \"region\": \"0:1\", \"level\": 1.5}"));
        assertThrows(RelayException.class, () -> parse("{\"store\": \"s\", \"region\": \"0:1\", \"level\": -1}"));
        assertThrows(RelayException.class, () -> parse("{\"store\": \"s\", \"region\": \"0:1\", \"levels\": \"all\"}"));
        RelayException e = assertThrows(RelayException.class,
                () -> parse("{\"store\": \"s\", \"region\": \"0:1\", \"target\": \"../../x\"}"));
        assertTrue(e.getMessage().contains("labels/<name>"), e.getMessage());
    }

    @Test
    void writeBackOptionsAreParsedOnceIntoEnums() {
        RegionRequest r = parse("{\"store\": \"s\", \"region\": \"0:1\", \"cast\": \"Lossless\","
                + " \"on-conflict\": \"overwrite\", \"levels\": \"this-and-coarser\"}");
        assertEquals(Cast.LOSSLESS, r.options().cast());
        assertEquals(OnConflict.OVERWRITE, r.options().onConflict());
        assertEquals(Levels.THIS_AND_COARSER, r.options().levels());
        RelayException e = assertThrows(RelayException.class,
                () -> parse("{\"store\": \"s\", \"region\": \"0:1\", \"on-conflict\": \"merge\"}"));
        assertTrue(e.getMessage().contains("\"on-conflict\" in the request is 'merge'"), e.getMessage());
        e = assertThrows(RelayException.class, () -> parse("{\"store\": \"s\", \"region\": \"0:1\", \"format\": \"jpeg\"}"));
        assertTrue(e.getMessage().contains("format 'jpeg' is not supported"), e.getMessage());
    }

    @Test
    void anUndoRequestNamesOnlyTheJob() {
        assertEquals(new UndoRequest("c1"), Request.parse("{\"undo\": \"c1\"}".getBytes()));
        RelayException e = assertThrows(RelayException.class,
                () -> Request.parse("{\"undo\": \"c1\", \"region\": \"0:1\"}".getBytes()));
        assertTrue(e.getMessage().contains("unknown field 'region'"), e.getMessage());
        assertThrows(RelayException.class, () -> Request.parse("{\"undo\": \"../x\"}".getBytes()));
        e = assertThrows(RelayException.class, () -> Request.parse(new byte[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void fieldsOfTheWrongTypeAreNamed() {
        RelayException e = assertThrows(RelayException.class, () -> parse("{\"store\": [\"s\"], \"region\": \"0:1\"}"));
        assertTrue(e.getMessage().contains("\"store\" must be a string"), e.getMessage());
    }
}
