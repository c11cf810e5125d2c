package org.zarrrelay;

/**
 * What to tell a user whose job ran the Java heap out: the two settings that change it. One text
 * for the CLI and the relay, so both name the same remedies.
 */
public final class OutOfMemory {
    private OutOfMemory() {
    }

    /** The {@link OutOfMemoryError} behind {@code e} (itself or a cause), or null. */
    public static OutOfMemoryError in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    public static String advice(OutOfMemoryError e) {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        return "ran out of memory (" + e.getMessage() + ", Java heap " + heapMb + " MB): give Java more memory (java -Xmx"
                + Math.max(512, heapMb * 2) + "m ...), or lower relay.slab-mb (--set relay.slab-mb=N) so fewer voxels are"
                + " held at once, or choose a smaller region";
    }
}
