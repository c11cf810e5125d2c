package org.zarrrelay.journal;

/**
 * One committed transaction in a store's history.
 *
 * @param undoneBy     the undo transaction that reverted it, or null
 * @param pruned       its undo data was removed after {@code relay.journal.keep-days}
 * @param acknowledged its outcome was recorded in the job ledger
 */
public record TxEntry(TxSummary summary, String undoneBy, boolean pruned, boolean acknowledged) {
}
