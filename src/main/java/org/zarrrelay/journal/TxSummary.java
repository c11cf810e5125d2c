package org.zarrrelay.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The commit record of a transaction: written last, it is what makes the transaction count.
 *
 * @param details   what the job layer records about the change (array, region, levels, chunks, voxels)
 * @param undoBytes bytes of its undo data (the copies before and after) as committed, so the history
 *                  can count them without reading every copy's index; null where the fingerprints do
 *                  not record lengths (S3) and in commit records made before zarr-relay recorded it
 *
 * <p>Fields this version does not know are skipped, so a later version's records stay readable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxSummary(String tx, String kind, String job, String undoes, String worker, String started,
                        String committed, String input, JsonNode details, Long undoBytes) {
}
