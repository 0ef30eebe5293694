package io.pharos.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts what completes inside the steady-state window (after the warm-up) and records the
 * latency of calls that both started and ended inside it.
 */
final class Meter {
    final long windowStartNanos;
    final long windowEndNanos;
    /** CPU is sampled up to a little before the end, while every client thread and connection is alive. */
    final long cpuEndNanos;
    private final LongAdder cpuUpdates = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final AtomicLong failures = new AtomicLong();
    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(120), 3);

    Meter(long startNanos, long warmupSeconds, long seconds) {
        this.windowStartNanos = startNanos + TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.windowEndNanos = windowStartNanos + TimeUnit.SECONDS.toNanos(seconds);
        this.cpuEndNanos = windowEndNanos - Math.min(TimeUnit.SECONDS.toNanos(1), (windowEndNanos - windowStartNanos) / 10);
    }

    boolean over() {
        return System.nanoTime() >= windowEndNanos;
    }

    void record(long startNanos, long endNanos, int n) {
        if (endNanos >= windowStartNanos && endNanos < windowEndNanos) {
            updates.add(n);
            calls.increment();
            if (endNanos < cpuEndNanos) {
                cpuUpdates.add(n);
            }
            if (startNanos >= windowStartNanos) {
                latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(endNanos - startNanos),
                        TimeUnit.SECONDS.toMicros(120)));
            }
        }
    }

    long cpuUpdates() {
        return cpuUpdates.sum();
    }

    double cpuSeconds() {
        return (cpuEndNanos - windowStartNanos) / 1e9;
    }

    void failed() {
        failures.incrementAndGet();
    }

    long failures() {
        return failures.get();
    }

    Result result(String label) {
        double seconds = (windowEndNanos - windowStartNanos) / 1e9;
        Histogram h = latency.getIntervalHistogram();
        return new Result(label, updates.sum(), calls.sum(), updates.sum() / seconds,
                h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1000.0,
                h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0,
                h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0, failures.get());
    }

    /** Rows (task updates) per second, and latency of one call (a body of 100) in milliseconds. */
    record Result(String label, long updates, long calls, double perSecond, double p50Ms, double p99Ms,
                  double maxMs, long failures) {
        String line() {
            return String.format("%-22s %10.0f updates/s  %8d updates in %6d calls  p50 %7.1f ms  p99 %7.1f ms"
                    + "  max %7.1f ms  failures %d", label, perSecond, updates, calls, p50Ms, p99Ms, maxMs, failures);
        }
    }
}
