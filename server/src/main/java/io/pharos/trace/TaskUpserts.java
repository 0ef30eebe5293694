package io.pharos.trace;

import io.pharos.trace.TraceStore.StoredTask;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Stores a body's tasks against the ones already stored: a task never moves back (its status
 * rank only grows), an update never erases a stored value with null, and what each task adds
 * to the run's and its process's totals is worked out as an exact delta for the run's progress.
 */
final class TaskUpserts {
    private TaskUpserts() {
    }

    /**
     * What a body's tasks changed in the totals: the run's, each process's (in the order first
     * seen, "" for tasks without a process), the executors of counted tasks, how many tasks are new.
     */
    record Delta(Totals run, Map<String, Totals> processes, Set<String> executors, int inserted) {
    }

    /**
     * Inserts new tasks, updates known ones and claims their folders; returns the totals they
     * change. On PostgreSQL one statement writes the tasks and answers their state before; on H2
     * (in-process: statements cost no round trip) the stored state is read first, then new and
     * known tasks are written in two batches.
     */
    static Delta upsert(Handle h, String id, long ownerId, List<Task> tasks, Instant now, boolean postgres) {
        TraceStore store = postgres ? null : h.attach(TraceStore.class); // H2 only: attaching costs (ProgressStore)
        Map<Long, StoredTask> stored;
        Set<Long> sameFolder = Set.of();
        if (postgres) {
            TaskBatches.Before before = TaskBatches.upsert(h, id, tasks);
            stored = before.stored();
            sameFolder = before.sameFolder();
        } else {
            stored = new HashMap<>();
            for (StoredTask s : store.storedTasks(id, tasks.stream().map(Task::taskId).toList())) {
                stored.put(s.taskId(), s);
            }
        }
        List<Task> inserts = new ArrayList<>();
        List<Task> updates = new ArrayList<>();
        Totals runTotals = new Totals();
        Map<String, Totals> processTotals = new LinkedHashMap<>();
        Set<String> executors = new TreeSet<>();
        for (Task t : tasks) {
            StoredTask old = stored.get(t.taskId());
            if (old != null && t.statusRank() < old.statusRank()) {
                continue; // monotonic: a late SUBMITTED/RUNNING never moves an ended task back
            }
            StoredTask effective = merged(t, old);
            Totals pt = processTotals.computeIfAbsent(effective.process() == null ? "" : effective.process(),
                    k -> new Totals());
            if (old != null) {
                runTotals.subtract(old);
                pt.subtract(old);
                updates.add(t);
            } else {
                inserts.add(t);
            }
            runTotals.add(effective);
            pt.add(effective);
            if (effective.executor() != null && TaskStatus.parse(effective.status()).countsInTotals()) {
                executors.add(effective.executor());
            }
        }
        if (!postgres && !inserts.isEmpty()) {
            store.insertTasks(inserts);
        }
        if (!postgres && !updates.isEmpty()) {
            store.updateTasks(updates);
        }
        TaskBatches.claimFolders(h, ownerId, id, tasks, sameFolder, now, postgres);
        return new Delta(runTotals, processTotals, executors, inserts.size());
    }

    /**
     * What the totals need of the row an update leaves (it never erases a stored value with
     * null; status and rank are the update's). Made by hand: copying the whole task through
     * its builder cost 6 % of a progress call.
     */
    static StoredTask merged(Task t, StoredTask old) {
        if (old == null) {
            return new StoredTask(t.taskId(), t.status(), t.statusRank(), t.process(), t.cpus(), t.realtime(),
                    t.pcpu(), t.peakRss(), t.memory(), t.rchar(), t.wchar(), t.volCtxt(), t.invCtxt(), t.cost(),
                    t.executor());
        }
        return new StoredTask(t.taskId(), t.status(), t.statusRank(), or(t.process(), old.process()),
                or(t.cpus(), old.cpus()), or(t.realtime(), old.realtime()), or(t.pcpu(), old.pcpu()),
                or(t.peakRss(), old.peakRss()), or(t.memory(), old.memory()), or(t.rchar(), old.rchar()),
                or(t.wchar(), old.wchar()), or(t.volCtxt(), old.volCtxt()), or(t.invCtxt(), old.invCtxt()),
                or(t.cost(), old.cost()), or(t.executor(), old.executor()));
    }

    private static <T> T or(T value, T stored) {
        return value != null ? value : stored;
    }
}
