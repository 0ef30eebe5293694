package io.pharos.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.workflow.TaskStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real traffic captured from Nextflow (test resources, fixtures/; their origin is in its
 * README.md), loaded as a list of calls that a test replays against a running Pharos, with the
 * expected outcome derived from the same bodies.
 */
public final class Fixtures {
    public record Call(String method, String path, JsonNode body) {
        public boolean is(String kind) {
            return path.startsWith("/api/trace/" + kind) || path.contains("/" + kind);
        }
    }

    private Fixtures() {
    }

    /**
     * The fixtures folder of the test classpath: server/src/test/resources/fixtures, a folder
     * under target/test-classes for the server's tests, inside the server's test-jar for e2e.
     */
    public static synchronized Path root() {
        URL url = Fixtures.class.getResource("/fixtures/README.md");
        if (url == null) {
            throw new IllegalStateException("fixtures/ is not on the test classpath (server/src/test/resources/fixtures)");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException notYet) {
                    FileSystems.newFileSystem(uri, Map.of());
                }
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the fixtures at " + url, e);
        }
    }

    /** One captured run of nextflow-tower/ (see fixtures/README.md). */
    public static Path nextflowTowerDir(String folder) {
        Path dir = root().resolve("nextflow-tower").resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no captured run " + folder + " in " + root().resolve("nextflow-tower"));
        }
        return dir;
    }

    public static List<String> nextflowTowerFolders() {
        try (Stream<Path> s = Files.list(root().resolve("nextflow-tower"))) {
            // a folder in a jar may come with a trailing slash
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString().replace("/", "")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same calls with every task's workdir moved to {@code workRoot}/t{taskId}, created empty,
     * so a test can write the task files the log endpoints read.
     */
    public static List<Call> withLocalWorkdirs(List<Call> calls, Path workRoot) throws IOException {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.body() != null && c.body().has("tasks")) {
                ObjectNode body = c.body().deepCopy();
                for (JsonNode t : body.get("tasks")) {
                    Path dir = workRoot.resolve("t" + t.get("taskId").asText());
                    Files.createDirectories(dir);
                    ((ObjectNode) t).put("workdir", dir.toString());
                }
                c = new Call(c.method(), c.path(), body);
            }
            out.add(c);
        }
        return out;
    }

    /** A folder of nextflow-tower/: one {seq, method, path, headers, body} file per request. */
    public static List<Call> nextflowTower(String folder) {
        List<Call> calls = new ArrayList<>();
        for (Path f : sortedFiles(nextflowTowerDir(folder))) {
            JsonNode n = read(f);
            calls.add(new Call(n.get("method").asText(), n.get("path").asText(), n.get("body")));
        }
        return calls;
    }

    /**
     * A folder of nf-tower-ce/ (the 2020 Tower's test data): begin, task bodies and complete,
     * without a create call, so one is made up in front.
     */
    public static List<Call> towerCe(String folder) {
        List<Call> calls = new ArrayList<>();
        List<Path> files = sortedFiles(root().resolve("nf-tower-ce").resolve(folder));
        JsonNode begin = read(files.get(0));
        ObjectNode create = Http.JSON.createObjectNode();
        create.put("sessionId", begin.path("workflow").path("sessionId").asText(null));
        create.put("runName", begin.path("workflow").path("runName").asText(null));
        create.put("projectName", begin.path("workflow").path("projectName").asText(null));
        create.putNull("repository");
        create.putNull("workflowId");
        calls.add(new Call("POST", "/api/trace/create", create));
        for (Path f : files) {
            String name = f.getFileName().toString();
            String kind = name.contains("workflow_started") ? "begin"
                    : name.contains("workflow_") ? "complete" : "progress";
            calls.add(new Call("PUT", "/api/trace/abc123/" + kind, read(f)));
        }
        return calls;
    }

    /** The last state of each task, by the same forward-only rule the server must apply. */
    public static Map<Long, JsonNode> finalTasks(List<Call> calls) {
        Map<Long, JsonNode> out = new LinkedHashMap<>();
        for (Call c : calls) {
            if (c.body() == null || !c.body().has("tasks")) {
                continue;
            }
            for (JsonNode t : c.body().get("tasks")) {
                long id = t.get("taskId").asLong();
                JsonNode prev = out.get(id);
                if (prev == null || rank(t) >= rank(prev)) {
                    out.put(id, t);
                }
            }
        }
        return out;
    }

    public static int rank(JsonNode task) {
        return TaskStatus.valueOf(task.get("status").asText()).rank();
    }

    public static JsonNode last(List<Call> calls, String kind) {
        JsonNode found = null;
        for (Call c : calls) {
            if (c.path().contains("/" + kind)) {
                found = c.body();
            }
        }
        return found;
    }

    private static List<Path> sortedFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path f) {
        try {
            return Http.JSON.readTree(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
