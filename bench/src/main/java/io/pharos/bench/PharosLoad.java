package io.pharos.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent simulated Nextflow runs against a Pharos over real HTTP: each client thread
 * creates a run, begins it, streams the workload's progress bodies (one at a time, as
 * Nextflow does), completes it, and starts the next run until the window is over.
 */
final class PharosLoad {
    private final String baseUrl;
    private final String authorization;
    private final Workload workload;
    private final ObjectMapper json;
    private final HttpClient client;

    PharosLoad(String baseUrl, String token, Workload workload, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + token;
        this.workload = workload;
        this.json = json;
        // Nextflow's client speaks HTTP/1.1 with keep-alive; no h2c upgrade attempts.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Runs {@code clients} threads until the meter's window is over; returns runs completed. */
    long run(int clients, Meter meter) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        long[] completedRuns = new long[clients];
        for (int i = 0; i < clients; i++) {
            int n = i;
            Thread t = new Thread(() -> completedRuns[n] = client(meter), "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        long deadline = meter.windowEndNanos + TimeUnit.SECONDS.toNanos(120);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            t.join(Math.max(1, left));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish 120 s after the window");
            }
        }
        long total = 0;
        for (long c : completedRuns) {
            total += c;
        }
        return total;
    }

    private long client(Meter meter) {
        long runs = 0;
        try {
            while (!meter.over() && meter.failures() == 0) {
                String id = json.readTree(send("POST", "/api/trace/create", workload.createBody))
                        .path("workflowId").asText();
                send("PUT", "/api/trace/" + id + "/begin", workload.beginBody);
                for (byte[] body : workload.progressBodies) {
                    if (meter.over()) {
                        break;
                    }
                    long t0 = System.nanoTime();
                    send("PUT", "/api/trace/" + id + "/progress", body);
                    meter.record(t0, System.nanoTime(), Workload.BATCH);
                }
                send("PUT", "/api/trace/" + id + "/complete", workload.completeBody);
                runs++;
            }
        } catch (IOException | RuntimeException e) {
            meter.failed();
            System.err.println(Thread.currentThread().getName() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return runs;
    }

    private String send(String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Nextflow/25.04.0 (pharos-bench)")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
