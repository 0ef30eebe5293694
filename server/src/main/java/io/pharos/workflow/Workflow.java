package io.pharos.workflow;

import java.time.Instant;

/** One run: a row of the workflows table. JSON-valued fields are JSON text. */
public record Workflow(
        String id, long ownerId, String ownerName, String status, String workspaceId, String launchId,
        Instant submit, Instant start, Instant complete, Instant dateCreated, Instant lastUpdated, Instant lastContact,
        String runName, String sessionId, String profile, String workDir, String commitId, String userName,
        String scriptId, String revision, String commandLine, String projectName, String scriptName,
        String configFiles, String params, String configText, String manifest, String nextflow, String stats,
        String errorMessage, String errorReport, Boolean deleted, Long peakLoadCpus, Long peakLoadTasks,
        Long peakLoadMemory, String projectDir, String homeDir, String container, String repository,
        String containerEngine, String scriptFile, String launchDir, Long duration, Integer exitStatus,
        Boolean resume, Boolean success, String processNames, String outputDir, String logFile, String outFile,
        String operationId, String fusion, String wave, Boolean preview, Boolean stubRun, Boolean failOnIgnore) {

    public boolean ended() {
        return WorkflowStatus.valueOf(status).ended();
    }

    /** Ended and completed: the run can no longer change ({@link WorkflowStatus#fixed}). */
    public boolean fixed() {
        return WorkflowStatus.fixed(status, complete != null);
    }
}
