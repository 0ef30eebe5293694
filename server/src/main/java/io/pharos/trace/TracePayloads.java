package io.pharos.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The JSON bodies of the Tower trace protocol, as Nextflow's client sends them. */
public final class TracePayloads {
    private TracePayloads() {
    }

    public record Create(String sessionId, String runName, String projectName, String repository,
                         String workflowId, Long instant) {
    }

    public record Begin(WorkflowInfo workflow, List<String> processNames, Boolean towerLaunch, Long instant) {
    }

    /** {@code tasks} is read straight into rows by {@link TaskRows}. */
    public record Progress(TaskRows tasks, ProgressInfo progress, JsonNode containers, Long instant) {
    }

    public record Heartbeat(ProgressInfo progress, Long instant) {
    }

    public record Complete(WorkflowInfo workflow, List<JsonNode> metrics, ProgressInfo progress, Long instant) {
    }

    /** Nextflow's workflow metadata, sent on begin and (with stats) on complete. */
    public record WorkflowInfo(
            String id, String runName, String sessionId, Instant start, Instant complete,
            String projectDir, String projectName, String profile, String homeDir, String workDir,
            String launchDir, String container, String containerEngine, String commitId, String repository,
            String revision, String scriptId, String scriptFile, String scriptName, String userName,
            String commandLine, JsonNode configFiles, String configText, JsonNode params, JsonNode manifest,
            JsonNode nextflow, Boolean resume, Boolean success, Integer exitStatus, String errorMessage,
            String errorReport, Long duration, JsonNode stats, String outputDir, String logFile, String outFile,
            String operationId, JsonNode fusion, JsonNode wave, Boolean preview, Boolean stubRun,
            Boolean failOnIgnore) {
    }

    /**
     * A task's trace record; numbers are boxed because Nextflow sends null until they are known.
     * The declaration of a task's wire fields and their types: {@link TaskRows} reads them.
     */
    public record TaskInfo(
            Long taskId, String status, String hash, String name, Integer exit,
            Instant submit, Instant start, Instant complete, String process, String tag, JsonNode module,
            String container, Integer attempt, String script, String scratch, String workdir, String queue,
            Integer cpus, Long memory, Long disk, Long time, String env, String errorAction,
            Long duration, Long realtime, String nativeId, Double pcpu, Double pmem, Long rss, Long vmem,
            Long peakRss, Long peakVmem, Long rchar, Long wchar, Long syscr, Long syscw,
            Long readBytes, Long writeBytes, Long volCtxt, Long invCtxt, String executor,
            String cloudZone, String machineType, String priceModel, Double cost, String cpuModel) {
    }

    /** Counters of a whole run. */
    public record ProgressInfo(
            long pending, long submitted, long running, long succeeded, long cached, long failed,
            long ignored, long aborted, long retries, long loadCpus, long loadMemory,
            long peakRunning, long peakCpus, long peakMemory, List<ProcessInfo> processes) {
    }

    /** Counters of one process. */
    public record ProcessInfo(
            Integer index, String name, long pending, long submitted, long running, long succeeded,
            long cached, long failed, long aborted, long stored, long ignored, long retries,
            Boolean terminated, long loadCpus, long loadMemory, long peakRunning, long peakCpus,
            long peakMemory) {
    }
}
