package io.pharos.trace;

import io.pharos.workflow.ResourceMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL that changes a run: its row's state, its progress (per run and per process) and its
 * metrics. Only {@link RunLifecycle} uses it, inside one transaction that holds the run's row lock.
 */
interface RunStore extends ProgressStore {

    /** The state a change is decided on, read with a row lock so one run's changes apply one at a time. */
    record RunLock(String id, long ownerId, String status, Instant start, Instant complete, boolean traced) {
    }

    @SqlQuery("SELECT id, owner_id, status, start, complete, traced FROM workflows WHERE id = :id FOR UPDATE")
    Optional<RunLock> lock(String id);


    @SqlQuery("SELECT status FROM workflows WHERE id = :id")
    Optional<String> status(String id);

    /** A new run: reported by Nextflow (traced) or launched here (Nextflow announces it later). */
    @SqlUpdate("""
            INSERT INTO workflows (id, owner_id, status, workspace_id, launch_id, submit, date_created, last_updated,
                                   last_contact, run_name, session_id, project_name, repository, work_dir, revision,
                                   traced)
            VALUES (:r.id, :r.ownerId, 'SUBMITTED', :r.workspaceId, :r.launchId, :now, :now, :now, :now, :r.runName,
                    :r.sessionId, :r.projectName, :r.repository, :r.workDir, :r.revision, :r.traced)
            """)
    void insertRun(@BindMethods("r") RunLifecycle.NewRun r, Instant now);

    @SqlUpdate("INSERT INTO workflow_progress (workflow_id, date_created, last_updated) VALUES (:id, :now, :now)")
    void insertProgress(String id, Instant now);

    /** The owner's kept count of runs (V12), in the transaction that inserts the run. */
    @SqlUpdate("UPDATE users SET run_count = run_count + 1 WHERE id = :ownerId")
    void countNewRun(long ownerId);

    /** A launched run (created by Pharos) is announced by Nextflow's create call. */
    @SqlUpdate("""
            UPDATE workflows SET traced = TRUE, run_name = COALESCE(:r.runName, run_name),
                   session_id = COALESCE(:r.sessionId, session_id),
                   project_name = COALESCE(:r.projectName, project_name),
                   repository = COALESCE(:r.repository, repository),
                   workspace_id = COALESCE(:r.workspaceId, workspace_id), last_contact = :now, last_updated = :now
            WHERE id = :id
            """)
    void markTraced(String id, @BindMethods("r") RunLifecycle.NewRun r, Instant now);

    @SqlUpdate("""
            UPDATE workflows SET
                run_name = COALESCE(:w.runName, run_name), session_id = COALESCE(:w.sessionId, session_id),
                start = COALESCE(:w.start, start), complete = COALESCE(:w.complete, complete),
                project_dir = COALESCE(:w.projectDir, project_dir), project_name = COALESCE(:w.projectName, project_name),
                profile = COALESCE(:w.profile, profile), home_dir = COALESCE(:w.homeDir, home_dir),
                work_dir = COALESCE(:w.workDir, work_dir), launch_dir = COALESCE(:w.launchDir, launch_dir),
                container = COALESCE(:w.container, container),
                container_engine = COALESCE(:w.containerEngine, container_engine),
                commit_id = COALESCE(:w.commitId, commit_id), repository = COALESCE(:w.repository, repository),
                revision = COALESCE(:w.revision, revision), script_id = COALESCE(:w.scriptId, script_id),
                script_file = COALESCE(:w.scriptFile, script_file), script_name = COALESCE(:w.scriptName, script_name),
                user_name = COALESCE(:w.userName, user_name), command_line = COALESCE(:w.commandLine, command_line),
                config_files = COALESCE(:w.configFiles, config_files), config_text = COALESCE(:w.configText, config_text),
                params = COALESCE(:w.params, params), manifest = COALESCE(:w.manifest, manifest),
                nextflow = COALESCE(:w.nextflow, nextflow), resume = COALESCE(:w.resume, resume),
                success = COALESCE(:w.success, success), exit_status = COALESCE(:w.exitStatus, exit_status),
                error_message = COALESCE(:w.errorMessage, error_message),
                error_report = COALESCE(:w.errorReport, error_report), duration = COALESCE(:w.duration, duration),
                stats = COALESCE(:w.stats, stats), process_names = COALESCE(:w.processNames, process_names),
                output_dir = COALESCE(:w.outputDir, output_dir), log_file = COALESCE(:w.logFile, log_file),
                out_file = COALESCE(:w.outFile, out_file), operation_id = COALESCE(:w.operationId, operation_id),
                fusion = COALESCE(:w.fusion, fusion), wave = COALESCE(:w.wave, wave),
                preview = COALESCE(:w.preview, preview), stub_run = COALESCE(:w.stubRun, stub_run),
                fail_on_ignore = COALESCE(:w.failOnIgnore, fail_on_ignore),
                status = :status, last_contact = :now, last_updated = :now
            WHERE id = :id
            """)
    void updateRun(String id, @BindMethods("w") RunFields w, String status, Instant now);


    @SqlUpdate("""
            UPDATE workflows SET peak_load_cpus = :peakCpus, peak_load_tasks = :peakTasks,
                   peak_load_memory = :peakMemory
            WHERE id = :id
            """)
    void updatePeaks(String id, long peakCpus, long peakTasks, long peakMemory);

    /** Runs reported as RUNNING that have been silent since {@code cutoff}. */
    @SqlQuery("SELECT id, owner_id, status, start, complete, traced FROM workflows WHERE status = 'RUNNING' AND last_contact < :cutoff")
    List<RunLock> silentSince(Instant cutoff);

    @SqlUpdate("UPDATE workflows SET status = 'UNKNOWN', last_updated = :now WHERE id = :id AND status = 'RUNNING' AND last_contact < :cutoff")
    int markUnknown(String id, Instant cutoff, Instant now);

    @SqlUpdate("""
            UPDATE workflows SET status = 'CANCELLED', last_updated = :now
            WHERE id = :id AND status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
            """)
    int markCancelled(String id, Instant now);

    /** Ends a run that Nextflow did not report the end of; a cancelled run stays cancelled. */
    @SqlUpdate("""
            UPDATE workflows SET status = CASE WHEN status = 'CANCELLED' THEN 'CANCELLED' ELSE :status END,
                   complete = :now, success = (:status = 'SUCCEEDED'), exit_status = COALESCE(exit_status, :exitStatus),
                   error_message = CASE WHEN status = 'CANCELLED' THEN error_message
                                        ELSE COALESCE(error_message, :message) END,
                   last_updated = :now
            WHERE id = :id AND complete IS NULL
            """)
    int endRun(String id, String status, Integer exitStatus, String message, Instant now);

    /** Counters of a progress body; applied only when not older than the last applied body. */
    @SqlUpdate("""
            UPDATE workflow_progress SET pending = :p.pending, submitted = :p.submitted, running = :p.running,
                succeeded = :p.succeeded, cached = :p.cached, failed = :p.failed, aborted = :p.aborted,
                ignored = :p.ignored, retries = :p.retries, load_cpus = :p.loadCpus, load_memory = :p.loadMemory,
                load_tasks = :p.running, peak_running = :p.peakRunning, peak_cpus = :p.peakCpus,
                peak_memory = :p.peakMemory, last_instant = :instant, last_updated = :now
            WHERE workflow_id = :id AND (last_instant IS NULL OR :instant IS NULL OR last_instant <= :instant)
            """)
    int updateRunCounters(String id, @BindMethods("p") TracePayloads.ProgressInfo p, Long instant, Instant now);


    @SqlQuery("SELECT process FROM process_progress WHERE workflow_id = :id")
    List<String> processes(String id);

    @SqlBatch("""
            INSERT INTO process_progress (workflow_id, process, ord, date_created, last_updated)
            VALUES (:id, :process, :ord, :now, :now)
            """)
    void insertProcesses(String id, List<String> process, List<Integer> ord, Instant now);

    @SqlBatch("""
            UPDATE process_progress SET pending = :p.pending, submitted = :p.submitted, running = :p.running,
                succeeded = :p.succeeded, cached = :p.cached, failed = :p.failed, aborted = :p.aborted,
                ignored = :p.ignored, retries = :p.retries, stored = :p.stored,
                terminated = COALESCE(:p.terminated, terminated), load_cpus = :p.loadCpus,
                load_memory = :p.loadMemory, load_tasks = :p.running, peak_running = :p.peakRunning,
                peak_cpus = :p.peakCpus, peak_memory = :p.peakMemory, last_updated = :now
            WHERE workflow_id = :id AND process = :p.name
            """)
    void updateProcessCounters(String id, @BindMethods("p") List<TracePayloads.ProcessInfo> p, Instant now);

    @SqlQuery(ResourceMetrics.SAMPLES_SQL)
    List<ResourceMetrics.Sample> metricSamples(String id);

    @SqlUpdate("DELETE FROM workflow_metrics WHERE workflow_id = :id")
    void deleteMetrics(String id);

    @SqlBatch("""
            INSERT INTO workflow_metrics (workflow_id, process, cpu, mem, vmem, time, reads, writes,
                                          cpu_usage, mem_usage, time_usage)
            VALUES (:id, :m.process, :m.cpu, :m.mem, :m.vmem, :m.time, :m.reads, :m.writes,
                    :m.cpuUsage, :m.memUsage, :m.timeUsage)
            """)
    void insertMetrics(String id, @BindMethods("m") List<MetricsRow> metrics);
}
