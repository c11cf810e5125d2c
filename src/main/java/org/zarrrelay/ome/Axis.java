package org.zarrrelay.ome;

/** One axis of an OME-NGFF image: {@code name}, {@code type} (space, time, channel or null) and {@code unit}. */
public record Axis(String name, String type, String unit) {
    public boolean isSpace() {
        return "space".equals(type);
    }
}
