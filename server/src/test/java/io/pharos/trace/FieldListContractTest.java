package io.pharos.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.db.RecordShape;
import io.pharos.support.Fixtures;
import io.pharos.support.Fixtures.Call;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import io.pharos.workflow.SeqeraViews;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskField;
import io.pharos.workflow.Workflow;
import io.pharos.workflow.WorkflowField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The one list of each entity's fields (workflow/TaskField, workflow/WorkflowField) against
 * everything else that names them: the records, the database's own columns and sizes
 * (information_schema), the task batches' SQL, the JSON of a replayed real run, the sortBy
 * keys, the web UI's task table; and what ingestion stores of strings longer than their columns.
 * Once on H2, once on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FieldListContractTest {
    /** Components of the Workflow record and columns of workflows that GET /api/workflow/{id} does not show. */
    private static final Set<String> WORKFLOW_NOT_SHOWN = Set.of("workspaceId", "lastContact", "processNames",
            "ownerName", "traced");

    TestServer server;
    Http http;
    String alice;
    String run;

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws IOException {
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-fields"));
        http = server.http();
        alice = Http.bearer(server.newUserToken("alice", false));
        run = new Replayer(http, alice).replay(Fixtures.nextflowTower("nf24.10.0-ok"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- tasks ----

    @Test
    void task_fields_are_the_task_records_components_in_order() {
        RecordShape<Task> shape = RecordShape.of(Task.class);
        assertThat(keys(TaskField.values())).isEqualTo(shape.names());
        for (TaskField f : TaskField.values()) {
            assertThat(f.type()).as(f.key()).isEqualTo(shape.type(f.ordinal()));
        }
    }

    @Test
    void each_task_field_reads_its_own_component() {
        Task.Builder b = Task.builder();
        for (TaskField f : TaskField.values()) {
            b.set(f, distinctValue(f));
        }
        Task t = b.build();
        for (TaskField f : TaskField.values()) {
            assertThat(f.get(t)).as(f.key()).isEqualTo(distinctValue(f));
        }
    }

    @Test
    void task_fields_are_the_columns_of_tasks_with_their_sizes() {
        List<Column> columns = columns("tasks");
        assertThat(columns.stream().map(Column::name).toList())
                .isEqualTo(Arrays.stream(TaskField.values()).map(TaskField::column).toList());
        for (TaskField f : TaskField.values()) {
            assertThat(f.size()).as("size of tasks." + f.column()).isEqualTo(columns.get(f.ordinal()).size());
        }
    }

    @Test
    void task_batches_write_the_columns_of_the_field_list() {
        Matcher insert = Pattern.compile("INSERT INTO tasks \\(([^)]*)\\)\\s*VALUES \\(([^)]*)\\)").matcher(TaskBatches.INSERT);
        assertThat(insert.matches()).as(TaskBatches.INSERT).isTrue();
        List<TaskField> inserted = Arrays.stream(TaskField.values()).filter(f -> f.write() != TaskField.Write.GENERATED)
                .toList();
        assertThat(List.of(insert.group(1).split(",\\s*"))).isEqualTo(inserted.stream().map(TaskField::column).toList());
        assertThat(insert.group(2).split(",\\s*")).hasSize(inserted.size()).containsOnly("?");

        Matcher update = Pattern.compile("UPDATE tasks SET (.*)\\s+WHERE (.*)", Pattern.DOTALL).matcher(TaskBatches.UPDATE);
        assertThat(update.matches()).as(TaskBatches.UPDATE).isTrue();
        Map<String, String> sets = new LinkedHashMap<>();
        for (String assignment : update.group(1).split(",\\s*(?![^()]*\\))")) {
            String[] kv = assignment.trim().split(" = ", 2);
            sets.put(kv[0], kv[1]);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (TaskField f : TaskField.values()) {
            switch (f.write()) {
                case SET -> expected.put(f.column(), "?");
                case COALESCE -> expected.put(f.column(), "COALESCE(?, " + f.column() + ")");
                default -> { }
            }
        }
        assertThat(sets).containsExactlyEntriesOf(expected);
        assertThat(update.group(2).trim()).isEqualTo(String.join(" AND ",
                TaskField.written(TaskField.Write.KEY).stream().map(f -> f.column() + " = ?").toList()));
    }

    @Test
    void task_json_has_the_api_fields_in_order_then_exit() {
        List<String> expected = new ArrayList<>(keys(TaskField.API.toArray(TaskField[]::new)));
        expected.add(TaskField.EXIT);
        assertThat(new HashSet<>(TaskField.API)).hasSameSizeAs(TaskField.API);
        assertThat(fieldNames(get("/api/workflow/" + run + "/tasks/1").get("task"))).isEqualTo(expected);
        for (JsonNode item : get("/api/workflow/" + run + "/tasks").get("tasks")) {
            assertThat(fieldNames(item.get("task"))).isEqualTo(expected);
        }
    }

    @Test
    void seqera_task_json_has_the_api_fields_in_order_then_cpu_model_and_exit() {
        List<String> expected = new ArrayList<>(keys(TaskField.API.toArray(TaskField[]::new)));
        expected.add(TaskField.CPU_MODEL.key());
        expected.add(TaskField.EXIT);
        JsonNode one = get("/api/workflow/" + run + "/task/1?workspaceId=").get("task");
        assertThat(fieldNames(one)).isEqualTo(expected);
        assertThat(one.get(TaskField.EXIT).isInt()).as("exit is a number here").isTrue();
        for (JsonNode item : get("/api/workflow/" + run + "/tasks?workspaceId=").get("tasks")) {
            assertThat(fieldNames(item.get("task"))).isEqualTo(expected);
        }
    }

    @Test
    void every_sort_key_sorts_and_a_bad_one_is_named_with_all_of_them() {
        for (Map.Entry<String, TaskField> e : TaskField.sortKeys().entrySet()) {
            assertThat(TaskField.API).as(e.getKey()).contains(e.getValue());
            for (String key : List.of(e.getKey(), e.getKey().toLowerCase(Locale.ROOT))) {
                Http.Response r = http.get("/api/workflow/" + run + "/tasks?sortBy=" + key + "&sortDir=desc", alice);
                assertThat(r.status()).as(key + ": " + r.body()).isEqualTo(200);
            }
        }
        Http.Response bad = http.get("/api/workflow/" + run + "/tasks?sortBy=script", alice);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText())
                .isEqualTo("Invalid sortBy 'script': use one of " + String.join(", ", TaskField.sortKeys().keySet()));
    }

    @Test
    void web_ui_task_table_sorts_by_sort_keys_and_names_api_keys() throws IOException {
        String js;
        try (InputStream in = getClass().getResourceAsStream("/web/runtasks.js")) {
            js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String table = js.substring(js.indexOf("const TASK_COLS = ["), js.indexOf("];", js.indexOf("const TASK_COLS = [")));
        List<String> columns = all(Pattern.compile("key: '(\\w+)'"), table);
        assertThat(columns).isNotEmpty();
        Set<String> apiKeys = new HashSet<>(keys(TaskField.API.toArray(TaskField[]::new)));
        apiKeys.add(TaskField.EXIT);
        assertThat(TaskField.sortKeys().keySet()).containsAll(columns);
        assertThat(apiKeys).containsAll(columns);
        for (String list : List.of("BYTE_FIELDS", "MS_FIELDS", "TIME_FIELDS")) {
            Matcher m = Pattern.compile("const " + list + " = \\[([^\\]]*)\\]").matcher(js);
            assertThat(m.find()).as(list).isTrue();
            assertThat(apiKeys).as(list).containsAll(all(Pattern.compile("'(\\w+)'"), m.group(1)));
        }
    }

    // ---- workflows ----

    @Test
    void workflow_fields_are_the_records_components_and_the_columns_of_workflows_with_their_sizes() {
        List<String> components = new ArrayList<>(RecordShape.of(Workflow.class).names());
        components.remove("ownerName"); // joined from users
        assertThat(keys(WorkflowField.values()).stream().filter(k -> !k.equals("traced")).toList()).isEqualTo(components);

        List<Column> columns = columns("workflows");
        assertThat(columns.stream().map(Column::name).toList())
                .isEqualTo(Arrays.stream(WorkflowField.values()).map(WorkflowField::column).toList());
        for (WorkflowField f : WorkflowField.values()) {
            assertThat(f.size()).as("size of workflows." + f.column()).isEqualTo(columns.get(f.ordinal()).size());
        }
    }

    @Test
    void run_fields_are_workflow_fields_that_nextflow_sends_by_the_same_name() {
        List<String> sent = RecordShape.of(TracePayloads.WorkflowInfo.class).names();
        for (String name : RecordShape.of(RunFields.class).names()) {
            assertThat(WorkflowField.byKey(name)).as(name).isNotNull();
            if (!name.equals(WorkflowField.PROCESS_NAMES.key())) {
                assertThat(sent).as(name).contains(name);
            }
        }
    }

    @Test
    void workflow_json_shows_the_workflow_fields() {
        Set<String> expected = new HashSet<>(keys(WorkflowField.values()));
        expected.removeAll(WORKFLOW_NOT_SHOWN);
        // The seed's shape has exactly the seed's keys; the Seqera shape shows every field.
        Set<String> seedKeys = new HashSet<>(expected);
        seedKeys.removeAll(keys(WorkflowField.SEQERA_ONLY.toArray(WorkflowField[]::new)));
        assertThat(new HashSet<>(fieldNames(get("/api/workflow/" + run).get("workflow")))).isEqualTo(seedKeys);
        assertThat(new HashSet<>(fieldNames(get("/api/workflow/" + run + "?workspaceId=").get("workflow"))))
                .isEqualTo(expected);
        // A list's run is the spec's WorkflowDbDto, without the fields only its describe has a place for.
        Set<String> listed = new HashSet<>(expected);
        listed.removeAll(SeqeraViews.DESCRIBE_ONLY);
        for (JsonNode item : get("/api/workflows?workspaceId=").get("workflows")) {
            assertThat(new HashSet<>(fieldNames(item.get("workflow")))).isEqualTo(listed);
        }
    }

    // ---- sizes ----

    @Test
    void the_other_clipped_columns_have_the_sizes_ingestion_clips_to() {
        assertThat(column("process_progress", "process").size()).isEqualTo(Text.PROCESS);
        assertThat(column("workflow_metrics", "process").size()).isEqualTo(Text.PROCESS);
        assertThat(column("workflow_progress", "executors").size()).isEqualTo(Text.EXECUTORS);
    }

    @Test
    void strings_longer_than_their_columns_are_stored_cut_to_the_column() {
        List<Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        Call create = calls.stream().filter(c -> c.is("create")).findFirst().orElseThrow();
        Call begin = calls.stream().filter(c -> c.is("begin")).findFirst().orElseThrow();
        Call progress = calls.stream().filter(c -> c.is("progress") && c.body().path("tasks").size() > 0)
                .findFirst().orElseThrow();
        ObjectNode createBody = create.body().deepCopy();
        for (String k : List.of("sessionId", "projectName", "repository", "runName")) {
            createBody.put(k, "c".repeat(5000));
        }
        ObjectNode beginBody = begin.body().deepCopy();
        lengthen((ObjectNode) beginBody.get("workflow"), TracePayloads.WorkflowInfo.class, Set.of("id"));
        ObjectNode progressBody = progress.body().deepCopy();
        progressBody.withArray("tasks").forEach(t -> lengthen((ObjectNode) t, TracePayloads.TaskInfo.class,
                Set.of("status")));
        String id = new Replayer(http, alice).replay(List.of(new Call(create.method(), create.path(), createBody),
                new Call(begin.method(), begin.path(), beginBody),
                new Call(progress.method(), progress.path(), progressBody)));

        var jdbi = server.app().db().jdbi();
        List<Task> tasks = jdbi.withHandle(h -> h.createQuery("SELECT * FROM tasks WHERE workflow_id = :id")
                .bind("id", id).mapTo(Task.class).list());
        assertThat(tasks).hasSize(progressBody.get("tasks").size());
        for (Task t : tasks) {
            for (TaskField f : TaskField.values()) {
                if (f.size() > 0 && f != TaskField.WORKFLOW_ID && f != TaskField.STATUS) {
                    assertThat((String) f.get(t)).as("tasks." + f.column()).hasSize(f.size());
                }
            }
        }
        Workflow w = jdbi.withHandle(h -> h.createQuery("SELECT w.*, u.name AS owner_name FROM workflows w"
                + " JOIN users u ON u.id = w.owner_id WHERE w.id = :id").bind("id", id).mapTo(Workflow.class).one());
        RecordShape<Workflow> shape = RecordShape.of(Workflow.class);
        for (String name : RecordShape.of(RunFields.class).names()) {
            WorkflowField f = WorkflowField.byKey(name);
            if (f.size() > 0) {
                assertThat((String) shape.get(w, shape.index(name))).as("workflows." + f.column()).hasSize(f.size());
            }
        }
        List<String> processes = jdbi.withHandle(h -> h.createQuery(
                "SELECT process FROM process_progress WHERE workflow_id = :id").bind("id", id).mapTo(String.class).list());
        assertThat(processes).isNotEmpty().allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(Text.PROCESS));
    }

    // ---- helpers ----

    private record Column(String name, int size) {
    }

    /** A table's columns in order, with the size of each VARCHAR (0 for any other type). */
    private List<Column> columns(String table) {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("""
                        SELECT column_name, data_type, character_maximum_length FROM information_schema.columns
                        WHERE LOWER(table_name) = :t AND LOWER(table_schema) = 'public' ORDER BY ordinal_position
                        """)
                .bind("t", table)
                .map((rs, ctx) -> new Column(rs.getString(1).toLowerCase(Locale.ROOT),
                        rs.getString(2).equalsIgnoreCase("character varying") ? rs.getInt(3) : 0))
                .list());
    }

    private Column column(String table, String name) {
        return columns(table).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private JsonNode get(String path) {
        Http.Response r = http.get(path, alice);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    /** Every string component of {@code type} (but {@code keep}) set to 5000 characters. */
    private static void lengthen(ObjectNode body, Class<? extends Record> type, Set<String> keep) {
        RecordShape<?> shape = RecordShape.of(type);
        for (int i = 0; i < shape.size(); i++) {
            String name = shape.names().get(i);
            if (shape.type(i) == String.class && !keep.contains(name)) {
                body.put(name, name.charAt(0) + "x".repeat(4999));
            }
        }
    }

    private static Object distinctValue(TaskField f) {
        int n = f.ordinal() + 1;
        Class<?> t = RecordShape.box(f.type());
        if (t == String.class) {
            return f.key();
        } else if (t == Integer.class) {
            return n;
        } else if (t == Long.class) {
            return (long) n;
        } else if (t == Double.class) {
            return n + 0.5;
        } else if (t == Instant.class) {
            return Instant.ofEpochSecond(n);
        }
        throw new IllegalStateException("no test value for " + t);
    }

    private static List<String> keys(TaskField[] fields) {
        return Arrays.stream(fields).map(TaskField::key).toList();
    }

    private static List<String> keys(WorkflowField[] fields) {
        return Arrays.stream(fields).map(WorkflowField::key).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> all(Pattern p, String text) {
        return p.matcher(text).results().map(r -> r.group(1)).toList();
    }
}
