package io.pharos.workflow;

/** A stored per-process metrics row; each series is the summary object as JSON text, or null. */
public record Metrics(long id, String process, String cpu, String mem, String vmem, String time, String reads,
                      String writes, String cpuUsage, String memUsage, String timeUsage) {
}
