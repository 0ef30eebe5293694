package io.pharos.trace;

import java.time.Instant;

/** Workflow metadata ready for the workflows table: JSON-valued fields already serialized. */
public record RunFields(
        String runName, String sessionId, Instant start, Instant complete, String projectDir, String projectName,
        String profile, String homeDir, String workDir, String launchDir, String container, String containerEngine,
        String commitId, String repository, String revision, String scriptId, String scriptFile, String scriptName,
        String userName, String commandLine, String configFiles, String configText, String params, String manifest,
        String nextflow, Boolean resume, Boolean success, Integer exitStatus, String errorMessage, String errorReport,
        Long duration, String stats, String processNames) {
}
