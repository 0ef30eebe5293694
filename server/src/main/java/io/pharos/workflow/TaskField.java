package io.pharos.workflow;

import static io.pharos.workflow.TaskField.Sort.SORTED;
import static io.pharos.workflow.TaskField.Write.COALESCE;
import static io.pharos.workflow.TaskField.Write.CREATED;
import static io.pharos.workflow.TaskField.Write.GENERATED;
import static io.pharos.workflow.TaskField.Write.KEY;
import static io.pharos.workflow.TaskField.Write.SET;

import io.pharos.db.RecordShape;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every field of a task, once: in the order of the {@link Task} record and of the tasks table
 * (V1__schema.sql). The name gives the column ({@code PEAK_RSS}: {@code peak_rss}) and the
 * record component and API key ({@code peakRss}). From this list come the task batches'
 * SQL (trace/TaskBatches), the clipping of strings to their column, the keys of the task JSON
 * (WorkflowViews.task) and the sortBy keys (TaskQueries). FieldListContractTest holds it
 * against the record, the database's columns and the API.
 */
public enum TaskField {
    ID(Long.class, 0, GENERATED, Task::id),
    WORKFLOW_ID(String.class, 16, KEY, Task::workflowId),
    TASK_ID(long.class, 0, KEY, Task::taskId, SORTED),
    STATUS(String.class, 16, SET, Task::status, SORTED),
    STATUS_RANK(int.class, 0, SET, Task::statusRank),
    HASH(String.class, 64, COALESCE, Task::hash, SORTED),
    NAME(String.class, 1024, COALESCE, Task::name, SORTED),
    PROCESS(String.class, 255, COALESCE, Task::process, SORTED),
    TAG(String.class, 1024, COALESCE, Task::tag, SORTED),
    MODULE(String.class, 0, COALESCE, Task::module),
    CONTAINER(String.class, 0, COALESCE, Task::container),
    ATTEMPT(Integer.class, 0, COALESCE, Task::attempt, SORTED),
    SCRIPT(String.class, 0, COALESCE, Task::script),
    SCRATCH(String.class, 0, COALESCE, Task::scratch),
    WORKDIR(String.class, 0, COALESCE, Task::workdir),
    QUEUE(String.class, 255, COALESCE, Task::queue),
    CPUS(Integer.class, 0, COALESCE, Task::cpus, SORTED),
    MEMORY(Long.class, 0, COALESCE, Task::memory, SORTED),
    DISK(Long.class, 0, COALESCE, Task::disk),
    TIME(Long.class, 0, COALESCE, Task::time),
    ENV(String.class, 0, COALESCE, Task::env),
    ERROR_ACTION(String.class, 32, COALESCE, Task::errorAction),
    EXIT_STATUS(Integer.class, 0, COALESCE, Task::exitStatus, SORTED),
    SUBMIT(Instant.class, 0, COALESCE, Task::submit, SORTED),
    START(Instant.class, 0, COALESCE, Task::start, SORTED),
    COMPLETE(Instant.class, 0, COALESCE, Task::complete, SORTED),
    DURATION(Long.class, 0, COALESCE, Task::duration, SORTED),
    REALTIME(Long.class, 0, COALESCE, Task::realtime, SORTED),
    NATIVE_ID(String.class, 255, COALESCE, Task::nativeId, SORTED),
    PCPU(Double.class, 0, COALESCE, Task::pcpu, SORTED),
    PMEM(Double.class, 0, COALESCE, Task::pmem, SORTED),
    RSS(Long.class, 0, COALESCE, Task::rss),
    VMEM(Long.class, 0, COALESCE, Task::vmem),
    PEAK_RSS(Long.class, 0, COALESCE, Task::peakRss, SORTED),
    PEAK_VMEM(Long.class, 0, COALESCE, Task::peakVmem, SORTED),
    RCHAR(Long.class, 0, COALESCE, Task::rchar, SORTED),
    WCHAR(Long.class, 0, COALESCE, Task::wchar, SORTED),
    SYSCR(Long.class, 0, COALESCE, Task::syscr),
    SYSCW(Long.class, 0, COALESCE, Task::syscw),
    READ_BYTES(Long.class, 0, COALESCE, Task::readBytes, SORTED),
    WRITE_BYTES(Long.class, 0, COALESCE, Task::writeBytes, SORTED),
    VOL_CTXT(Long.class, 0, COALESCE, Task::volCtxt),
    INV_CTXT(Long.class, 0, COALESCE, Task::invCtxt),
    EXECUTOR(String.class, 64, COALESCE, Task::executor, SORTED),
    CLOUD_ZONE(String.class, 64, COALESCE, Task::cloudZone),
    MACHINE_TYPE(String.class, 64, COALESCE, Task::machineType),
    PRICE_MODEL(String.class, 32, COALESCE, Task::priceModel),
    COST(Double.class, 0, COALESCE, Task::cost, SORTED),
    CPU_MODEL(String.class, 255, COALESCE, Task::cpuModel),
    DATE_CREATED(Instant.class, 0, CREATED, Task::dateCreated),
    LAST_UPDATED(Instant.class, 0, SET, Task::lastUpdated);

    /** How the task batches write a column. */
    public enum Write {
        /** Made by the database (the identity column): never written. */
        GENERATED,
        /** Identifies the row: inserted, and the update's WHERE. */
        KEY,
        /** Inserted, and overwritten by every update. */
        SET,
        /** Inserted; an update writes it only when it has a value (a missing value never erases one). */
        COALESCE,
        /** Inserted only. */
        CREATED
    }

    /** Marks a field a client may sort a run's tasks by. */
    enum Sort { SORTED }

    /**
     * The task JSON of the seed (GET /api/workflow/{id}/tasks/{taskId}): these fields in this
     * order, then {@link #EXIT}. workflowId, statusRank and cpuModel are not part of it.
     */
    public static final List<TaskField> API = List.of(ID, TASK_ID, STATUS, DATE_CREATED, LAST_UPDATED, DISK, START,
            SUBMIT, CONTAINER, COMPLETE, EXIT_STATUS, HASH, ATTEMPT, SCRATCH, WORKDIR, QUEUE, CPUS, MEMORY, EXECUTOR,
            MACHINE_TYPE, CLOUD_ZONE, PRICE_MODEL, COST, ERROR_ACTION, REALTIME, NATIVE_ID, PCPU, PMEM, RSS, VMEM,
            PEAK_RSS, PEAK_VMEM, RCHAR, WCHAR, SYSCR, SYSCW, READ_BYTES, WRITE_BYTES, VOL_CTXT, INV_CTXT, PROCESS,
            SCRIPT, TIME, DURATION, MODULE, NAME, TAG, ENV);

    /** The seed's second spelling of exitStatus, as text: the last key of the task JSON, and a sort key. */
    public static final String EXIT = "exit";

    /** Sort keys besides the fields' own keys. */
    private static final Map<String, TaskField> SORT_ALIASES = Map.of("id", TASK_ID, EXIT, EXIT_STATUS);

    private static final Map<String, TaskField> SORT_KEYS;

    static {
        Map<String, TaskField> keys = new LinkedHashMap<>();
        for (TaskField f : values()) {
            if (f.sortable) {
                keys.put(f.key, f);
                SORT_ALIASES.entrySet().stream().filter(e -> e.getValue() == f).map(Map.Entry::getKey).sorted()
                        .forEach(alias -> keys.put(alias, f));
            }
        }
        SORT_KEYS = Collections.unmodifiableMap(keys);
        List<String> components = RecordShape.of(Task.class).names();
        List<String> ours = Arrays.stream(values()).map(TaskField::key).toList();
        if (!components.equals(ours)) {
            throw new IllegalStateException("TaskField " + ours + " does not follow the Task record " + components);
        }
    }

    private final Class<?> type;
    private final int size;
    private final Write write;
    private final Function<Task, Object> getter;
    private final boolean sortable;
    private final String column;
    private final String key;
    private final int jdbcType;

    TaskField(Class<?> type, int size, Write write, Function<Task, Object> getter) {
        this(type, size, write, getter, null);
    }

    TaskField(Class<?> type, int size, Write write, Function<Task, Object> getter, Sort sort) {
        this.type = type;
        this.size = size;
        this.write = write;
        this.getter = getter;
        this.sortable = sort == SORTED;
        this.column = name().toLowerCase(Locale.ROOT);
        this.key = camel(column);
        this.jdbcType = jdbcType(type);
    }

    /** {@code peak_rss}: {@code peakRss}. */
    static String camel(String column) {
        StringBuilder out = new StringBuilder();
        for (String part : column.split("_")) {
            out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    /** The column of the tasks table. */
    public String column() {
        return column;
    }

    /** The Task record's component, and the key of the task JSON. */
    public String key() {
        return key;
    }

    /** The record component's type. */
    public Class<?> type() {
        return type;
    }

    /** The column's VARCHAR size; 0 for unbounded text and for columns that are not strings. */
    public int size() {
        return size;
    }

    public Write write() {
        return write;
    }

    /** The JDBC type the value is bound as, the way Jdbi binds it. */
    public int jdbcType() {
        return jdbcType;
    }

    private static int jdbcType(Class<?> type) {
        Class<?> t = RecordShape.box(type);
        if (t == String.class) {
            return Types.VARCHAR;
        } else if (t == Integer.class) {
            return Types.INTEGER;
        } else if (t == Long.class) {
            return Types.BIGINT;
        } else if (t == Double.class) {
            return Types.DOUBLE;
        } else if (t == Instant.class) {
            return Types.TIMESTAMP;
        }
        throw new IllegalStateException("no JDBC type for " + t);
    }

    public Object get(Task t) {
        return getter.apply(t);
    }

    /** A string cut to the column's size (clients such as Nextflow already truncate far below these). */
    public String clip(String s) {
        return size == 0 || s == null || s.length() <= size ? s : s.substring(0, size);
    }

    /** The sortBy keys a client may send (any case), and the field each sorts by. */
    public static Map<String, TaskField> sortKeys() {
        return SORT_KEYS;
    }

    /** The fields with a given way of being written, in table order. */
    public static List<TaskField> written(Write... ways) {
        List<Write> w = List.of(ways);
        List<TaskField> out = new ArrayList<>();
        for (TaskField f : values()) {
            if (w.contains(f.write)) {
                out.add(f);
            }
        }
        return out;
    }
}
