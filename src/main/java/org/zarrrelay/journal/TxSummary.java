package org.zarrrelay.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The commit record of a transaction: written last, it is what makes the transaction count.
 *
 * @param details what the job layer records about the change (array, region, levels, chunks, voxels)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxSummary(String tx, String kind, String job, String undoes, String worker, String started,
                        String committed, String input, JsonNode details) {
}
