package io.pharos.trace;

/** String helpers for bounded columns. */
final class Text {
    private Text() {
    }

    /** Cuts a string to a column's size; clients such as Nextflow already truncate far below these. */
    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
