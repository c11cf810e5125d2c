package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.zarrrelay.journal.Journal;
import org.zarrrelay.journal.TxEntry;
import org.zarrrelay.volume.Region;

/**
 * A store's history of write-backs and undos, read from its journal (so it is the same whichever
 * relay, worker or CLI command wrote them): job, time, where, which levels, chunks and voxels,
 * who, whether it was undone, and how much undo data it keeps.
 */
public final class History {
    private History() {
    }

    /** What a transaction records about itself, for history and for telling who changed what. */
    static ObjectNode details(String store, String array, String file, Region region, String target,
                              List<WriteBack.Box> boxes, long voxels, long kept, long overwritten) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("store", store);
        d.put("array", array);
        d.put("region", region.toString());
        ArrayNode indexed = d.putArray("indexed");
        for (boolean b : region.indexed()) {
            indexed.add(b);
        }
        if (file != null) {
            d.put("file", file);
        }
        if (target != null) {
            d.put("target", target);
        }
        ArrayNode list = d.putArray("boxes");
        long chunks = 0;
        for (WriteBack.Box b : boxes) {
            ObjectNode box = list.addObject();
            box.put("array", b.array().path());
            ArrayNode offset = box.putArray("offset");
            for (long o : b.offset()) {
                offset.add(o);
            }
            ArrayNode shape = box.putArray("shape");
            for (int s : b.shape()) {
                shape.add(s);
            }
            int n = b.array().chunkKeys(b.offset(), b.shape()).size();
            box.put("chunks", n);
            chunks += n;
        }
        d.put("chunks", chunks);
        d.put("voxels", voxels);
        d.put("kept", kept);
        d.put("overwritten", overwritten);
        return d;
    }

    /** Every write-back and undo of the store, newest first, as the API and the CLI show them. */
    public static ArrayNode of(Journal journal) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (TxEntry e : journal.history()) {
            JsonNode d = e.summary().details();
            ObjectNode o = out.addObject();
            o.put("kind", e.summary().kind());
            o.put("job", e.summary().job());
            o.put("time", e.summary().committed());
            o.put("worker", e.summary().worker());
            o.put("array", d.path("array").asText());
            o.put("region", d.path("region").asText());
            if (d.hasNonNull("file")) {
                o.put("file", d.get("file").asText());
            }
            if (d.hasNonNull("target")) {
                o.put("target", d.get("target").asText());
            }
            ArrayNode levels = o.putArray("levels");
            for (JsonNode box : d.path("boxes")) {
                levels.addObject().put("array", box.path("array").asText()).put("chunks", box.path("chunks").asLong());
            }
            o.put("chunks", d.path("chunks").asLong());
            o.put("voxels", d.path("voxels").asLong());
            if (d.path("kept").asLong() > 0) {
                o.put("kept", d.path("kept").asLong());
            }
            if (d.path("overwritten").asLong() > 0) {
                o.put("overwritten", d.path("overwritten").asLong());
            }
            if (e.summary().undoes() != null) {
                o.put("undoes", e.summary().undoes());
            }
            if (e.undoneBy() != null) {
                o.put("undone", true);
            }
            if (e.pruned()) {
                o.put("undoDataRemoved", true);  // older than relay.journal.keep-days: no longer undoable
            } else {
                o.put("undoDataBytes", journal.undoBytes(e));
            }
            o.put("transaction", e.summary().tx());
        }
        return out;
    }

    /** Total bytes of undo data the journal keeps. */
    public static long undoBytes(Journal journal) {
        long total = 0;
        for (TxEntry e : journal.history()) {
            total += journal.undoBytes(e);
        }
        return total;
    }
}
