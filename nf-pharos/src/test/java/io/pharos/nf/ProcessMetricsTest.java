package io.pharos.nf;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.json.JsonSlurper;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nextflow.trace.TraceRecord;
import org.junit.jupiter.api.Test;

/**
 * The metrics of the complete call, from the task records of a real Nextflow 24.10.0 run,
 * equal those its own Tower client sent for that run: the captured traffic in
 * server/src/test/resources/fixtures/nextflow-tower/nf24.10.0-ok, which nf-pharos/pom.xml puts on
 * this module's test classpath.
 */
class ProcessMetricsTest {
    private static final String FIXTURE = "/fixtures/nextflow-tower/nf24.10.0-ok";
    /** trace field names of the task JSON fields the statistics read */
    private static final Map<String, String> FIELDS = Map.of("name", "name", "process", "process", "pcpu", "%cpu",
            "peakRss", "peak_rss", "peakVmem", "peak_vmem", "realtime", "realtime", "rchar", "rchar", "wchar", "wchar",
            "cpus", "cpus", "memory", "memory");

    @Test
    @SuppressWarnings("unchecked")
    void metrics_equal_those_nextflows_client_sent_for_the_same_tasks() throws Exception {
        Map<Object, Map<String, Object>> finished = new LinkedHashMap<>();
        Object expected = null;
        URL dir = ProcessMetricsTest.class.getResource(FIXTURE);
        assertThat(dir).as(FIXTURE + " on the test classpath").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : files.sorted().toList()) {
                Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) new JsonSlurper().parse(f.toFile())).get("body");
                if (f.getFileName().toString().contains("progress")) {
                    for (Map<String, Object> t : (List<Map<String, Object>>) body.get("tasks")) {
                        if ("COMPLETED".equals(t.get("status"))) {
                            finished.put(t.get("taskId"), t);
                        }
                    }
                } else if (f.getFileName().toString().contains("complete")) {
                    expected = body.get("metrics");
                }
            }
        }
        assertThat(finished).hasSize(9);
        ProcessMetrics metrics = new ProcessMetrics();
        finished.values().stream()
                // equal values keep the order tasks were added in: in that run, the order of their ids
                .sorted((a, b) -> Long.compare(((Number) a.get("taskId")).longValue(), ((Number) b.get("taskId")).longValue()))
                .forEach(t -> {
                    TraceRecord r = new TraceRecord();
                    FIELDS.forEach((json, trace) -> {
                        if (t.get(json) != null) {
                            r.put(trace, t.get(json));
                        }
                    });
                    if (t.get("time") != null) {
                        r.put("time", t.get("time"));
                    }
                    metrics.add(r);
                });
        Object ours = new JsonSlurper().parseText(JsonValues.toJson(JsonValues.plain(metrics.compute(), "metrics")));
        assertThat(normalised(ours)).isEqualTo(normalised(expected));
    }

    @Test
    void processes_are_listed_in_the_order_their_first_task_finished_under_their_simple_name() {
        ProcessMetrics m = new ProcessMetrics();
        m.add(task("wf:B", "B (1)", 10));
        m.add(task("A", "A (1)", 20));
        m.add(task("wf:B", "B (2)", 30));
        List<Map<String, Object>> out = m.compute();
        assertThat(out).extracting(e -> e.get("process")).containsExactly("B", "A");
        assertThat(out.get(0).keySet()).containsExactlyInAnyOrder("cpu", "mem", "vmem", "time", "reads", "writes",
                "cpuUsage", "memUsage", "timeUsage", "process");
        @SuppressWarnings("unchecked")
        Map<String, Object> time = (Map<String, Object>) out.get(0).get("time");
        assertThat(new BigDecimal(time.get("mean").toString())).isEqualByComparingTo("20");
        assertThat(time.get("minLabel")).isEqualTo("B (1)");
        assertThat(time.get("maxLabel")).isEqualTo("B (2)");
        assertThat(out.get(0).get("cpu")).isNull();
    }

    private static TraceRecord task(String process, String name, long realtime) {
        TraceRecord r = new TraceRecord();
        r.put("process", process);
        r.put("name", name);
        r.put("realtime", realtime);
        return r;
    }

    /** Numbers compared by value (1 and 1.0 alike), maps by content regardless of order. */
    @SuppressWarnings("unchecked")
    private static Object normalised(Object o) {
        if (o instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalised(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>();
            l.forEach(v -> out.add(normalised(v)));
            out.sort((a, b) -> String.valueOf(((Map<String, Object>) a).get("process"))
                    .compareTo(String.valueOf(((Map<String, Object>) b).get("process"))));
            return out;
        }
        return o;
    }

}
