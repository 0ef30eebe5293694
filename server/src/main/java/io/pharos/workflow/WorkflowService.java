package io.pharos.workflow;

import io.pharos.Ids;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The read side of runs: who may see what, as records; {@link WorkflowViews} makes them the seed's JSON. */
public final class WorkflowService {
    public static final int MAX_TASK_PAGE = 10_000;
    public static final int MAX_RUN_PAGE = 1_000;
    /** Shallower pages are cheap to find by skipping index entries; deeper ones use the order cache. */
    static final int ORDER_CACHE_FROM_OFFSET = 2_000;
    /** At most this many task ids (8 bytes each) are held by the order cache. */
    static final long ORDER_CACHE_IDS = 4_000_000;
    /**
     * The answers kept of runs that can no longer change: 32 MiB, or a sixteenth of the heap if
     * that is less. An answer over 1 MiB (a page of thousands of tasks) is not kept.
     */
    static final long FIXED_ANSWER_BYTES = Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16);
    static final int MAX_FIXED_ANSWER = 1 << 20;

    private final Jdbi jdbi;
    private final WorkflowEvents events;
    private final LiveMetrics liveMetrics;
    private final Clock clock;
    private final TaskOrderCache orders = new TaskOrderCache(ORDER_CACHE_IDS);
    private final FixedAnswers answers = new FixedAnswers(FIXED_ANSWER_BYTES, MAX_FIXED_ANSWER);
    private final List<Consumer<Workflow>> beforeDelete = new CopyOnWriteArrayList<>();

    public WorkflowService(Jdbi jdbi, WorkflowEvents events, Clock clock) {
        this.jdbi = jdbi;
        this.events = events;
        this.liveMetrics = new LiveMetrics(events);
        this.clock = clock;
    }

    /** A run's counters and totals (null before it has any), and each process's. */
    public record RunProgress(Progress run, List<Progress> processes) {
    }

    /**
     * A run with its progress, and the platform (local-platform, ...) of the compute environment
     * it was launched on: null for a run reported from the command line.
     */
    public record Detail(Workflow workflow, RunProgress progress, String platform) {
    }

    /**
     * A run in a list: its owner, and either the kept JSON of its workflow and progress objects
     * (a run that can no longer change, listed before in the same shape) or its row and totals
     * (progress null if it has none yet).
     */
    public record Listed(String id, long ownerId, String ownerName, Workflow workflow, Progress progress,
                         byte[] workflowJson, byte[] progressJson) {
    }

    /** How a list writes a run's workflow and progress objects, each on its own. */
    public interface ListedJson {
        byte[] workflow(Workflow w);

        byte[] progress(Progress p);
    }

    public record RunPage(List<Listed> runs, long total, boolean hasMore) {
    }

    public record TaskPage(List<Task> tasks, long total) {
    }

    /**
     * A run's metrics: stored ones (as sent on complete, or computed when it ended), else those
     * computed from its tasks just now, which are answered as computed, not stored and read back.
     */
    public record RunMetrics(List<Metrics> stored, List<ResourceMetrics.ProcessMetrics> computed) {
    }

    /** A run the caller may see: 400 for a malformed id, 404 unknown, 403 another user's. */
    public Workflow visible(Principal caller, String id) {
        return read(h -> visible(h, caller, id));
    }

    private static Workflow visible(Handle h, Principal caller, String id) {
        checkId(id);
        Workflow w = WorkflowStore.find(h, id).orElseThrow(() -> unknown(id));
        checkOwner(caller, id, w.ownerId());
        return w;
    }

    /**
     * One handle for a whole request's reads: opening a handle for every call (onDemand) and then
     * attaching a SqlObject per request (an invoker built for each of its methods) were most of a
     * describe's CPU in turn; {@link WorkflowStore} is plain queries now.
     */
    private <T> T read(Function<Handle, T> reads) {
        return jdbi.withHandle(reads::apply);
    }

    /** The same checks as {@link #visible}, reading only the run's owner, which it returns. */
    public long checkAccess(Principal caller, String id) {
        return read(h -> access(h, caller, id).ownerId());
    }

    private static void checkId(String id) {
        if (!Ids.isBase62(id, 16)) {
            throw ApiException.badRequest("Invalid workflow id '" + id + "'");
        }
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("Unknown workflow id '" + id + "'");
    }

    private static void checkOwner(Principal caller, String id, long ownerId) {
        if (!caller.mayAccess(ownerId)) {
            throw ApiException.forbidden("Workflow " + id + " belongs to another user");
        }
    }

    /**
     * The run in the seed's shape, as {@code render} writes it; kept for a run that can no longer
     * change (the Seqera shape adds labels and stars, which can, so it is never kept).
     */
    public byte[] describe(Principal caller, String id, Function<Detail, byte[]> render) {
        return answer(caller, id, () -> "describe", h -> {
            Detail d = detail(h, caller, id); // its row says whether it can change: no query more
            return new Fresh<>(d, d.workflow().fixed());
        }, render);
    }

    public Detail describe(Principal caller, String id) {
        return read(h -> detail(h, caller, id));
    }

    private static Detail detail(Handle h, Principal caller, String id) {
        Workflow w = visible(h, caller, id);
        String platform = w.launchId() == null ? null : WorkflowStore.launchPlatform(h, w.launchId()).orElse(null);
        return new Detail(w, progressOf(h, id), platform);
    }

    /** What {@link #answer} reads when nothing is kept: the answer's records, and whether the run can still change. */
    private record Fresh<T>(T value, boolean fixed) {
    }

    /**
     * An answer about one run. {@code what} names it among the run's answers (and checks the
     * request's other parameters). If its bytes are kept (FixedAnswers), one light query checks
     * that the run still exists and the caller may read it, and they are the answer. Otherwise
     * {@code read} checks the same and reads the records, {@code render} writes them, and the
     * bytes are kept if the run can no longer change.
     */
    private <T> byte[] answer(Principal caller, String id, java.util.function.Supplier<String> what,
                              Function<Handle, Fresh<T>> read,
                              Function<T, byte[]> render) {
        record Read<T>(String name, Fresh<T> fresh, byte[] kept) {
        }
        Read<T> r = read(h -> {
            checkId(id);
            String name;
            try {
                name = what.get();
            } catch (ApiException badParameter) {
                access(h, caller, id); // an unknown or another user's run says so first
                throw badParameter;
            }
            byte[] kept = answers.get(new FixedAnswers.Key(id, name));
            if (kept != null) {
                access(h, caller, id);
                return new Read<T>(name, null, kept);
            }
            return new Read<>(name, read.apply(h), null);
        });
        if (r.kept() != null) {
            return r.kept();
        }
        byte[] bytes = render.apply(r.fresh().value());
        if (r.fresh().fixed()) {
            answers.put(new FixedAnswers.Key(id, r.name()), bytes);
        }
        return bytes;
    }

    /** The run's owner and state, after checking its id, that it exists and that the caller may read it. */
    private static WorkflowStore.Access access(Handle h, Principal caller, String id) {
        checkId(id);
        WorkflowStore.Access run = WorkflowStore.access(h, id).orElseThrow(() -> unknown(id));
        checkOwner(caller, id, run.ownerId());
        return run;
    }

    /** The run's progress in a shape ("seed", "seqera"), as {@code render} writes it; kept once the run cannot change. */
    public byte[] progress(Principal caller, String id, String shape, Function<RunProgress, byte[]> render) {
        return answer(caller, id, () -> "progress " + shape,
                h -> {
                    boolean fixed = access(h, caller, id).fixed();
                    return new Fresh<>(progressOf(h, id), fixed);
                }, render);
    }

    private static RunProgress progressOf(Handle h, String id) {
        List<Progress> rows = WorkflowStore.progressRows(h, id);
        boolean hasRun = !rows.isEmpty() && rows.get(0).process() == null;
        return new RunProgress(hasRun ? rows.get(0) : null, hasRun ? rows.subList(1, rows.size()) : rows);
    }

    /**
     * A page of a run's tasks, as {@code render} writes it. The pages of a run that can no longer
     * change are kept (FixedAnswers) and answered again without reading its tasks; who may read
     * the run is checked on every request first.
     */
    public byte[] tasks(Principal caller, String id, String search, String sortBy, String sortDir, int max, int offset,
                        String shape, Function<TaskPage, byte[]> render) {
        TaskQueries.TaskQuery[] query = new TaskQueries.TaskQuery[1];
        return answer(caller, id, () -> {
            checkPage(max, offset, MAX_TASK_PAGE);
            query[0] = TaskQueries.taskQuery(id, search, sortBy, sortDir);
            return String.join("\n", "tasks", shape, search == null ? "" : search.strip(), query[0].column(),
                    query[0].dir(), Integer.toString(max), Integer.toString(offset));
        }, h -> {
            boolean fixed = access(h, caller, id).fixed();
            return new Fresh<>(tasks(h, fixed, id, query[0], search, max, offset), fixed);
        }, render);
    }

    private TaskPage tasks(Handle h, boolean fixed, String id, TaskQueries.TaskQuery query, String search, int max,
                           int offset) {
        Page<Task> page;
        boolean deep = offset >= ORDER_CACHE_FROM_OFFSET && !query.column().equals("task_id");
        if (fixed && (deep || query.filtered())) {
            // Deep in a sorted list, or any page of a search (which needs a count of its matches
            // anyway), of a run that can no longer change: page through its cached order (see
            // TaskOrderCache) instead of skipping offset index entries and counting each time.
            long[] ids = orders.get(new TaskOrderCache.Key(id, search == null ? "" : search.strip(), query.column(),
                    query.dir()), () -> TaskQueries.sortedTaskIds(h, query));
            int from = Math.min(offset, ids.length);
            int to = (int) Math.min((long) from + max, ids.length);
            page = new Page<>(TaskQueries.tasksByIds(h, id, ids, from, to), ids.length);
        } else {
            long knownTotal = WorkflowStore.taskCount(h, id).orElse(-1L);
            page = TaskQueries.listTasks(h, query, max, offset, knownTotal);
        }
        return new TaskPage(page.items(), page.total());
    }

    public Task task(Principal caller, String id, long taskId) {
        return read(h -> {
            access(h, caller, id);
            return WorkflowStore.task(h, id, taskId)
                    .orElseThrow(() -> ApiException.notFound("Workflow " + id + " has no task " + taskId));
        });
    }

    /**
     * Metrics as sent on complete; for a run that has not sent them, computed from its tasks so
     * far, once per change of the run (LiveMetrics).
     */
    public byte[] metrics(Principal caller, String id, Function<RunMetrics, byte[]> render) {
        return answer(caller, id, () -> "metrics", h -> {
            boolean fixed = access(h, caller, id).fixed();
            List<Metrics> stored = WorkflowStore.metrics(h, id);
            if (!stored.isEmpty()) {
                return new Fresh<>(new RunMetrics(stored, List.of()), fixed);
            }
            return new Fresh<>(new RunMetrics(List.of(), liveMetrics.get(id, () -> WorkflowStore.metricSamples(h, id))),
                    fixed);
        }, render);
    }

    /**
     * A page of the runs the caller sees. A run that can no longer change is listed from the JSON
     * kept of it in this {@code shape} (FixedAnswers), written by {@code json} the first time:
     * its row and totals are read only then. Other runs come with their row and totals.
     */
    public RunPage list(Principal caller, String search, int max, int offset, String shape, ListedJson json) {
        checkPage(max, offset, MAX_RUN_PAGE);
        record Read(Page<RunQueries.Ref> page, Map<String, ListedBytes> kept, Map<String, Workflow> rows,
                    Map<String, Progress> progress) {
        }
        Read read = read(h -> {
            Page<RunQueries.Ref> found = RunQueries.listPage(h, caller.isAdmin() ? null : caller.userId(),
                    caller.userId(), search, max, offset);
            Map<String, ListedBytes> kept = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (RunQueries.Ref r : found.items()) {
                byte[] w = r.fixed() ? answers.get(listedKey(r.id(), "workflow", shape)) : null;
                byte[] p = w == null ? null : answers.get(listedKey(r.id(), "progress", shape));
                if (p != null) {
                    kept.put(r.id(), new ListedBytes(w, p));
                } else {
                    missing.add(r.id());
                }
            }
            Map<String, Progress> progress = new HashMap<>();
            if (!missing.isEmpty()) {
                for (Progress p : WorkflowStore.runProgress(h, missing)) {
                    progress.put(p.workflowId(), p);
                }
            }
            return new Read(found, kept, RunQueries.runs(h, missing), progress);
        });
        List<Listed> runs = new ArrayList<>(read.page().items().size());
        for (RunQueries.Ref r : read.page().items()) {
            ListedBytes kept = read.kept().get(r.id());
            Workflow w = read.rows().get(r.id());
            if (kept != null) {
                runs.add(new Listed(r.id(), r.ownerId(), r.ownerName(), null, null, kept.workflow(), kept.progress()));
            } else if (w != null && r.fixed()) {
                byte[] wj = json.workflow(w);
                byte[] pj = json.progress(read.progress().get(r.id()));
                answers.put(listedKey(r.id(), "workflow", shape), wj);
                answers.put(listedKey(r.id(), "progress", shape), pj);
                runs.add(new Listed(r.id(), r.ownerId(), r.ownerName(), null, null, wj, pj));
            } else if (w != null) { // null: deleted while the page was read
                runs.add(new Listed(r.id(), r.ownerId(), r.ownerName(), w, read.progress().get(r.id()), null, null));
            }
        }
        return new RunPage(runs, read.page().total(), offset + read.page().items().size() < read.page().total());
    }

    /** A listed run's workflow and progress objects as kept. */
    private record ListedBytes(byte[] workflow, byte[] progress) {
    }

    private static FixedAnswers.Key listedKey(String id, String part, String shape) {
        return new FixedAnswers.Key(id, "listed " + part + " " + shape);
    }

    /** How many bytes of answers about runs that can no longer change are kept now (FixedAnswers). */
    public long keptAnswerBytes() {
        return answers.heldBytes();
    }

    /** How many task ids the order cache of ended runs holds now. */
    public long cachedTaskIds() {
        return orders.heldIds();
    }

    /**
     * Something to do before any run is deleted: launching registers stopping the run's head job
     * and revoking its tokens, so a deleted run leaves nothing working on its behalf.
     */
    public void beforeDelete(Consumer<Workflow> step) {
        beforeDelete.add(step);
    }

    /** Deletes a run with its tasks and read model; a live run only with force. */
    public void delete(Principal caller, String id, boolean force) {
        Workflow w = visible(caller, id);
        if (!w.ended() && !force) {
            throw ApiException.conflict("Workflow " + id + " is " + w.status()
                    + ": cancel it first, or delete with ?force=true");
        }
        beforeDelete.forEach(step -> step.accept(w));
        jdbi.useTransaction(h -> {
            WorkflowStore.delete(h, id, w.ownerId());
            RunSearchIndex.forget(h, w);
        });
        orders.forget(id);
        answers.forget(id);
        events.publish(new WorkflowEvent(WorkflowEvent.DELETED, id, w.ownerId(), w.status(), clock.instant()));
    }

    /**
     * Deletes each run as {@link #delete} would; the ids of runs that could not be deleted (not
     * the caller's, unknown, malformed, or live without force) are returned, and the rest are gone.
     */
    public List<String> deleteMany(Principal caller, List<String> ids, boolean force) {
        if (ids == null || ids.isEmpty()) {
            throw ApiException.badRequest("Field 'workflowIds' is required: the runs to delete");
        }
        if (ids.size() > MAX_RUN_PAGE) {
            throw ApiException.badRequest("Field 'workflowIds' has " + ids.size() + " entries: at most " + MAX_RUN_PAGE);
        }
        List<String> failed = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(ids)) {
            try {
                delete(caller, id, force);
            } catch (ApiException e) {
                failed.add(id);
            }
        }
        return failed;
    }

    /**
     * A run name as Nextflow accepts it (400 if not) and, with a session id, not already used by
     * a run of the caller with that session (409): what {@code GET /api/workflow/validate} checks.
     */
    public void checkRunName(Principal caller, String runName, String sessionId) {
        if (runName == null || runName.isBlank()) {
            throw ApiException.badRequest("Parameter 'runName' is required");
        }
        RunNames.check("runName", runName);
        if (sessionId != null && !sessionId.isBlank()
                && read(h -> WorkflowStore.countNamed(h, caller.userId(), runName, sessionId.strip())) > 0) {
            throw ApiException.conflict("A run named '" + runName + "' with session " + sessionId.strip()
                    + " already exists");
        }
    }

    private static void checkPage(int max, int offset, int limit) {
        if (max < 1 || max > limit) {
            throw ApiException.badRequest("Invalid max " + max + ": use 1 to " + limit);
        }
        if (offset < 0) {
            throw ApiException.badRequest("Invalid offset " + offset + ": use 0 or more");
        }
    }
}
