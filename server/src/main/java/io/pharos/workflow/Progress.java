package io.pharos.workflow;

import java.time.Instant;

/**
 * Counters and totals of a run (process = null) or of one of its processes. {@code processCount}
 * is the number of the run's processes (0 on a process's row).
 */
public record Progress(
        String workflowId, String process, long pending, long submitted, long running, long succeeded,
        long cached, long failed, long aborted, long ignored, long retries, long loadCpus, long loadMemory,
        long loadTasks, long peakRunning, long peakCpus, long peakMemory, long cpus, long cpuTime, long cpuLoad,
        long memoryRss, long memoryReq, long readBytes, long writeBytes, long volCtxSwitch, long invCtxSwitch,
        double cost, String executors, long taskCount, long processCount, Instant dateCreated, Instant lastUpdated) {
}
