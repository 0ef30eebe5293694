package io.pharos.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One simulated Nextflow run, generated once and replayed by every simulated client: its task
 * updates in bodies of {@link #BATCH}, each task going SUBMITTED -> RUNNING -> COMPLETED across
 * three different bodies, with the progress counters Nextflow would send beside them.
 *
 * <p>Task ids are per run, so the same bodies serve every run; only the URL (the run id) differs.
 * The task updates are kept both as JSON bodies (for Pharos) and as column values (for the
 * plain JDBC ceiling), so both paths write the very same rows.
 */
final class Workload {
    static final int BATCH = 100;
    /** Ticks between a task's states: large enough that no body holds the same task twice. */
    private static final int DELAY = BATCH;
    static final String[] PROCESSES = {"FASTQC", "TRIM_GALORE", "STAR_ALIGN", "SAMTOOLS_SORT", "MULTIQC"};
    private static final int CPUS = 2;
    private static final long MEMORY = 4L * 1024 * 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    /** One task update: its JSON object (as Nextflow sends it) and its tasks-table row. */
    record Update(long taskId, Map<String, Object> json, Object[] row) {
    }

    final int tasksPerRun;
    final List<List<Update>> batches = new ArrayList<>();
    final List<byte[]> progressBodies = new ArrayList<>();
    final byte[] createBody;
    final byte[] beginBody;
    final byte[] completeBody;
    final long totalJsonBytes;

    Workload(int tasksPerRun, ObjectMapper json) {
        this.tasksPerRun = tasksPerRun;
        List<Update> events = new ArrayList<>(3 * tasksPerRun);
        for (int t = 0; t < tasksPerRun + 2 * DELAY; t++) {
            if (t < tasksPerRun) {
                events.add(update(t + 1, "SUBMITTED"));
            }
            if (t - DELAY >= 0 && t - DELAY < tasksPerRun) {
                events.add(update(t - DELAY + 1, "RUNNING"));
            }
            if (t - 2 * DELAY >= 0 && t - 2 * DELAY < tasksPerRun) {
                events.add(update(t - 2 * DELAY + 1, "COMPLETED"));
            }
        }
        Counters counters = new Counters();
        long bytes = 0;
        for (int from = 0; from < events.size(); from += BATCH) {
            List<Update> batch = events.subList(from, Math.min(from + BATCH, events.size()));
            batches.add(batch);
            counters.apply(batch);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tasks", batch.stream().map(Update::json).toList());
            body.put("progress", counters.toJson());
            body.put("containers", List.of());
            body.put("instant", T0.toEpochMilli() + 1000L * batches.size());
            byte[] b = write(json, body);
            bytes += b.length;
            progressBodies.add(b);
        }
        totalJsonBytes = bytes;
        createBody = write(json, create());
        beginBody = write(json, begin());
        completeBody = write(json, complete(counters));
    }

    int updatesPerRun() {
        return 3 * tasksPerRun;
    }

    private static Update update(long taskId, String status) {
        Random r = new Random(taskId);
        String process = PROCESSES[(int) (taskId % PROCESSES.length)];
        String sample = "SAMPLE_" + (taskId / PROCESSES.length) + "_" + Long.toHexString(r.nextLong()).substring(0, 6);
        String hash = String.format("%02x/%06x", r.nextInt(256), r.nextInt(1 << 24));
        String workdir = "/scratch/pipelines/rnaseq/work/" + hash + Long.toHexString(r.nextLong())
                + Long.toHexString(r.nextLong());
        Instant submit = T0.plusMillis(taskId * 250);
        Instant start = submit.plusMillis(1500 + r.nextInt(3000));
        long realtime = 60_000 + r.nextInt(600_000);
        Instant complete = start.plusMillis(realtime + 200);
        boolean running = !status.equals("SUBMITTED");
        boolean done = status.equals("COMPLETED");

        Map<String, Object> j = new LinkedHashMap<>();
        j.put("taskId", taskId);
        j.put("status", status);
        j.put("hash", hash);
        j.put("name", "NFCORE_RNASEQ:RNASEQ:" + process + " (" + sample + ")");
        j.put("exit", done ? 0 : Integer.MAX_VALUE);
        j.put("submit", submit.toString());
        j.put("start", running ? start.toString() : null);
        j.put("process", "NFCORE_RNASEQ:RNASEQ:" + process);
        j.put("tag", sample);
        j.put("module", List.of());
        j.put("container", "quay.io/biocontainers/" + process.toLowerCase() + ":2.7.11b--h43eeafb_0");
        j.put("attempt", 1);
        j.put("script", script(process, sample));
        j.put("scratch", null);
        j.put("workdir", workdir);
        j.put("queue", "normal");
        j.put("cpus", CPUS);
        j.put("memory", MEMORY);
        j.put("disk", null);
        j.put("time", 7_200_000L);
        j.put("env", null);
        if (done) {
            j.put("errorAction", null);
            j.put("complete", complete.toString());
            j.put("duration", realtime + 1700);
            j.put("realtime", realtime);
            j.put("pcpu", 50.0 + r.nextInt(1500) / 10.0);
            j.put("cpuModel", "AMD EPYC 7B13");
            j.put("rchar", 1_000_000L + r.nextInt(1 << 30));
            j.put("wchar", 1_000_000L + r.nextInt(1 << 28));
            j.put("syscr", (long) r.nextInt(100_000));
            j.put("syscw", (long) r.nextInt(100_000));
            j.put("readBytes", (long) r.nextInt(1 << 30));
            j.put("writeBytes", (long) r.nextInt(1 << 28));
            j.put("pmem", r.nextInt(1000) / 10.0);
            j.put("vmem", 100_000_000L + r.nextInt(1 << 30));
            j.put("rss", 50_000_000L + r.nextInt(1 << 30));
            j.put("peakVmem", 200_000_000L + r.nextInt(1 << 30));
            j.put("peakRss", 100_000_000L + r.nextInt(1 << 30));
            j.put("volCtxt", (long) r.nextInt(10_000));
            j.put("invCtxt", (long) r.nextInt(10_000));
        }
        j.put("nativeId", running ? String.valueOf(4_000_000 + taskId) : null);
        j.put("executor", "slurm");
        j.put("cloudZone", null);
        j.put("machineType", null);
        j.put("priceModel", null);
        return new Update(taskId, j, Columns.row(j));
    }

    private static String script(String process, String sample) {
        return "\n    printf \"%s %s\\n\" \"" + process + "\" \"$(" + process.toLowerCase() + " --version 2>&1 | head -n1)\" > versions.yml\n"
                + "    " + process.toLowerCase() + " \\\n"
                + "        --threads 2 \\\n"
                + "        --genomeDir star_index \\\n"
                + "        --readFilesIn " + sample + "_1.fastq.gz " + sample + "_2.fastq.gz \\\n"
                + "        --readFilesCommand zcat \\\n"
                + "        --outFileNamePrefix " + sample + ". \\\n"
                + "        --outSAMtype BAM Unsorted \\\n"
                + "        --outSAMattrRGline 'ID:" + sample + "' 'SM:" + sample + "' \\\n"
                + "        --quantMode TranscriptomeSAM --twopassMode Basic --outSAMstrandField intronMotif\n"
                + "    if [ -f " + sample + ".Unmapped.out.mate1 ]; then\n"
                + "        mv " + sample + ".Unmapped.out.mate1 " + sample + ".unmapped_1.fastq && gzip " + sample + ".unmapped_1.fastq\n"
                + "    fi\n"
                + "    samtools flagstat " + sample + ".Aligned.out.bam > " + sample + ".flagstat\n    ";
    }

    /** Nextflow's progress counters for the run and per process, after each body. */
    private static final class Counters {
        final long[] submitted = new long[PROCESSES.length];
        final long[] running = new long[PROCESSES.length];
        final long[] succeeded = new long[PROCESSES.length];
        final long[] peakRunning = new long[PROCESSES.length];
        long peakRunningAll;

        void apply(List<Update> batch) {
            for (Update u : batch) {
                int p = (int) (u.taskId() % PROCESSES.length);
                switch ((String) u.json().get("status")) {
                    case "SUBMITTED" -> submitted[p]++;
                    case "RUNNING" -> {
                        submitted[p]--;
                        running[p]++;
                    }
                    default -> {
                        running[p]--;
                        succeeded[p]++;
                    }
                }
            }
            long all = 0;
            for (int p = 0; p < PROCESSES.length; p++) {
                peakRunning[p] = Math.max(peakRunning[p], running[p]);
                all += running[p];
            }
            peakRunningAll = Math.max(peakRunningAll, all);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Map<String, Object>> processes = new ArrayList<>();
            long sub = 0;
            long run = 0;
            long ok = 0;
            for (int p = 0; p < PROCESSES.length; p++) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("index", p + 1);
                x.put("name", "NFCORE_RNASEQ:RNASEQ:" + PROCESSES[p]);
                x.put("pending", 0);
                x.put("submitted", submitted[p]);
                x.put("running", running[p]);
                x.put("succeeded", succeeded[p]);
                x.put("cached", 0);
                x.put("failed", 0);
                x.put("aborted", 0);
                x.put("stored", 0);
                x.put("ignored", 0);
                x.put("retries", 0);
                x.put("terminated", false);
                x.put("loadCpus", running[p] * CPUS);
                x.put("loadMemory", running[p] * MEMORY);
                x.put("peakRunning", peakRunning[p]);
                x.put("peakCpus", peakRunning[p] * CPUS);
                x.put("peakMemory", peakRunning[p] * MEMORY);
                processes.add(x);
                sub += submitted[p];
                run += running[p];
                ok += succeeded[p];
            }
            m.put("aborted", 0);
            m.put("cached", 0);
            m.put("failed", 0);
            m.put("ignored", 0);
            m.put("loadCpus", run * CPUS);
            m.put("loadMemory", run * MEMORY);
            m.put("peakCpus", peakRunningAll * CPUS);
            m.put("peakMemory", peakRunningAll * MEMORY);
            m.put("peakRunning", peakRunningAll);
            m.put("pending", 0);
            m.put("processes", processes);
            m.put("retries", 0);
            m.put("running", run);
            m.put("submitted", sub);
            m.put("succeeded", ok);
            return m;
        }
    }

    private static Map<String, Object> create() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", "b5b5be08-0c5f-4dc4-9b71-e604f754b2e5");
        m.put("runName", "bench_run");
        m.put("projectName", "nf-core/rnaseq");
        m.put("repository", "https://github.com/nf-core/rnaseq");
        m.put("workflowId", null);
        m.put("instant", T0.toEpochMilli());
        return m;
    }

    private static Map<String, Object> workflow(boolean done) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("runName", "bench_run");
        w.put("scriptId", "4712f65208f159c6bb5bed48719b67bf");
        w.put("scriptFile", "/scratch/pipelines/rnaseq/main.nf");
        w.put("scriptName", "main.nf");
        w.put("repository", "https://github.com/nf-core/rnaseq");
        w.put("commitId", "b89fac32650aacc86fcda9ee77e00612a1d77066");
        w.put("revision", "3.14.0");
        w.put("start", T0.toString());
        w.put("complete", done ? T0.plusSeconds(3600).toString() : null);
        w.put("duration", done ? 3_600_000L : null);
        w.put("commandLine", "nextflow run nf-core/rnaseq -r 3.14.0 -profile slurm -with-tower");
        w.put("nextflow", Map.of("version", "25.04.0", "build", 5944, "timestamp", "2025-05-08T16:41:00Z"));
        w.put("success", done);
        w.put("projectDir", "/root/.nextflow/assets/nf-core/rnaseq");
        w.put("projectName", "nf-core/rnaseq");
        w.put("launchDir", "/scratch/pipelines/rnaseq");
        w.put("workDir", "/scratch/pipelines/rnaseq/work");
        w.put("homeDir", "/root");
        w.put("userName", "bench");
        w.put("exitStatus", done ? 0 : null);
        w.put("errorMessage", null);
        w.put("errorReport", null);
        w.put("profile", "slurm");
        w.put("sessionId", "b5b5be08-0c5f-4dc4-9b71-e604f754b2e5");
        w.put("resume", false);
        w.put("configFiles", List.of("/root/.nextflow/assets/nf-core/rnaseq/nextflow.config"));
        w.put("params", Map.of("input", "samplesheet.csv", "genome", "GRCh38"));
        w.put("manifest", Map.of("name", "nf-core/rnaseq", "mainScript", "main.nf", "version", "3.14.0"));
        w.put("id", "bench");
        w.put("configText", "process { executor = 'slurm' }\n");
        return w;
    }

    private static Map<String, Object> begin() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflow", workflow(false));
        m.put("processNames", List.of(PROCESSES).stream().map(p -> "NFCORE_RNASEQ:RNASEQ:" + p).toList());
        m.put("towerLaunch", false);
        m.put("instant", T0.toEpochMilli());
        return m;
    }

    private Map<String, Object> complete(Counters counters) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflow", workflow(true));
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (String p : PROCESSES) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("process", "NFCORE_RNASEQ:RNASEQ:" + p);
            for (String series : List.of("cpu", "mem", "vmem", "time", "reads", "writes", "cpuUsage", "memUsage",
                    "timeUsage")) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("mean", 50.5);
                s.put("min", 1.0);
                s.put("q1", 25.0);
                s.put("q2", 50.0);
                s.put("q3", 75.0);
                s.put("max", 100.0);
                s.put("minLabel", p + " (SAMPLE_0)");
                s.put("maxLabel", p + " (SAMPLE_1)");
                s.put("q1Label", p + " (SAMPLE_2)");
                s.put("q2Label", p + " (SAMPLE_3)");
                s.put("q3Label", p + " (SAMPLE_4)");
                x.put(series, s);
            }
            metrics.add(x);
        }
        m.put("metrics", metrics);
        m.put("progress", counters.toJson());
        m.put("instant", T0.toEpochMilli() + 1000L * (batches.size() + 1));
        return m;
    }

    private static byte[] write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
