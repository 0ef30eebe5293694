package io.pharos.launch;

import java.nio.file.Path;
import java.time.Instant;

/** A row of launches: what was asked for, and the state of its head job. */
public record Launch(
        String id, long ownerId, String workflowId, String computeEnvId, String pipeline, String workDir,
        String revision, String sessionId, String configProfiles, String configText, String paramsText,
        String preRunScript, String postRunScript, String mainScript, String entryName, boolean resume,
        boolean pullLatest, String resumeDir, String resumeCommitId, Instant dateCreated, String environment,
        String state, String runDir, Long tokenId, Long pid, Instant pidStarted, Integer exitCode, Instant started,
        Instant ended, String message, String runName) {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String ENDED = "ENDED";

    /** The head job's console in the run folder; null before the run has a folder. */
    public Path consoleFile() {
        return runDir == null ? null : Path.of(runDir).resolve(HeadJobs.CONSOLE);
    }

    /** Nextflow's own log in the run folder; null before the run has a folder. */
    public Path nextflowLogFile() {
        return runDir == null ? null : Path.of(runDir).resolve(".nextflow.log");
    }
}
