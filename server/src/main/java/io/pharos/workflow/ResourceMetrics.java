package io.pharos.workflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-process resource summaries computed from stored tasks with Nextflow's own definitions,
 * for runs that end without sending metrics: tasks grouped by the process's simple name,
 * quartiles by linear interpolation at (n-1)*q, values rounded to two decimals, the label of
 * a quartile being the task at its lower index, and a series that is all zero left out.
 */
public final class ResourceMetrics {
    public static final List<String> SERIES =
            List.of("cpu", "mem", "vmem", "time", "reads", "writes", "cpuUsage", "memUsage", "timeUsage");

    /**
     * The tasks whose resources make up the metrics, in the order they ended: ties within a
     * series keep this order, as in Nextflow's aggregator (which sees tasks as their end is
     * detected, so the labels of tied tasks can differ from Nextflow's own; values never do).
     */
    public static final String SAMPLES_SQL = """
            SELECT process, name, pcpu, cpus, peak_rss, peak_vmem, realtime, rchar, wchar, memory, time
            FROM tasks WHERE workflow_id = :id AND status IN ('COMPLETED', 'FAILED', 'CACHED')
            ORDER BY complete, task_id
            """;

    private ResourceMetrics() {
    }

    /** The fields of a task the metrics read. */
    public record Sample(String process, String name, Double pcpu, Integer cpus, Long peakRss, Long peakVmem,
                         Long realtime, Long rchar, Long wchar, Long memory, Long time) {
    }

    /** A process's summaries by series name (null where there is nothing to summarise). */
    public record ProcessMetrics(String process, Map<String, ObjectNode> series) {
    }

    private static final Map<String, Function<Sample, Double>> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("cpu", s -> s.pcpu());
        VALUES.put("mem", s -> toDouble(s.peakRss()));
        VALUES.put("vmem", s -> toDouble(s.peakVmem()));
        VALUES.put("time", s -> toDouble(s.realtime()));
        VALUES.put("reads", s -> toDouble(s.rchar()));
        VALUES.put("writes", s -> toDouble(s.wchar()));
        VALUES.put("cpuUsage", s -> s.pcpu() == null || s.pcpu() == 0
                ? null : s.pcpu() / (s.cpus() == null || s.cpus() == 0 ? 1 : s.cpus()));
        VALUES.put("memUsage", s -> isZero(s.peakRss()) || isZero(s.memory())
                ? null : (double) s.peakRss() / s.memory() * 100);
        VALUES.put("timeUsage", s -> isZero(s.realtime()) || isZero(s.time())
                ? null : (double) s.realtime() / s.time() * 100);
    }

    public static List<ProcessMetrics> compute(List<Sample> samples) {
        Map<String, List<Sample>> byProcess = new LinkedHashMap<>();
        for (Sample s : samples) {
            byProcess.computeIfAbsent(simpleName(s.process()), k -> new ArrayList<>()).add(s);
        }
        List<ProcessMetrics> out = new ArrayList<>();
        byProcess.forEach((process, list) -> {
            Map<String, ObjectNode> series = new LinkedHashMap<>();
            VALUES.forEach((name, fn) -> series.put(name, summarise(list, fn)));
            out.add(new ProcessMetrics(process, series));
        });
        return out;
    }

    static String simpleName(String process) {
        if (process == null) {
            return "";
        }
        int colon = process.lastIndexOf(':');
        return colon < 0 ? process : process.substring(colon + 1);
    }

    private record Point(double value, String label) {
    }

    static ObjectNode summarise(List<Sample> samples, Function<Sample, Double> fn) {
        List<Point> points = new ArrayList<>();
        double total = 0;
        for (Sample s : samples) {
            Double v = fn.apply(s);
            if (v != null) {
                points.add(new Point(v, s.name()));
                total += v;
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        points.sort(Comparator.comparingDouble(Point::value)); // stable: ties keep arrival order
        int n = points.size();
        double min = round(points.get(0).value());
        double max = round(points.get(n - 1).value());
        if (min == 0 && max == 0) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("mean", round(total / n));
        o.put("min", min);
        o.put("q1", round(quantile(points, 25)));
        o.put("q2", round(quantile(points, 50)));
        o.put("q3", round(quantile(points, 75)));
        o.put("max", max);
        o.put("minLabel", points.get(0).label());
        o.put("maxLabel", points.get(n - 1).label());
        o.put("q1Label", points.get(lowerIndex(n, 25)).label());
        o.put("q2Label", points.get(lowerIndex(n, 50)).label());
        o.put("q3Label", points.get(lowerIndex(n, 75)).label());
        return o;
    }

    private static int lowerIndex(int n, int q) {
        return (int) Math.floor((n - 1) * q / 100.0);
    }

    private static double quantile(List<Point> points, int q) {
        double j = (points.size() - 1) * q / 100.0;
        int i = (int) Math.floor(j);
        int k = (int) Math.ceil(j);
        double xi = points.get(i).value();
        return i == k ? xi : xi + (j - i) * (points.get(k).value() - xi);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static Double toDouble(Long v) {
        return v == null ? null : v.doubleValue();
    }

    private static boolean isZero(Long v) {
        return v == null || v == 0;
    }
}
