package io.pharos.trace;

import io.pharos.workflow.ResourceMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One process's resource metrics; each statistic is the seed's summary object as JSON text, or null. */
public record MetricsRow(String process, String cpu, String mem, String vmem, String time, String reads,
                         String writes, String cpuUsage, String memUsage, String timeUsage) {

    /** Metrics for a run that ended without sending them, from its stored tasks' samples. */
    static List<MetricsRow> computed(List<ResourceMetrics.Sample> samples) {
        List<MetricsRow> rows = new ArrayList<>();
        for (ResourceMetrics.ProcessMetrics pm : ResourceMetrics.compute(samples)) {
            Map<String, String> s = new HashMap<>();
            pm.series().forEach((k, v) -> s.put(k, v == null ? null : v.toString()));
            rows.add(new MetricsRow(Text.clip(pm.process(), Text.PROCESS), s.get("cpu"), s.get("mem"), s.get("vmem"),
                    s.get("time"), s.get("reads"), s.get("writes"), s.get("cpuUsage"), s.get("memUsage"),
                    s.get("timeUsage")));
        }
        return rows;
    }
}
