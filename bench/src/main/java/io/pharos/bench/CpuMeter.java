package io.pharos.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the CPU went during the window: the bench's simulated clients, the rest of this JVM
 * (Pharos, or H2 in the JDBC ceiling), the PostgreSQL backends serving the bench's database,
 * and the whole machine. The machine may be shared; CPU per update is the number that does
 * not depend on what else runs, the updates per second are.
 */
final class CpuMeter {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final String pgDatabase;
    private Snapshot start;
    private Snapshot end;
    private final Thread sampler;

    private record Snapshot(long clientNanos, long jvmNanos, long pgTicks, long machineBusy, long machineTotal,
                            String loadavg) {
    }

    CpuMeter(Meter meter, String pgDatabase) {
        this.pgDatabase = pgDatabase;
        this.sampler = new Thread(() -> {
            try {
                sleepUntil(meter.windowStartNanos);
                start = snapshot();
                sleepUntil(meter.cpuEndNanos);
                end = snapshot();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** CPU milliseconds per 1000 updates, and the window's CPU seconds by consumer. */
    record Cpu(double jvmMsPer1k, double pgMsPer1k, String line) {
        static final Cpu NONE = new Cpu(Double.NaN, Double.NaN, "cpu: not sampled");
    }

    Cpu summary(Meter meter) throws InterruptedException {
        long updates = meter.cpuUpdates();
        double seconds = meter.cpuSeconds();
        sampler.join(TimeUnit.SECONDS.toMillis(5));
        if (start == null || end == null || updates == 0) {
            return Cpu.NONE;
        }
        double client = (end.clientNanos - start.clientNanos) / 1e9;
        double jvm = (end.jvmNanos - start.jvmNanos) / 1e9 - client;
        double pg = (end.pgTicks - start.pgTicks) / (double) TICKS_PER_SECOND;
        double busy = (end.machineBusy - start.machineBusy) / (double) TICKS_PER_SECOND;
        double total = (end.machineTotal - start.machineTotal) / (double) TICKS_PER_SECOND;
        double k = updates / 1000.0;
        return new Cpu(1000 * jvm / k, 1000 * pg / k, String.format(Locale.ROOT, "cpu in window (%.1f s): clients %.1f s, server JVM %.1f s, PostgreSQL"
                        + " backends %.1f s, whole machine busy %.0f%% (others: %.1f s); cpu ms per 1000 updates:"
                        + " server JVM %.0f, PostgreSQL %.0f, together %.0f; loadavg %s -> %s",
                seconds, client, jvm, pg, 100 * busy / Math.max(total, 1e-9), Math.max(0, busy - client - jvm - pg),
                1000 * jvm / k, 1000 * pg / k, 1000 * (jvm + pg) / k, start.loadavg, end.loadavg));
    }

    private Snapshot snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long client = 0;
        long all = 0;
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            ThreadInfo info = threads.getThreadInfo(id);
            if (cpu < 0 || info == null) {
                continue;
            }
            all += cpu;
            String name = info.getThreadName();
            // The simulated Nextflow clients; the JDBC ceiling's threads are the workload itself.
            if (name.startsWith("bench-client-") || name.startsWith("HttpClient-")) {
                client += cpu;
            }
        }
        long[] machine = machine();
        return new Snapshot(client, all, pgTicks(), machine[0], machine[1], loadavg());
    }

    /** utime + stime of the PostgreSQL backends connected to the bench's database. */
    private long pgTicks() {
        if (pgDatabase == null) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (!cmd.startsWith("postgres:") || !cmd.contains(" " + pgDatabase + " ")) {
                        continue;
                    }
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
