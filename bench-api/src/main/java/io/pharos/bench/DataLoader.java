package io.pharos.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.workflow.ResourceMetrics;
import io.pharos.workflow.RunSearchIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a data set straight into the tables with COPY, as ingestion would have left it after
 * every run completed: tasks, the per-run and per-process read model (counters, totals and
 * task_count), and the metrics computed from the tasks with the server's own code.
 * Deterministic for a given seed.
 */
final class DataLoader {
    /** A process of the simulated pipeline with its requested resources and typical run time. */
    private record Proc(String name, int cpus, long memoryGb, long timeHours, long meanSeconds, String container,
                        String script) {
    }

    private static final List<Proc> PROCS = List.of(
            new Proc("NFCORE_RNASEQ:RNASEQ:FASTQC", 2, 4, 2, 180, "quay.io/biocontainers/fastqc:0.12.1--hdfd78af_0",
                    "fastqc --quiet --threads 2 %s_1.fastq.gz %s_2.fastq.gz"),
            new Proc("NFCORE_RNASEQ:RNASEQ:TRIMGALORE", 4, 8, 4, 600, "quay.io/biocontainers/trim-galore:0.6.7--hdfd78af_0",
                    "trim_galore --cores 4 --paired --gzip %s_1.fastq.gz %s_2.fastq.gz"),
            new Proc("NFCORE_RNASEQ:RNASEQ:ALIGN_STAR", 8, 32, 8, 2100, "quay.io/biocontainers/star:2.7.10a--h9ee0642_0",
                    "STAR --genomeDir star --readFilesIn %s_1.trimmed.fq.gz %s_2.trimmed.fq.gz --runThreadN 8 \\\n"
                            + "    --outSAMtype BAM SortedByCoordinate --readFilesCommand zcat"),
            new Proc("NFCORE_RNASEQ:RNASEQ:SALMON_QUANT", 4, 16, 4, 720, "quay.io/biocontainers/salmon:1.10.1--h7e5ed60_0",
                    "salmon quant --libType=A -i salmon -1 %s_1.trimmed.fq.gz -2 %s_2.trimmed.fq.gz -p 4 -o %s"),
            new Proc("NFCORE_RNASEQ:RNASEQ:PICARD_MARKDUPLICATES", 2, 8, 4, 480,
                    "quay.io/biocontainers/picard:3.0.0--hdfd78af_1",
                    "picard -Xmx6g MarkDuplicates --INPUT %s.sorted.bam --OUTPUT %s.markdup.sorted.bam"),
            new Proc("NFCORE_RNASEQ:RNASEQ:MULTIQC", 1, 4, 1, 300, "quay.io/biocontainers/multiqc:1.19--pyhdfd78af_0",
                    "multiqc -f --title %s ."));
    private static final int PER_SAMPLE = PROCS.size() - 1;

    private static final String[] ADJECTIVES = {"naughty", "friendly", "sleepy", "serene", "modest", "jolly",
            "gigantic", "tender", "astonishing", "hopeful", "stoic", "zen", "brave", "focused", "elegant"};
    private static final String[] NAMES = {"booth", "curie", "turing", "hopper", "darwin", "franklin", "mendel",
            "pasteur", "lovelace", "noether", "bohr", "sanger", "mcclintock", "crick", "goodall"};

    static final String TASK_COLUMNS = "workflow_id, task_id, status, status_rank, hash, name, process, tag, module, "
            + "container, attempt, script, scratch, workdir, queue, cpus, memory, disk, time, env, error_action, "
            + "exit_status, submit, start, complete, duration, realtime, native_id, pcpu, pmem, rss, vmem, peak_rss, "
            + "peak_vmem, rchar, wchar, syscr, syscw, read_bytes, write_bytes, vol_ctxt, inv_ctxt, executor, "
            + "cloud_zone, machine_type, price_model, cost, cpu_model, date_created, last_updated";

    /** One planned run. */
    record Run(int index, String id, long ownerId, String runName, int taskCount, boolean failed, Instant submit,
               Instant start) {
    }

    /** Counters and totals of a run or process, accumulated like {@code io.pharos.trace.Totals}. */
    private static final class Acc {
        long succeeded;
        long cached;
        long failed;
        long cpus;
        long cpuTime;
        long cpuLoad;
        long memoryRss;
        long memoryReq;
        long readBytes;
        long writeBytes;
        long vol;
        long inv;
        long succeedDuration;
        long failedDuration;
        long cachedDuration;

        void add(String status, int c, long realtime, double pcpu, long peakRss, long memory, long rchar, long wchar,
                 long volCtxt, long invCtxt) {
            switch (status) {
                case "COMPLETED" -> {
                    succeeded++;
                    succeedDuration += c * realtime;
                }
                case "FAILED" -> {
                    failed++;
                    failedDuration += c * realtime;
                }
                default -> {
                    cached++;
                    cachedDuration += c * realtime;
                }
            }
            if (status.equals("CACHED")) {
                return; // cached tasks did not run in this run: not in the resource totals
            }
            cpus += c;
            cpuTime += c * realtime;
            cpuLoad += Math.round(pcpu / 100.0 * realtime);
            memoryRss += peakRss;
            memoryReq += memory;
            readBytes += rchar;
            writeBytes += wchar;
            vol += volCtxt;
            inv += invCtxt;
        }
    }

    /** What a run's tasks add up to, written to the read model once its tasks are in. */
    private record Summary(Run run, Acc total, Map<String, Acc> byProcess, List<ResourceMetrics.ProcessMetrics> metrics,
                           Instant complete) {
    }

    private record Timed(Instant complete, long taskId, ResourceMetrics.Sample sample) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Random rnd;
    private final List<Run> runs = new ArrayList<>();

    DataLoader(long seed) {
        this.rnd = new Random(seed);
    }

    List<Run> runs() {
        return runs;
    }

    /**
     * Plans {@code runCount} runs with {@code totalTasks} tasks in all, the first with
     * {@code bigRun} of them; every tenth run belongs to the admin, the others to the user.
     */
    void plan(int runCount, long totalTasks, int bigRun, long userId, long adminId, Instant now) {
        double[] weights = new double[runCount];
        double sum = 0;
        for (int i = 1; i < runCount; i++) {
            weights[i] = Math.exp(rnd.nextGaussian() * 0.8); // log-normal: many mid-sized runs, a few large
            sum += weights[i];
        }
        long rest = totalTasks - bigRun;
        long assigned = 0;
        for (int i = 0; i < runCount; i++) {
            int n;
            if (i == 0) {
                n = bigRun;
            } else if (i == runCount - 1) {
                n = (int) (rest - assigned);
            } else {
                n = (int) Math.max(PER_SAMPLE + 1, Math.round(rest * weights[i] / sum));
                assigned += n;
            }
            // Newest last: the big run is the oldest of the set, the list's first page the newest.
            Instant submit = now.minus(Duration.ofHours((long) (runCount - i) * 20 + 48));
            Instant start = submit.plusSeconds(20 + rnd.nextInt(40));
            String name = ADJECTIVES[rnd.nextInt(ADJECTIVES.length)] + "_" + NAMES[rnd.nextInt(NAMES.length)];
            runs.add(new Run(i, runId(), i % 10 == 9 ? adminId : userId, name, n, i % 8 == 3, submit, start));
        }
    }

    private String runId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder b = new StringBuilder(14);
        for (int i = 0; i < 14; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Loads everything planned; returns the number of task rows written. */
    long load(Connection c, java.util.function.Consumer<String> log) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        writeRuns(copy);
        List<Summary> summaries = new ArrayList<>();
        long rows = 0;
        try (CopyWriter w = new CopyWriter(copy, "tasks", TASK_COLUMNS)) {
            for (Run r : runs) {
                summaries.add(writeTasks(w, r));
                if (r.index() % 10 == 0) {
                    log.accept("  tasks: run " + r.index() + "/" + runs.size() + ", " + w.rows() + " rows so far");
                }
            }
            rows = w.rows();
        }
        writeReadModel(copy, c, summaries);
        recountRuns(c);
        c.commit();
        c.setAutoCommit(true);
        return rows;
    }

    /** The owners' kept run counts (V12), as the server's own inserts would have kept them. */
    static void recountRuns(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE users SET run_count = (SELECT COUNT(*) FROM workflows w WHERE w.owner_id = users.id)");
        }
    }

    private void writeRuns(CopyManager copy) throws SQLException {
        String cols = "id, owner_id, status, submit, start, date_created, last_updated, last_contact, run_name, "
                + "session_id, profile, work_dir, commit_id, user_name, script_id, revision, command_line, "
                + "project_name, script_name, config_files, params, config_text, manifest, nextflow, project_dir, "
                + "home_dir, container, repository, container_engine, script_file, launch_dir, resume, "
                + "process_names, traced";
        try (CopyWriter w = new CopyWriter(copy, "workflows", cols)) {
            for (Run r : runs) {
                String workDir = "/scratch/nf-work/" + r.id();
                ArrayNode configFiles = json.createArrayNode()
                        .add("/home/bench/.nextflow/assets/nf-core/rnaseq/nextflow.config")
                        .add("/data/projects/p" + r.index() + "/nextflow.config");
                ObjectNode params = json.createObjectNode().put("input", "/data/projects/p" + r.index()
                        + "/samplesheet.csv").put("outdir", "/data/projects/p" + r.index() + "/results")
                        .put("genome", "GRCh38").put("aligner", "star_salmon").put("max_cpus", 64)
                        .put("max_memory", "256.GB");
                ObjectNode manifest = json.createObjectNode().put("nextflowVersion", "!>=23.04.0")
                        .put("defaultBranch", "master").put("version", "3.14.0")
                        .put("homePage", "https://github.com/nf-core/rnaseq")
                        .putNull("gitmodules").put("description", "RNA sequencing analysis pipeline")
                        .put("name", "nf-core/rnaseq").put("mainScript", "main.nf").put("author", "Harshil Patel");
                ObjectNode nextflow = json.createObjectNode().put("version", "24.10.0").put("build", 5928)
                        .put("timestamp", "2024-10-27T18:39:04Z");
                ArrayNode names = json.createArrayNode();
                PROCS.forEach(p -> names.add(p.name()));
                String configText = "process {\n   executor = 'slurm'\n   queue = 'normal'\n"
                        + "   withName: 'ALIGN_STAR' { cpus = 8; memory = 32.GB }\n}\n\nsingularity {\n"
                        + "   enabled = true\n   cacheDir = '/scratch/singularity'\n}\n\nworkDir = '" + workDir
                        + "'\nrunName = '" + r.runName() + "'\n\ntower {\n   enabled = true\n"
                        + "   endpoint = 'http://pharos.example.org:8000/api'\n}\n";
                w.col(r.id()).col(r.ownerId()).col("RUNNING").col(r.submit()).col(r.start()).col(r.submit())
                        .col(r.start()).col(r.start()).col(r.runName()).col(UUID.nameUUIDFromBytes(r.id().getBytes()))
                        .col("singularity").col(workDir).col("b89fac316c8bbc34e8dd7ba2e89b2d5f2fbe3bd3")
                        .col("bench").col("1f2e3d4c5b6a79881f2e3d4c5b6a7988").col("3.14.0")
                        .col("nextflow run nf-core/rnaseq -r 3.14.0 -profile singularity -name " + r.runName()
                                + " -with-tower http://pharos.example.org:8000/api")
                        .col("nf-core/rnaseq").col("main.nf").col(configFiles.toString()).col(params.toString())
                        .col(configText).col(manifest.toString()).col(nextflow.toString())
                        .col("/home/bench/.nextflow/assets/nf-core/rnaseq").col("/home/bench").col(null)
                        .col("https://github.com/nf-core/rnaseq").col("singularity")
                        .col("/home/bench/.nextflow/assets/nf-core/rnaseq/main.nf").col("/data/projects/p" + r.index())
                        .col(false).col(names.toString()).col(true);
                w.endRow();
            }
        }
        // The run search's index, as ingestion writes it for each run.
        try (CopyWriter w = new CopyWriter(copy, "run_search", "piece, workflow_id")) {
            for (Run r : runs) {
                for (long piece : RunSearchIndex.pieces(r.runName(), "nf-core/rnaseq",
                        UUID.nameUUIDFromBytes(r.id().getBytes()).toString(), "bench")) {
                    w.col(piece).col(r.id());
                    w.endRow();
                }
            }
        }
    }

    private Summary writeTasks(CopyWriter w, Run r) throws SQLException {
        int n = r.taskCount();
        Acc total = new Acc();
        Map<String, Acc> byProcess = new LinkedHashMap<>();
        List<Timed> samples = new ArrayList<>(n);
        long spacingMs = 800;
        Instant last = r.start();
        for (int t = 1; t <= n; t++) {
            // Run 1's task ids have gaps (as if some tasks never reported), so that the server's
            // paths for runs without the 1..n numbering are exercised by the cross-check too.
            long taskId = r.index() == 1 ? t + t / 97 : t;
            Proc p = t == n ? PROCS.get(PER_SAMPLE) : PROCS.get((t - 1) % PER_SAMPLE);
            String sample = "sample_" + ((t - 1) / PER_SAMPLE + 1);
            double u = rnd.nextDouble();
            String status = u < 0.01 ? "FAILED" : u < 0.03 ? "CACHED" : "COMPLETED";
            String hash = hex(2) + "/" + hex(6);
            Instant submit = r.start().plusMillis((t - 1) * spacingMs + rnd.nextInt(500));
            Instant start = submit.plusMillis(200 + rnd.nextInt(60_000));
            long realtime = (long) (p.meanSeconds() * 1000 * (0.4 + 1.2 * rnd.nextDouble()));
            if (status.equals("FAILED")) {
                realtime /= 3;
            }
            Instant complete = start.plusMillis(realtime + 500 + rnd.nextInt(4_000));
            long duration = complete.toEpochMilli() - submit.toEpochMilli();
            long memory = p.memoryGb() << 30;
            long peakRss = (long) (memory * (0.1 + 0.7 * rnd.nextDouble()));
            long peakVmem = (long) (peakRss * (1.1 + 0.5 * rnd.nextDouble()));
            double pcpu = Math.round(p.cpus() * 100 * (0.3 + 0.65 * rnd.nextDouble()) * 10) / 10.0;
            long rchar = (long) ((1L << 30) * (0.2 + 4 * rnd.nextDouble()));
            long wchar = (long) ((1L << 30) * (0.05 + 1.5 * rnd.nextDouble()));
            long vol = 1_000 + rnd.nextInt(100_000);
            long inv = 100 + rnd.nextInt(20_000);
            String script = "\n    " + p.script().replace("%s", sample) + "\n    ";
            w.col(r.id()).col(taskId).col(status).col(3).col(hash).col(p.name() + " (" + sample + ")").col(p.name())
                    .col(sample).col("[]").col(p.container()).col(1).col(script).col(null)
                    .col("/scratch/nf-work/" + r.id() + "/" + hash + hex(24)).col("normal").col(p.cpus())
                    .col(memory).col(null).col(p.timeHours() * 3_600_000).col(null)
                    .col(status.equals("FAILED") ? "RETRY" : null).col(status.equals("FAILED") ? 137 : 0)
                    .col(submit).col(start).col(complete).col(duration).col(realtime)
                    .col(String.valueOf(4_000_000 + r.index() * 300_000L + taskId)).col(pcpu)
                    .col(Math.round(peakRss * 1000.0 / (256L << 30)) / 10.0).col(peakRss * 9 / 10)
                    .col(peakVmem * 9 / 10).col(peakRss).col(peakVmem).col(rchar).col(wchar).col(rchar / 65_536)
                    .col(wchar / 65_536).col(rchar * 4 / 5).col(wchar).col(vol).col(inv).col("slurm").col(null)
                    .col(null).col(null).col(null).col("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz")
                    .col(complete.plusSeconds(1)).col(complete.plusSeconds(1));
            w.endRow();
            total.add(status, p.cpus(), realtime, pcpu, peakRss, memory, rchar, wchar, vol, inv);
            byProcess.computeIfAbsent(p.name(), k -> new Acc())
                    .add(status, p.cpus(), realtime, pcpu, peakRss, memory, rchar, wchar, vol, inv);
            samples.add(new Timed(complete, taskId, new ResourceMetrics.Sample(p.name(), p.name() + " (" + sample + ")",
                    pcpu, p.cpus(), peakRss, peakVmem, realtime, rchar, wchar, memory, p.timeHours() * 3_600_000)));
            if (complete.isAfter(last)) {
                last = complete;
            }
        }
        // The order the server reads samples in (ResourceMetrics.SAMPLES_SQL): by complete, then task id.
        samples.sort(Comparator.comparing(Timed::complete).thenComparingLong(Timed::taskId));
        List<ResourceMetrics.ProcessMetrics> metrics =
                ResourceMetrics.compute(samples.stream().map(Timed::sample).toList());
        return new Summary(r, total, byProcess, metrics, last.plusSeconds(5));
    }

    private void writeReadModel(CopyManager copy, Connection c, List<Summary> summaries) throws SQLException {
        String counters = "succeeded, cached, failed, retries, peak_running, peak_cpus, peak_memory, cpus, cpu_time, "
                + "cpu_load, memory_rss, memory_req, read_bytes, write_bytes, vol_ctx_switch, inv_ctx_switch, cost";
        try (CopyWriter w = new CopyWriter(copy, "workflow_progress",
                "workflow_id, " + counters + ", executors, task_count, last_instant, date_created, last_updated")) {
            for (Summary s : summaries) {
                long peak = Math.min(s.run().taskCount(), 200);
                counterCols(w.col(s.run().id()), s.total(), peak, peak * 4, peak * (16L << 30));
                w.col("slurm").col(s.run().taskCount()).col(s.complete().toEpochMilli())
                        .col(s.run().start()).col(s.complete());
                w.endRow();
            }
        }
        try (CopyWriter w = new CopyWriter(copy, "process_progress",
                "workflow_id, process, ord, " + counters + ", stored, terminated, date_created, last_updated")) {
            for (Summary s : summaries) {
                int ord = 0;
                for (Map.Entry<String, Acc> e : s.byProcess().entrySet()) {
                    long peak = Math.min(e.getValue().succeeded + e.getValue().failed, 40);
                    counterCols(w.col(s.run().id()).col(e.getKey()).col(ord++), e.getValue(), peak, peak * 4,
                            peak * (16L << 30));
                    w.col(0).col(true).col(s.run().start()).col(s.complete());
                    w.endRow();
                }
            }
        }
        try (CopyWriter w = new CopyWriter(copy, "workflow_metrics",
                "workflow_id, process, cpu, mem, vmem, time, reads, writes, cpu_usage, mem_usage, time_usage")) {
            for (Summary s : summaries) {
                for (ResourceMetrics.ProcessMetrics pm : s.metrics()) {
                    w.col(s.run().id()).col(pm.process());
                    for (String series : ResourceMetrics.SERIES) {
                        ObjectNode v = pm.series().get(series);
                        w.col(v == null ? null : v.toString());
                    }
                    w.endRow();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE workflows SET status = ?, complete = ?, duration = ?, success = ?, exit_status = ?,
                       error_message = ?, error_report = ?, stats = ?, peak_load_cpus = ?, peak_load_tasks = ?,
                       peak_load_memory = ?, last_updated = ?, last_contact = ?
                WHERE id = ?
                """)) {
            for (Summary s : summaries) {
                Run r = s.run();
                Acc a = s.total();
                long peak = Math.min(r.taskCount(), 200);
                long ran = a.succeeded + a.failed + a.cached;
                ObjectNode stats = json.createObjectNode()
                        .put("computeTimeFmt", String.format(Locale.ROOT, "%.1f CPU hours",
                                (a.succeedDuration + a.failedDuration) / 3_600_000.0))
                        .put("cachedCount", a.cached).put("failedCount", a.failed).put("ignoredCount", 0)
                        .put("succeedCount", a.succeeded).put("cachedCountFmt", String.format(Locale.ROOT, "%,d", a.cached))
                        .put("succeedCountFmt", String.format(Locale.ROOT, "%,d", a.succeeded))
                        .put("failedCountFmt", String.format(Locale.ROOT, "%,d", a.failed)).put("ignoredCountFmt", "0")
                        .put("cachedPct", pct(a.cached, ran)).put("failedPct", pct(a.failed, ran))
                        .put("succeedPct", pct(a.succeeded, ran)).put("ignoredPct", 0.0)
                        .put("cachedDuration", a.cachedDuration).put("failedDuration", a.failedDuration)
                        .put("succeedDuration", a.succeedDuration);
                ps.setString(1, r.failed() ? "FAILED" : "SUCCEEDED");
                ps.setTimestamp(2, Timestamp.from(s.complete()));
                ps.setLong(3, s.complete().toEpochMilli() - r.start().toEpochMilli());
                ps.setBoolean(4, !r.failed());
                ps.setInt(5, r.failed() ? 1 : 0);
                ps.setString(6, r.failed() ? "Process `NFCORE_RNASEQ:RNASEQ:ALIGN_STAR (sample_7)` terminated with an error exit status (137)" : null);
                ps.setString(7, r.failed() ? "Error executing process > 'NFCORE_RNASEQ:RNASEQ:ALIGN_STAR (sample_7)'\n\n"
                        + "Caused by:\n  Process exceeded running time limit\n" : null);
                ps.setString(8, stats.toString());
                ps.setLong(9, peak * 4);
                ps.setLong(10, peak);
                ps.setLong(11, peak * (16L << 30));
                ps.setTimestamp(12, Timestamp.from(s.complete()));
                ps.setTimestamp(13, Timestamp.from(s.complete()));
                ps.setString(14, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void counterCols(CopyWriter w, Acc a, long peakRunning, long peakCpus, long peakMemory) {
        w.col(a.succeeded).col(a.cached).col(a.failed).col(a.failed).col(peakRunning).col(peakCpus).col(peakMemory)
                .col(a.cpus).col(a.cpuTime).col(a.cpuLoad).col(a.memoryRss).col(a.memoryReq).col(a.readBytes)
                .col(a.writeBytes).col(a.vol).col(a.inv).col(0.0);
    }

    private static double pct(long part, long all) {
        return all == 0 ? 0.0 : Math.round(part * 10_000.0 / all) / 100.0;
    }

    private String hex(int len) {
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            b.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return b.toString();
    }
}
