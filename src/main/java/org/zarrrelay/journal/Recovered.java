package org.zarrrelay.journal;

/**
 * What recovery found of a transaction that did not finish in the process that began it.
 *
 * @param committed true: its commit record was written, so it stands (its outcome had not been
 *                  recorded); false: it was rolled back, every key as it was before
 * @param summary   the commit record when committed, else null
 */
public record Recovered(TxIntent intent, boolean committed, TxSummary summary) {
}
