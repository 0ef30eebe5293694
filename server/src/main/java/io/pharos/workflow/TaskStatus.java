package io.pharos.workflow;

import java.util.Locale;

/**
 * Nextflow's task states with their rank: an update with a lower rank than the stored one is
 * ignored, so a late SUBMITTED or RUNNING never overwrites an ended task.
 */
public enum TaskStatus {
    NEW(0), SUBMITTED(1), RUNNING(2), CACHED(3), COMPLETED(3), FAILED(3), ABORTED(3);

    private final int rank;

    TaskStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean ended() {
        return rank == 3;
    }

    /** Tasks that ran in this run and ended: the ones counted in cpu time, memory and I/O totals. */
    public boolean countsInTotals() {
        return this == COMPLETED || this == FAILED || this == ABORTED;
    }

    /** Tasks whose resources Nextflow aggregates into the per-process metrics. */
    public boolean countsInMetrics() {
        return this == COMPLETED || this == FAILED || this == CACHED;
    }

    private static final java.util.Map<String, TaskStatus> BY_NAME = new java.util.HashMap<>();

    static {
        for (TaskStatus t : values()) {
            BY_NAME.put(t.name(), t);
        }
    }

    public static TaskStatus parse(String s) {
        if (s == null) {
            return null;
        }
        TaskStatus exact = BY_NAME.get(s); // as Nextflow writes them: no case folding on the hot path
        if (exact != null) {
            return exact;
        }
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
