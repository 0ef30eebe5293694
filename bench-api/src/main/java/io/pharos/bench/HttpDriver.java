package io.pharos.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code clients} threads each send one request, wait for the whole body and
 * send the next, for a bounded time (and at most {@code maxRequests} requests in all). Latency
 * is measured from send to last body byte; quantiles are exact (all samples are kept and sorted).
 */
final class HttpDriver {
    record Result(String name, long requests, long errors, double seconds, double p50, double p99, double max,
                  double meanBytes, String load) {
        double rps() {
            return requests / seconds;
        }
    }

    private final HttpClient client;
    private final String baseUrl;
    private final int clients;

    HttpDriver(String baseUrl, int clients) {
        this.baseUrl = baseUrl;
        this.clients = clients;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends one request and returns its body, failing on any status but 200. */
    String getOnce(String path, String token) throws Exception {
        HttpResponse<String> r = client.send(request(path, token), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private HttpRequest request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
    }

    Result run(String name, String path, String token, Duration warmup, Duration measure, long maxRequests)
            throws InterruptedException {
        return run(name, path, 0, token, warmup, measure, maxRequests);
    }

    /** The text in a path that {@link #run} replaces by a random offset, a multiple of 100, on each request. */
    static final String OFFSET = "{offset}";

    /** Sends requests for the path only (no measurement): the JIT's warm-up of what it reaches. */
    void warm(String path, int pages, String token, Duration length) throws InterruptedException {
        drive(requests(path, pages, token), length, Long.MAX_VALUE, null);
    }

    /**
     * @param pages when over 0, each request asks for {@code offset} = 100 times a random number
     *              under {@code pages} in place of {@link #OFFSET} in the path: a new page each time
     */
    Result run(String name, String path, int pages, String token, Duration warmup, Duration measure, long maxRequests)
            throws InterruptedException {
        java.util.function.Supplier<HttpRequest> req = requests(path, pages, token);
        drive(req, warmup, maxRequests, null);
        long[][] perThread = new long[clients][];
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long t0 = System.nanoTime();
        int[] counts = drive(req, measure, maxRequests, new Sink(perThread, errors, bytes));
        double seconds = (System.nanoTime() - t0) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int i = 0; i < clients; i++) {
            System.arraycopy(perThread[i], 0, all, k, counts[i]);
            k += counts[i];
        }
        Arrays.sort(all);
        return new Result(name, total, errors.get(), seconds, quantile(all, 0.50), quantile(all, 0.99),
                total == 0 ? Double.NaN : all[total - 1] / 1e6, total == 0 ? 0 : (double) bytes.get() / total,
                loadAverage());
    }

    private record Sink(long[][] perThread, AtomicLong errors, AtomicLong bytes) {
    }

    private java.util.function.Supplier<HttpRequest> requests(String path, int pages, String token) {
        if (pages <= 0) {
            HttpRequest one = request(path, token);
            return () -> one;
        }
        return () -> request(path.replace(OFFSET,
                Integer.toString(100 * java.util.concurrent.ThreadLocalRandom.current().nextInt(pages))), token);
    }

    private int[] drive(java.util.function.Supplier<HttpRequest> req, Duration length, long maxRequests, Sink sink)
            throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        AtomicLong budget = new AtomicLong(maxRequests);
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int me = i;
            Thread th = new Thread(() -> {
                long[] lat = new long[1024];
                int n = 0;
                try {
                    while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                        long s = System.nanoTime();
                        boolean ok;
                        int size = 0;
                        try {
                            HttpResponse<byte[]> r = client.send(req.get(), HttpResponse.BodyHandlers.ofByteArray());
                            ok = r.statusCode() == 200;
                            size = r.body().length;
                        } catch (Exception e) {
                            ok = false;
                        }
                        long took = System.nanoTime() - s;
                        if (sink != null) {
                            if (!ok) {
                                sink.errors().incrementAndGet();
                            }
                            sink.bytes().addAndGet(size);
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = took;
                        }
                    }
                } finally {
                    counts[me] = n;
                    if (sink != null) {
                        sink.perThread()[me] = lat;
                    }
                    done.countDown();
                }
            }, "bench-client-" + i);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        done.await();
        for (Thread th : threads) {
            th.join();
        }
        return counts;
    }

    /** The machine's 1-minute load average after the phase: other work on the host skews the numbers. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Nearest-rank quantile in milliseconds. */
    private static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    static String headerWithCeiling() {
        return "| endpoint | p50 ms | p99 ms | max ms | req/s | requests | errors | body KB | load1 | ceiling req/s | ratio |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    static String row(Result r, Result ceiling) {
        return row(r) + String.format(Locale.ROOT, " %.0f | %.2f |", ceiling.rps(), r.rps() / ceiling.rps());
    }

    /** Sends one request and returns its body's bytes, failing on any status but 200. */
    byte[] bytesOnce(String path, String token) throws Exception {
        HttpResponse<byte[]> r = client.send(request(path, token), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    static String header() {
        return "| endpoint | p50 ms | p99 ms | max ms | req/s | requests | errors | body KB | load1 |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    static String row(Result r) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f | %.0f | %d | %d | %.1f | %s |", r.name(),
                r.p50(), r.p99(), r.max(), r.rps(), r.requests(), r.errors(), r.meanBytes() / 1024, r.load());
    }
}
