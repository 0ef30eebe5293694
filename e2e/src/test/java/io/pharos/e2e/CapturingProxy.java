package io.pharos.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits between Nextflow and Pharos on 127.0.0.1 and keeps every request it passes on, with when
 * it came and what was answered. It can also answer the first progress calls itself with a 503,
 * as a server in trouble would, without passing them on.
 */
final class CapturingProxy implements AutoCloseable {
    record Request(String method, String path, Map<String, List<String>> headers, JsonNode body, long atMillis,
            int answered) {
        String call() {
            String p = path.replaceAll("\\?.*", "");
            return p.substring(p.lastIndexOf('/') + 1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger progressFailuresLeft;
    private final long started = System.nanoTime();

    CapturingProxy(String target) throws IOException {
        this(target, 0);
    }

    /** @param failFirstProgress how many progress calls to answer 503 before passing any on */
    CapturingProxy(String target, int failFirstProgress) throws IOException {
        progressFailuresLeft = new AtomicInteger(failFirstProgress);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().toString();
            long at = (System.nanoTime() - started) / 1_000_000;
            JsonNode json = body.length == 0 ? null : JSON.readTree(body);
            Map<String, List<String>> headers = Map.copyOf(ex.getRequestHeaders());
            if (path.matches("[^?]*/progress(\\?.*)?") && progressFailuresLeft.getAndDecrement() > 0) {
                requests.add(new Request(ex.getRequestMethod(), path, headers, json, at, 503));
                byte[] answer = "{\"message\":\"try again later\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.sendResponseHeaders(503, answer.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(answer);
                }
                ex.close();
                return;
            }
            int[] status = {502};
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("Authorization", "Content-Type", "User-Agent")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    b.header(h, v);
                }
            }
            try {
                HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                status[0] = r.statusCode();
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
            } catch (IOException e) {
                ex.sendResponseHeaders(502, -1);
            } finally {
                requests.add(new Request(ex.getRequestMethod(), path, headers, json, at, status[0]));
                ex.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
