package io.pharos.workflow;

import java.time.Instant;

/** One task of a run: a row of the tasks table, every field of the seed's task object. */
public record Task(
        Long id, String workflowId, long taskId, String status, int statusRank,
        String hash, String name, String process, String tag, String module, String container,
        Integer attempt, String script, String scratch, String workdir, String queue,
        Integer cpus, Long memory, Long disk, Long time, String env, String errorAction, Integer exitStatus,
        Instant submit, Instant start, Instant complete, Long duration, Long realtime, String nativeId,
        Double pcpu, Double pmem, Long rss, Long vmem, Long peakRss, Long peakVmem,
        Long rchar, Long wchar, Long syscr, Long syscw, Long readBytes, Long writeBytes,
        Long volCtxt, Long invCtxt, String executor, String cloudZone, String machineType,
        String priceModel, Double cost, String cpuModel, Instant dateCreated, Instant lastUpdated) {
}
