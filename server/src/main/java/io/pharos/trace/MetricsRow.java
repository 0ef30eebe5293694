package io.pharos.trace;

/** One process's resource metrics; each statistic is the seed's summary object as JSON text, or null. */
public record MetricsRow(String process, String cpu, String mem, String vmem, String time, String reads,
                         String writes, String cpuUsage, String memUsage, String timeUsage) {
}
