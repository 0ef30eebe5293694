package io.pharos.workflow;

import java.util.LinkedHashMap;

/**
 * The bytes of answers about runs that can no longer change (ended and completed,
 * {@link WorkflowStatus#fixed}): describe, progress, task pages, metrics, and a run's part of a
 * list. Ingestion refuses every change to such a run (409) and nothing else writes its row,
 * progress, tasks or metrics, so an answer kept here is the answer the database would give
 * again; only deleting the run ends it, and {@link #forget} then drops the run's answers.
 *
 * <p>The access check is never kept: a kept answer goes out only after the request has checked,
 * in the database, that the run exists and the caller may read it. A page read at the moment
 * its run is deleted may be put back after the forget; it can never be answered (the run's id
 * is unknown from then on, and ids are never given twice) and leaves with the least recently used.
 *
 * <p>Bounded by bytes: answers larger than {@code maxAnswer} are not kept, and the least
 * recently used leave once all of them hold more than {@code maxBytes}.
 */
final class FixedAnswers {
    /** One answer: its run, and everything else the bytes depend on (path, parameters, shape). */
    record Key(String workflowId, String answer) {
    }

    private final long maxBytes;
    private final int maxAnswer;
    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long held;

    FixedAnswers(long maxBytes, int maxAnswer) {
        this.maxBytes = maxBytes;
        this.maxAnswer = maxAnswer;
    }

    /** The kept bytes, or null. */
    synchronized byte[] get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, byte[] bytes) {
        if (bytes.length > maxAnswer || bytes.length > maxBytes) {
            return;
        }
        byte[] old = entries.put(key, bytes);
        held += bytes.length - (old == null ? 0 : old.length);
        var eldest = entries.entrySet().iterator();
        while (held > maxBytes && eldest.hasNext()) {
            held -= eldest.next().getValue().length;
            eldest.remove();
        }
    }

    /** Drops every answer about a run (it is being deleted). */
    synchronized void forget(String workflowId) {
        var it = entries.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().workflowId().equals(workflowId)) {
                held -= e.getValue().length;
                it.remove();
            }
        }
    }

    synchronized long heldBytes() {
        return held;
    }

    synchronized int size() {
        return entries.size();
    }
}
