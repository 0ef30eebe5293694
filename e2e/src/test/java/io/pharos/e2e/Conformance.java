package io.pharos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * nf-pharos sends, call by call, the same JSON fields as Nextflow's own Tower client did in the
 * captured traffic of Nextflow 24.10.0 (nextflow-tower/nf24.10.0-ok of the server's test fixtures).
 */
final class Conformance {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Conformance() {
    }

    record Call(String call, JsonNode body, String authorization) {
    }

    static void assertSameFieldsAsNextflowsClient(List<CapturingProxy.Request> sent, Path fixtureDir) throws IOException {
        List<Call> ours = sent.stream().map(r -> new Call(r.call(), r.body(),
                r.headers().getOrDefault("Authorization", List.of("")).get(0))).toList();
        List<Call> theirs = fixture(fixtureDir);
        assertThat(ours).extracting(Call::call).startsWith("create", "begin").endsWith("complete");
        assertThat(ours).extracting(Call::call).containsOnly("create", "begin", "progress", "complete");

        for (String call : List.of("create", "begin", "progress", "complete")) {
            assertThat(union(ours, call, "")).as("%s body fields", call).isEqualTo(union(theirs, call, ""));
        }
        assertThat(union(ours, "begin", "workflow")).as("begin workflow fields").isEqualTo(union(theirs, "begin", "workflow"));
        assertThat(union(ours, "complete", "workflow")).as("complete workflow fields")
                .isEqualTo(union(theirs, "complete", "workflow"));
        for (String sub : List.of("manifest", "nextflow", "stats", "wave", "fusion")) {
            assertThat(union(ours, "complete", "workflow." + sub)).as("complete workflow.%s fields", sub)
                    .isEqualTo(union(theirs, "complete", "workflow." + sub));
        }
        for (String call : List.of("progress", "complete")) {
            assertThat(union(ours, call, "progress")).as("%s progress fields", call).isEqualTo(union(theirs, call, "progress"));
            assertThat(union(ours, call, "progress.processes[]")).as("%s progress.processes fields", call)
                    .isEqualTo(union(theirs, call, "progress.processes[]"));
        }
        assertThat(union(ours, "progress", "tasks[]")).as("task fields").isEqualTo(union(theirs, "progress", "tasks[]"));
        assertThat(completedTaskFields(ours)).as("fields of a COMPLETED task").isEqualTo(completedTaskFields(theirs));
        assertThat(union(ours, "complete", "metrics[]")).as("metrics fields").isEqualTo(union(theirs, "complete", "metrics[]"));
        assertThat(union(ours, "complete", "metrics[].time")).as("metric statistic fields")
                .isEqualTo(union(theirs, "complete", "metrics[].time"));

        // batching: at most 100 tasks a call, each task once per call
        for (Call c : ours) {
            if (c.call().equals("progress")) {
                List<Long> ids = new ArrayList<>();
                c.body().get("tasks").forEach(t -> ids.add(t.get("taskId").asLong()));
                assertThat(ids.size()).isBetween(1, 100);
                assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
            }
        }
        // a token that is not JWT-shaped goes as Basic "@token:", like Nextflow sends it
        assertThat(ours).allSatisfy(c -> assertThat(c.authorization()).startsWith("Basic "));
    }

    /** Heartbeats carry the same fields as those of Nextflow 25.04.0 in the captured heartbeat run. */
    static void assertHeartbeatsLikeNextflowsClient(List<CapturingProxy.Request> sent, Path fixtureDir) throws IOException {
        List<Call> ours = sent.stream().map(r -> new Call(r.call(), r.body(), "")).toList();
        List<Call> theirs = fixture(fixtureDir);
        assertThat(ours).extracting(Call::call).contains("heartbeat");
        assertThat(union(ours, "heartbeat", "")).as("heartbeat body fields").isEqualTo(union(theirs, "heartbeat", ""));
        assertThat(union(ours, "heartbeat", "progress")).as("heartbeat progress fields")
                .isEqualTo(union(theirs, "heartbeat", "progress"));
        assertThat(union(ours, "heartbeat", "progress.processes[]")).as("heartbeat progress.processes fields")
                .isEqualTo(union(theirs, "heartbeat", "progress.processes[]"));
    }

    private static List<Call> fixture(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("captured Nextflow traffic not found at " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(f -> {
                try {
                    JsonNode n = JSON.readTree(Files.readAllBytes(f));
                    String path = n.get("path").asText().replaceAll("\\?.*", "");
                    return new Call(path.substring(path.lastIndexOf('/') + 1), n.get("body"),
                            n.get("headers").path("Authorization").asText());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** Field names at {@code path} (dot-separated; "x[]" means each item of list x) in every call of a type. */
    static Set<String> union(List<Call> calls, String call, String path) {
        Set<String> out = new TreeSet<>();
        for (Call c : calls) {
            if (c.call().equals(call)) {
                for (JsonNode n : at(c.body(), path)) {
                    n.fieldNames().forEachRemaining(out::add);
                }
            }
        }
        return out;
    }

    private static List<JsonNode> at(JsonNode root, String path) {
        List<JsonNode> nodes = List.of(root);
        if (path.isEmpty()) {
            return nodes;
        }
        for (String part : path.split("\\.")) {
            boolean each = part.endsWith("[]");
            String key = each ? part.substring(0, part.length() - 2) : part;
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                JsonNode child = n.get(key);
                if (child == null || child.isNull()) {
                    continue;
                }
                if (each) {
                    child.forEach(item -> {
                        if (item != null && item.isObject()) {
                            next.add(item);
                        }
                    });
                } else if (child.isObject()) {
                    next.add(child);
                }
            }
            nodes = next;
        }
        return nodes;
    }

    private static Set<String> completedTaskFields(List<Call> calls) {
        Set<String> out = new TreeSet<>();
        for (Call c : calls) {
            if (c.call().equals("progress")) {
                c.body().get("tasks").forEach(t -> {
                    if (t.get("status").asText().equals("COMPLETED")) {
                        t.fieldNames().forEachRemaining(out::add);
                    }
                });
            }
        }
        return out;
    }
}
