package io.pharos.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.error.ApiException;
import io.pharos.http.Json;
import io.pharos.support.Fixtures;
import io.pharos.trace.TracePayloads.TaskInfo;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskField;
import io.pharos.workflow.TaskStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskRows} against what it replaced: the body read into {@link TaskInfo} records by
 * Jackson and converted by the old TraceBodies.toTasks, kept here as the reference. Every body
 * must give the same rows, or the same 400 with the same message.
 */
class TraceIngestionTaskRowsTest {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00.123456Z");

    /** The progress body as it was read before. */
    record OldProgress(List<TaskInfo> tasks, TracePayloads.ProgressInfo progress, JsonNode containers, Long instant) {
    }

    /** The old TraceBodies.toTasks, unchanged but for its name. */
    static List<Task> oldToTasks(String workflowId, List<TaskInfo> infos, Instant now) {
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        Map<Long, Task> byId = new LinkedHashMap<>();
        for (int i = 0; i < infos.size(); i++) {
            TaskInfo t = infos.get(i);
            if (t == null || t.taskId() == null || t.taskId() < 0) {
                throw ApiException.badRequest("Invalid value for 'tasks[" + i + "].taskId': a task id (a whole number >= 0) is required");
            }
            TaskStatus status = TaskStatus.parse(t.status());
            if (status == null) {
                throw ApiException.badRequest("Invalid value for 'tasks[" + i + "].status': '" + t.status()
                        + "' is not one of NEW, SUBMITTED, RUNNING, CACHED, COMPLETED, FAILED, ABORTED");
            }
            Integer exit = t.exit() == null || t.exit() == Integer.MAX_VALUE ? null : t.exit();
            Task task = Task.builder().copy(t)
                    .set(TaskField.WORKFLOW_ID, workflowId).set(TaskField.STATUS, status.name())
                    .set(TaskField.STATUS_RANK, status.rank())
                    .set(TaskField.MODULE, t.module() == null || t.module().isNull() ? null : t.module().toString())
                    .set(TaskField.EXIT_STATUS, exit).set(TaskField.DATE_CREATED, now).set(TaskField.LAST_UPDATED, now)
                    .build();
            Task previous = byId.get(task.taskId());
            if (previous == null || task.statusRank() >= previous.statusRank()) {
                byId.put(task.taskId(), task);
            }
        }
        return new ArrayList<>(byId.values());
    }

    private static Object before(String body) {
        try {
            OldProgress p = Json.read(MAPPER, stream(body), OldProgress.class);
            return oldToTasks("w1", p.tasks(), NOW);
        } catch (ApiException e) {
            return e.status() + " " + e.getMessage();
        }
    }

    private static Object after(String body) {
        try {
            TracePayloads.Progress p = Json.read(MAPPER, stream(body), TracePayloads.Progress.class);
            return p.tasks() == null ? List.of() : p.tasks().rows("w1", NOW);
        } catch (ApiException e) {
            return e.status() + " " + e.getMessage();
        }
    }

    private static ByteArrayInputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private static final String OK = "{\"taskId\":1,\"status\":\"COMPLETED\"";

    static Stream<String> bodies() {
        List<String> b = new ArrayList<>();
        // the tasks list itself
        b.addAll(List.of("{}", "{\"tasks\":null}", "{\"tasks\":[]}", "{\"tasks\":{}}", "{\"tasks\":\"x\"}",
                "{\"tasks\":\"\"}", "{\"tasks\":5}", "{\"tasks\":true}", "{\"tasks\":[null]}", "{\"tasks\":[1]}",
                "{\"tasks\":[\"x\"]}", "{\"tasks\":[\"\"]}", "{\"tasks\":[[]]}", "{\"tasks\":[true]}",
                "{\"tasks\":[" + OK + "}, 7]}", "{\"tasks\":[" + OK + "}]} junk", "{\"tasks\":[" + OK + "]}",
                "{\"tasks\":[" + OK + "}", "{\"tasks\":[" + OK + ",}]}", "{\"tasks\":[{]}",
                "{\"tasks\":[" + OK + "}], \"tasks\":[{\"taskId\":2,\"status\":\"NEW\"}]}"));
        // task ids and statuses
        for (String v : List.of("null", "-1", "0", "\"5\"", "\"x\"", "\"\"", "5.7", "5.0", "1e3", "99999999999999999999",
                "9223372036854775807", "true", "{}", "[]", "[5]")) {
            b.add("{\"tasks\":[{\"taskId\":" + v + ",\"status\":\"NEW\"}]}");
        }
        b.add("{\"tasks\":[{\"status\":\"NEW\"}]}");
        for (String v : List.of("null", "\"completed\"", "\"Running\"", "\"DONE\"", "\"\"", "3", "true", "{}", "[]",
                "\"" + "X".repeat(40) + "\"", "\"CACHED\"")) {
            b.add("{\"tasks\":[{\"taskId\":3,\"status\":" + v + "}]}");
        }
        b.add("{\"tasks\":[{\"taskId\":3}]}");
        // which refusal comes first
        b.add("{\"tasks\":[" + OK + "}, {\"taskId\":2,\"status\":\"BAD\"}, {\"taskId\":-3,\"status\":\"NEW\"}]}");
        b.add("{\"tasks\":[" + OK + "}, {\"taskId\":-2,\"status\":\"BAD\"}, {\"taskId\":3,\"status\":\"NEW\"}]}");
        b.add("{\"tasks\":[{\"taskId\":2,\"status\":\"BAD\"}, {\"taskId\":3,\"status\":\"NEW\",\"cpus\":\"x\"}]}");
        b.add("{\"tasks\":[{\"taskId\":2,\"status\":\"BAD\"}], \"progress\":5}");
        b.add("{\"tasks\":[{\"taskId\":2,\"status\":\"BAD\"}], \"progress\":{\"pending\":\"x\"}}");
        b.add("{\"tasks\":[null, {\"taskId\":2,\"status\":\"BAD\"}]}");
        // the latest state of a task within one body wins
        b.add("{\"tasks\":[{\"taskId\":1,\"status\":\"RUNNING\",\"name\":\"a\"}, {\"taskId\":2,\"status\":\"NEW\"},"
                + " {\"taskId\":1,\"status\":\"SUBMITTED\",\"name\":\"b\"}, {\"taskId\":1,\"status\":\"FAILED\",\"name\":\"c\"},"
                + " {\"taskId\":1,\"status\":\"COMPLETED\",\"name\":\"d\"}, {\"taskId\":2,\"status\":\"NEW\",\"name\":\"e\"}]}");
        // values of every type, in every form
        Map<String, List<String>> forms = new LinkedHashMap<>();
        forms.put("hash", List.of("null", "\"ab/cdef\"", "\"" + "h".repeat(100) + "\"", "12", "1.5", "true", "{}", "[]", "\"\""));
        forms.put("name", List.of("\"" + "n".repeat(5000) + "\"", "\"\\u00e9t\\u00e9 \\\"q\\\"\""));
        forms.put("exit", List.of("null", "0", "1", "2147483647", "-1", "2147483648", "\"0\"", "\"\"", "1.5", "true", "{}"));
        forms.put("cpus", List.of("null", "4", "\"4\"", "\"x\"", "4.5", "true", "false", "[]", "\"\"", "3000000000"));
        forms.put("memory", List.of("null", "1073741824", "\"12\"", "1.9", "1e20", "99999999999999999999", "\" \"", "true"));
        forms.put("pcpu", List.of("null", "99.5", "100", "\"5.5\"", "\"x\"", "true", "1e400", "-0.0", "12345678901234567890"));
        forms.put("cost", List.of("0.0001", "0"));
        forms.put("submit", List.of("null", "\"2026-11-24T17:20:05.123Z\"", "\"2026-11-24T17:20Z\"", "\"2026-11-24T17:20:05+02:00\"",
                "1764004805123", "\"\"", "\" \"", "\"garbage\"", "1.5", "true", "{}", "\"2026-02-30T00:00:00Z\""));
        forms.put("complete", List.of("\"2026-11-24T17:20:05.123456789Z\"", "\"+12026-11-24T17:20:05Z\""));
        forms.put("module", List.of("null", "[]", "[\"a/1\",\"b\"]", "\"text\"", "{\"a\":1}", "5", "true"));
        forms.put("workdir", List.of("\"file:///w/ab/cd\"", "\"/w/ab/cd\"", "\"\"", "\"s3://b/w\""));
        forms.put("workflowId", List.of("\"other\"", "{\"x\":[1,2,{}]}"));
        forms.put("statusRank", List.of("0", "\"x\""));
        forms.put("dateCreated", List.of("\"x\""));
        forms.put("unknown", List.of("{\"a\":[1,{\"b\":null}]}", "[[[]]]"));
        forms.put("errorAction", List.of("\"" + "e".repeat(40) + "\""));
        for (var e : forms.entrySet()) {
            for (String v : e.getValue()) {
                b.add("{\"tasks\":[" + OK + "}, " + OK.replace("1", "2") + ",\"" + e.getKey() + "\":" + v + "}]}");
            }
        }
        // the same field twice in one task
        b.add("{\"tasks\":[{\"taskId\":1,\"status\":\"NEW\",\"status\":\"RUNNING\",\"taskId\":2,\"cpus\":1,\"cpus\":null}]}");
        b.add("{\"tasks\":[{\"taskId\":1,\"status\":\"BAD\",\"status\":\"RUNNING\"}]}");
        // every field, then some again (a record reading all its fields before the end of the object)
        try {
            ObjectNode full = MAPPER.createObjectNode();
            for (String name : io.pharos.db.RecordShape.of(TaskInfo.class).names()) {
                full.put(name, 1);
            }
            full.put("status", "NEW").put("hash", "h").put("submit", "2026-11-24T17:20:05Z").putArray("module");
            full.put("pcpu", 1.5);
            String all = MAPPER.writeValueAsString(full);
            b.add("{\"tasks\":[" + all + "]}");
            b.add("{\"tasks\":[" + all.substring(0, all.length() - 1) + ",\"status\":\"RUNNING\",\"cpus\":7,\"name\":\"late\"}]}");
            b.add("{\"tasks\":[" + all.substring(0, all.length() - 1) + ",\"cpus\":\"x\"}]}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return b.stream();
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void reads_every_body_as_before(String body) {
        assertThat(after(body)).isEqualTo(before(body));
    }

    @Test
    void reads_every_captured_progress_body_as_before() {
        int bodies = 0;
        for (String folder : Fixtures.nextflowTowerFolders()) {
            for (Fixtures.Call c : Fixtures.nextflowTower(folder)) {
                if (c.body() != null && c.body().has("tasks")) {
                    String body = c.body().toString();
                    Object before = before(body);
                    assertThat(before).as(folder).isInstanceOf(List.class);
                    assertThat(after(body)).as(folder + " " + c.path()).isEqualTo(before);
                    bodies++;
                }
            }
        }
        assertThat(bodies).isGreaterThan(10);
    }
}
