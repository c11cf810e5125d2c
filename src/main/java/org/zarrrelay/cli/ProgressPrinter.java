package org.zarrrelay.cli;

import java.io.PrintWriter;
import org.zarrrelay.job.Progress;

/** Prints progress of long work on stderr, at most once per 10 percent. */
final class ProgressPrinter implements Progress {
    private final PrintWriter err;
    private final String what;
    private int lastTenth = -1;

    ProgressPrinter(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    @Override
    public void update(long done, long total) {
        int tenth = total == 0 ? 10 : (int) (10 * done / total);
        if (tenth != lastTenth && total > (8L << 20)) {
            lastTenth = tenth;
            err.printf("%s: %d%% (%.1f of %.1f MB)%n", what, tenth * 10, done / 1e6, total / 1e6);
            err.flush();
        }
    }
}
