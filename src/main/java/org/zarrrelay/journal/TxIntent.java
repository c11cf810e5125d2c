package org.zarrrelay.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a transaction set out to do, written before it snapshots anything: enough for whoever
 * finds it unfinished to roll it back and to tell the job's owner.
 *
 * @param kind        {@link Journal#WRITE_BACK} or {@link Journal#UNDO}
 * @param undoes      for an undo: the transaction it undoes
 * @param input       the SHA-256 of the file being written back, to recognise it if it is taken again
 * @param newPrefixes folders that did not exist and are created by this transaction (a new label
 *                    image): a rollback removes them whole
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxIntent(String tx, String kind, String job, String undoes, String worker, String started, String input,
                       List<String> newPrefixes) {
    public TxIntent {
        newPrefixes = newPrefixes == null ? List.of() : List.copyOf(newPrefixes);
    }
}
