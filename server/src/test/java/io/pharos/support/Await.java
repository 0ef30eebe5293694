package io.pharos.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling for a condition that real processes (Nextflow, head jobs) bring about in their own time. */
public final class Await {
    private Await() {
    }

    /** The probe's first non-null answer, asked every 200 ms; an AssertionError after {@code timeout}. */
    public static <T> T await(Supplier<T> probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
