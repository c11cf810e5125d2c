package org.zarrrelay.camel;

/** Durations in seconds, counted into fixed cumulative buckets as Prometheus histograms are exposed. */
final class Histogram {
    /** From a tenth of a second (a small export) to an hour (a many-GB write-back). */
    static final double[] BOUNDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600};

    private final long[] counts = new long[BOUNDS.length];
    private long count;
    private double sum;

    synchronized void observe(double seconds) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (seconds <= BOUNDS[i]) {
                counts[i]++;
            }
        }
        count++;
        sum += seconds;
    }

    /** The histogram's lines for {@code name} with the label {@code label="value"}. */
    synchronized void write(StringBuilder out, String name, String label, String value) {
        for (int i = 0; i < BOUNDS.length; i++) {
            out.append(name).append("_bucket{").append(label).append("=\"").append(value).append("\",le=\"")
                    .append(number(BOUNDS[i])).append("\"} ").append(counts[i]).append('\n');
        }
        out.append(name).append("_bucket{").append(label).append("=\"").append(value).append("\",le=\"+Inf\"} ")
                .append(count).append('\n');
        out.append(name).append("_sum{").append(label).append("=\"").append(value).append("\"} ").append(number(sum)).append('\n');
        out.append(name).append("_count{").append(label).append("=\"").append(value).append("\"} ").append(count).append('\n');
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : java.math.BigDecimal.valueOf(v).toPlainString();
    }
}
