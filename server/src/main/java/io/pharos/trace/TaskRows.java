package io.pharos.trace;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import io.pharos.db.RecordShape;
import io.pharos.error.ApiException;
import io.pharos.trace.TracePayloads.TaskInfo;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskField;
import io.pharos.workflow.TaskStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A progress body's {@code tasks[]}, read by Jackson's streaming parser straight into task rows.
 * Reading each task into a {@link TaskInfo} record and copying that into a {@link Task} cost a
 * third of a progress call's CPU (docs/benchmarks-ingest.md, issue 15). The wire fields are
 * still {@link TaskInfo}'s components, and what is accepted and refused, and with which
 * message, is what reading into that record and {@link #rows} answered before: a value of the
 * common form (a string, a whole number, a fraction, null) is read here; any other form goes to
 * the deserializer Jackson would have used for that component, which converts it or refuses
 * it; a refusal names {@code tasks[i].field}. A task that cannot be stored (no task id, an
 * unknown status) is refused after the whole body is read, as before, so a malformed or
 * mistyped value anywhere in the body is answered first; the first such task is named.
 */
@JsonDeserialize(using = TaskRows.Reader.class)
public final class TaskRows {
    /** Each task as read (null: a null task), with the column values it names. */
    private final List<Task.Builder> rows;
    /** Why the body cannot be stored (the first bad task), or null. */
    private final ApiException refusal;

    private TaskRows(List<Task.Builder> rows, ApiException refusal) {
        this.rows = rows;
        this.refusal = refusal;
    }

    /** How many tasks the body lists. */
    public int size() {
        return rows.size();
    }

    /**
     * The rows to store, or the 400 naming the first task that cannot be stored; the latest
     * state of a task within one body wins (a lower status rank later in the body does not).
     */
    List<Task> rows(String workflowId, Instant now) {
        if (refusal != null) {
            throw refusal;
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Task.Builder> byId = new LinkedHashMap<>();
        for (Task.Builder b : rows) {
            Task.Builder previous = byId.get((Long) b.get(TaskField.TASK_ID));
            if (previous == null || rank(b) >= rank(previous)) {
                byId.put((Long) b.get(TaskField.TASK_ID), b);
            }
        }
        List<Task> out = new ArrayList<>(byId.size());
        for (Task.Builder b : byId.values()) {
            out.add(b.set(TaskField.WORKFLOW_ID, workflowId).set(TaskField.DATE_CREATED, now)
                    .set(TaskField.LAST_UPDATED, now).build());
        }
        return out;
    }

    private static int rank(Task.Builder b) {
        return (Integer) b.get(TaskField.STATUS_RANK);
    }

    /** The 400s of a task that cannot be stored; {@code raw} is the status as sent. */
    private static ApiException badTask(int i, Long taskId, String raw, TaskStatus status) {
        if (taskId == null || taskId < 0) {
            return ApiException.badRequest("Invalid value for 'tasks[" + i + "].taskId': a task id (a whole number >= 0) is required");
        }
        if (status == null) {
            return ApiException.badRequest("Invalid value for 'tasks[" + i + "].status': '" + raw
                    + "' is not one of NEW, SUBMITTED, RUNNING, CACHED, COMPLETED, FAILED, ABORTED");
        }
        return null;
    }

    /** How a wire field is read, from the type of its {@link TaskInfo} component. */
    private enum Kind { STRING, LONG, INTEGER, DOUBLE, INSTANT, NODE }

    /** A wire field: its position in {@link TaskInfo}, how it is read, the column it fills (null: handled apart). */
    private record Wire(int index, String name, Kind kind, Class<?> type, TaskField column) {
    }

    private static final RecordShape<TaskInfo> INFO = RecordShape.of(TaskInfo.class);
    /** The fields named apart from the copy into columns: their values are checked or converted. */
    private static final String TASK_ID = "taskId";
    private static final String STATUS = "status";
    private static final String EXIT = "exit";
    private static final String MODULE = "module";
    private static final Map<String, Wire> WIRES = new HashMap<>();
    /** A bit for each of TaskInfo's components. */
    private static final long ALL_FIELDS = INFO.size() == 64 ? -1L : (1L << INFO.size()) - 1;

    static {
        Map<String, TaskField> columns = new HashMap<>();
        for (TaskField f : TaskField.values()) {
            columns.put(f.key(), f);
        }
        if (INFO.size() > 64) {
            throw new IllegalStateException("TaskRows keeps one bit for each of TaskInfo's components: at most 64");
        }
        for (int i = 0; i < INFO.size(); i++) {
            String name = INFO.names().get(i);
            Class<?> type = INFO.type(i);
            Kind kind = type == String.class ? Kind.STRING : type == Long.class ? Kind.LONG
                    : type == Integer.class ? Kind.INTEGER : type == Double.class ? Kind.DOUBLE
                    : type == Instant.class ? Kind.INSTANT : type == JsonNode.class ? Kind.NODE : null;
            if (kind == null) {
                throw new IllegalStateException("TaskInfo." + name + " has a type TaskRows does not read: " + type);
            }
            // The same rule as Task.Builder.copy: a column of the same name whose type the value fits.
            TaskField column = columns.get(name);
            if (column != null && !RecordShape.fits(type, column.type())) {
                column = null;
            }
            boolean apart = name.equals(TASK_ID) || name.equals(STATUS) || name.equals(EXIT) || name.equals(MODULE);
            WIRES.put(name, new Wire(i, name, kind, type, apart ? null : column));
        }
        for (String name : List.of(TASK_ID, STATUS, EXIT, MODULE)) {
            if (!WIRES.containsKey(name)) {
                throw new IllegalStateException("TaskInfo has no component " + name);
            }
        }
    }

    /**
     * Module lists as JSON text, by value: a run has a few, and writing one out cost more than a
     * cache look-up.
     */
    private static final Map<JsonNode, String> MODULES = new ConcurrentHashMap<>();

    private static String moduleText(JsonNode module) {
        String text = MODULES.get(module);
        if (text == null) {
            text = module.toString();
            if (MODULES.size() >= 1024) {
                MODULES.clear();
            }
            MODULES.put(module.deepCopy(), text);
        }
        return text;
    }

    /** One task being read: the columns, and the fields checked once it is complete. */
    private static final class Reading {
        final Task.Builder row = Task.builder();
        Long taskId;
        String status;
        Integer exit;
        JsonNode module;

        void put(Wire w, Object value) {
            switch (w.name()) {
                case TASK_ID -> taskId = (Long) value;
                case STATUS -> status = (String) value;
                case EXIT -> exit = (Integer) value;
                case MODULE -> module = (JsonNode) value;
                default -> row.set(w.column(), value);
            }
        }

        /** The row as stored, or null if the task cannot be stored. */
        Task.Builder finish(TaskStatus parsed) {
            // Nextflow reports exit 2147483647 (Integer.MAX_VALUE) until the task has ended.
            return row.set(TaskField.TASK_ID, taskId).set(TaskField.STATUS, parsed.name())
                    .set(TaskField.STATUS_RANK, parsed.rank())
                    .set(TaskField.MODULE, module == null || module.isNull() ? null : moduleText(module))
                    .set(TaskField.EXIT_STATUS, exit == null || exit == Integer.MAX_VALUE ? null : exit);
        }
    }

    /** Reads {@code tasks[]}; see {@link TaskRows}. */
    static final class Reader extends StdDeserializer<TaskRows> implements ResolvableDeserializer {
        /** Jackson's deserializer of each component type, and of a TaskInfo (set by {@link #resolve}). */
        private volatile Map<Class<?>, JsonDeserializer<Object>> deserializers;

        Reader() {
            super(TaskRows.class);
        }

        @Override
        public void resolve(DeserializationContext ctx) throws JsonMappingException {
            Map<Class<?>, JsonDeserializer<Object>> found = new HashMap<>();
            found.put(TaskInfo.class, ctx.findRootValueDeserializer(ctx.constructType(TaskInfo.class)));
            for (Wire w : WIRES.values()) {
                if (!found.containsKey(w.type())) {
                    found.put(w.type(), ctx.findRootValueDeserializer(ctx.constructType(w.type())));
                }
            }
            deserializers = Map.copyOf(found);
        }

        @Override
        public TaskRows deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            List<Task.Builder> rows = new ArrayList<>();
            ApiException refusal = null;
            if (!p.isExpectedStartArrayToken()) {
                // Not a list: whatever Jackson makes of it as a List<TaskInfo> (most often a refusal).
                List<TaskInfo> infos = ctx.readValue(p,
                        ctx.getTypeFactory().constructCollectionType(List.class, TaskInfo.class));
                for (int i = 0; infos != null && i < infos.size(); i++) {
                    Reading r = fromInfo(infos.get(i));
                    refusal = add(rows, refusal, i, r);
                }
                return new TaskRows(rows, refusal);
            }
            if (deserializers == null) {
                resolve(ctx); // Jackson resolves a deserializer it makes; this one was made otherwise
            }
            Values values = new Values(deserializers);
            for (int i = 0; ; i++) {
                Reading r;
                try {
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        break;
                    }
                    if (t == JsonToken.START_OBJECT) {
                        r = readTask(p, ctx, values);
                    } else if (t == JsonToken.VALUE_NULL) {
                        r = null;
                    } else {
                        r = fromInfo((TaskInfo) values.deserializer(TaskInfo.class).deserialize(p, ctx));
                    }
                } catch (Exception e) {
                    // As Jackson's list reading does: the element's index joins the path of any failure.
                    throw JsonMappingException.wrapWithPath(e, rows, i);
                }
                refusal = add(rows, refusal, i, r);
            }
            return new TaskRows(rows, refusal);
        }

        private static ApiException add(List<Task.Builder> rows, ApiException refusal, int i, Reading r) {
            Long taskId = r == null ? null : r.taskId;
            String raw = r == null ? null : r.status;
            TaskStatus status = r == null ? null : TaskStatus.parse(raw);
            ApiException bad = badTask(i, taskId, raw, status);
            if (bad != null || refusal != null) {
                rows.add(null);
                return refusal != null ? refusal : bad;
            }
            rows.add(r.finish(status));
            return null;
        }

        /** A task in the rare forms Jackson read into a record before (not an object). */
        private static Reading fromInfo(TaskInfo info) {
            if (info == null) {
                return null;
            }
            Reading r = new Reading();
            for (Wire w : WIRES.values()) {
                r.put(w, INFO.get(info, w.index()));
            }
            return r;
        }

        private static Reading readTask(JsonParser p, DeserializationContext ctx, Values values) throws IOException {
            Reading r = new Reading();
            long seen = 0;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                Wire w = WIRES.get(name);
                if (w == null) {
                    p.skipChildren(); // unknown fields are ignored, as everywhere in the protocol
                    continue;
                }
                if (seen == ALL_FIELDS) {
                    // Jackson made the record as soon as it had every field; one named again after
                    // that was refused (a quirk kept so that no body is answered differently).
                    throw JsonMappingException.wrapWithPath(InvalidDefinitionException.from((JsonParser) null,
                            "No fallback setter/field defined for creator property '" + name + "' (of `"
                                    + TaskInfo.class.getName() + "`)", ctx.constructType(TaskInfo.class)),
                            TaskInfo.class, name);
                }
                seen |= 1L << w.index();
                Object value;
                try {
                    value = values.read(p, ctx, t, w);
                } catch (Exception e) {
                    throw wrap(e, name);
                }
                r.put(w, value);
            }
            return r;
        }

        /** What Jackson's record reading does with a component's failure: name the field, or let it through. */
        private static IOException wrap(Exception e, String name) throws IOException {
            if (e instanceof IOException io && !(e instanceof JacksonException)) {
                throw io;
            }
            return JsonMappingException.wrapWithPath(e, TaskInfo.class, name);
        }
    }

    /**
     * Reads one value; the forms not handled here go to Jackson's deserializer for the
     * component's type, found once per mapper ({@link Reader#resolve}).
     */
    private static final class Values {
        private final Map<Class<?>, JsonDeserializer<Object>> deserializers;

        Values(Map<Class<?>, JsonDeserializer<Object>> deserializers) {
            this.deserializers = deserializers;
        }

        JsonDeserializer<Object> deserializer(Class<?> type) {
            return deserializers.get(type);
        }

        Object read(JsonParser p, DeserializationContext ctx, JsonToken t, Wire w) throws IOException {
            if (t == JsonToken.VALUE_NULL) {
                return null; // every component is boxed; a null module is no module
            }
            switch (w.kind()) {
                case STRING -> {
                    if (t == JsonToken.VALUE_STRING) {
                        return p.getText();
                    }
                }
                case LONG -> {
                    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        return p.getLongValue();
                    }
                }
                case INTEGER -> {
                    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        return p.getIntValue();
                    }
                }
                case DOUBLE -> {
                    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                        return p.getDoubleValue();
                    }
                }
                default -> {
                    // instants and JSON values: always Jackson's (Json.LenientInstant for instants)
                }
            }
            return deserializer(w.type()).deserialize(p, ctx);
        }
    }
}
