package io.pharos.nf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nextflow.trace.ReportSummary;
import nextflow.trace.TraceRecord;

/**
 * Resource statistics per process for the complete call. Each process's finished tasks go
 * into Nextflow's own {@link ReportSummary}, the class behind its execution report and its
 * Tower client's metrics, so the numbers are Nextflow's to the last rounding: for each series
 * (cpu, mem, vmem, time, reads, writes, cpuUsage, memUsage, timeUsage) the mean, minimum,
 * quartiles by linear interpolation, maximum and the task names at those ranks, or null.
 * (An own implementation in Java differed in the second decimal now and then, where Groovy's
 * mixed decimal and binary arithmetic rounds the other way.)
 */
final class ProcessMetrics {
    private final Map<String, ReportSummary> byProcess = new LinkedHashMap<>();

    /** Records a finished (completed, failed or cached) task under its process's simple name. */
    synchronized void add(TraceRecord r) {
        byProcess.computeIfAbsent(r.getSimpleName(), k -> new ReportSummary()).add(r);
    }

    /** One entry per process, in the order their first task finished. */
    synchronized List<Map<String, Object>> compute() {
        List<Map<String, Object>> out = new ArrayList<>();
        byProcess.forEach((process, summary) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            for (String series : summary.getNames()) {
                entry.put(series, summary.compute(series));
            }
            entry.put("process", process);
            out.add(entry);
        });
        return out;
    }
}
