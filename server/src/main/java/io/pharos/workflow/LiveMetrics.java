package io.pharos.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The metrics of live runs (those that have not sent or stored theirs), computed from the tasks
 * once per change of the run instead of once per request. Every committed change of a run is
 * published before its caller is answered (RunLifecycle, WorkflowEvents), and each event moves
 * the run's version on; an answer is kept only if no event came while it was computed, so a
 * read after an acknowledged update never sees metrics from before it.
 */
final class LiveMetrics {
    /** Runs whose answers are kept; the least recently used is dropped first. */
    private static final int MAX_RUNS = 256;

    private record Entry(long version, List<ResourceMetrics.ProcessMetrics> metrics) {
    }

    /**
     * Per run, a number given at its last published change (or first read): never given twice,
     * so an answer computed before a change can never pass for one computed after it. Runs leave
     * when they end or are deleted (ended runs answer with their stored metrics).
     */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    private final Map<String, Entry> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_RUNS;
        }
    };

    LiveMetrics(WorkflowEvents events) {
        events.subscribe(this::changed);
    }

    private void changed(WorkflowEvent e) {
        if (WorkflowEvent.ENDED.equals(e.type()) || WorkflowEvent.DELETED.equals(e.type())) {
            versions.remove(e.workflowId());
        } else {
            versions.put(e.workflowId(), next.incrementAndGet());
        }
        synchronized (answers) {
            answers.remove(e.workflowId());
        }
    }

    /** The run's metrics from its tasks: the kept answer if the run has not changed since, else computed now. */
    List<ResourceMetrics.ProcessMetrics> get(String id, Supplier<List<ResourceMetrics.Sample>> samples) {
        long before = versions.computeIfAbsent(id, k -> next.incrementAndGet());
        Entry kept;
        synchronized (answers) {
            kept = answers.get(id);
        }
        if (kept != null && kept.version() == before) {
            return copy(kept.metrics());
        }
        List<ResourceMetrics.ProcessMetrics> computed = ResourceMetrics.compute(samples.get());
        synchronized (answers) {
            if (Long.valueOf(before).equals(versions.get(id))) { // no change was published meanwhile
                answers.put(id, new Entry(before, copy(computed)));
            }
        }
        return computed;
    }

    /** The views add to the summaries they are given, so every caller gets its own. */
    private static List<ResourceMetrics.ProcessMetrics> copy(List<ResourceMetrics.ProcessMetrics> metrics) {
        List<ResourceMetrics.ProcessMetrics> out = new ArrayList<>(metrics.size());
        for (ResourceMetrics.ProcessMetrics pm : metrics) {
            Map<String, ObjectNode> series = new LinkedHashMap<>();
            pm.series().forEach((k, v) -> series.put(k, v == null ? null : v.deepCopy()));
            out.add(new ResourceMetrics.ProcessMetrics(pm.process(), series));
        }
        return out;
    }
}
