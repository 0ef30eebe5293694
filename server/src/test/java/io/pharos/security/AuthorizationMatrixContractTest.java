package io.pharos.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.auth.User;
import io.pharos.http.Routes;
import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import io.pharos.web.WebSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of the server's own route table, called by every kind of caller, each answer's
 * status asserted. A route that the table has and this matrix lacks fails the test, so a new
 * route cannot be added without saying who may call it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationMatrixContractTest {
    /** The callers, in the order of each row's statuses. */
    enum Caller { NONE, WRONG, OTHER, OWNER, ADMIN, RUN_OF_OWNER, RUN_OF_ADMIN }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A row: how to call the route (path placeholders are filled from the world) and the status per caller. */
    private record Row(String body, String query, int... statuses) {
    }

    private static Row row(int... statuses) {
        return new Row(null, "", statuses);
    }

    private static Row row(String body, String query, int... statuses) {
        return new Row(body, query, statuses);
    }

    private static final Map<String, Row> MATRIX = new LinkedHashMap<>();
    private static final String LABELS_OF_RUN = "{\"workflowIds\": [\"{workflowId}\"], \"labelIds\": [{labelId}]}";

    static {
        // caller:                                             NONE WRONG OTHER OWNER ADMIN RUN  RUN_OF_ADMIN
        MATRIX.put("GET /api/service-info", row(200, 200, 200, 200, 200, 200, 200));
        MATRIX.put("GET /api/user-info", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("GET /api/user/{userId}/workspaces", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/users/{userId}", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/users/validate", row(null, "?name=not-taken-yet", 401, 401, 204, 204, 204, 403, 403));
        MATRIX.put("GET /api/labels/dynamic/allowed", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("GET /api/tokens", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("POST /api/tokens", row("{\"name\": \"matrix\"}", "", 401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("DELETE /api/tokens/{tokenId}", row(401, 401, 403, 204, 204, 403, 403));
        MATRIX.put("GET /api/users", row(401, 401, 403, 403, 200, 403, 403));
        MATRIX.put("PUT /api/users/{userId}", row("{\"canLaunch\": false}", "", 401, 401, 403, 403, 200, 403, 403));
        MATRIX.put("POST /api/trace/create", row("{\"workflowId\": \"{workflowId}\", \"sessionId\": \"s\"}", "",
                401, 401, 403, 200, 200, 200, 403));
        MATRIX.put("PUT /api/trace/{workflowId}/begin", row("{begin}", "", 401, 401, 403, 200, 200, 200, 403));
        MATRIX.put("PUT /api/trace/{workflowId}/progress", row("{\"tasks\": []}", "", 401, 401, 403, 200, 200, 200, 403));
        MATRIX.put("PUT /api/trace/{workflowId}/heartbeat", row("{}", "", 401, 401, 403, 200, 200, 200, 403));
        MATRIX.put("PUT /api/trace/{workflowId}/complete", row("{complete}", "", 401, 401, 403, 200, 200, 200, 403));
        MATRIX.put("GET /api/workflows", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/random-name", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/validate", row(null, "?runName=matrix_run&sessionId=s", 401, 401, 204, 204, 204, 403, 403));
        // Another user's run is not deleted: it is named in failedWorkflowIds of a 200.
        MATRIX.put("POST /api/workflow/delete", row("{\"workflowIds\": [\"{workflowId}\"]}", "?force=true",
                401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("DELETE /api/workflow/{workflowId}", row(null, "?force=true", 401, 401, 403, 204, 204, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/progress", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/tasks", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/tasks/{taskId}", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/task/{taskId}", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/metrics", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/log/{taskId}", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/download/{taskId}",
                row(null, "?fileName=.command.out", 401, 401, 403, 200, 200, 403, 403));
        // The owner may not launch (no permission: 403); the admin may, and is told the environment is unknown (400).
        MATRIX.put("POST /api/workflow/launch", row("{\"launch\": {\"computeEnvId\": \"nope\", \"pipeline\": \"/p\"}}", "",
                401, 401, 403, 403, 400, 403, 403));
        // The run was reported, not launched: there is no head job to cancel (400); its launch record is built
        // from what it reported (200).
        MATRIX.put("POST /api/workflow/{workflowId}/cancel", row(401, 401, 403, 400, 400, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/launch", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/log", row(401, 401, 403, 404, 404, 403, 403));
        MATRIX.put("GET /api/workflow/{workflowId}/download", row(401, 401, 403, 404, 404, 403, 403));
        // Labels are the owner's; an admin may change them and put them on the owner's runs.
        MATRIX.put("GET /api/labels", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("POST /api/labels", row("{\"name\": \"matrix\"}", "", 401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("PUT /api/labels/{labelId}", row("{\"isDefault\": true}", "", 401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("DELETE /api/labels/{labelId}", row(401, 401, 403, 204, 204, 403, 403));
        MATRIX.put("POST /api/workflow/labels/add", row(LABELS_OF_RUN, "", 401, 401, 403, 204, 204, 403, 403));
        MATRIX.put("POST /api/workflow/labels/apply", row(LABELS_OF_RUN, "", 401, 401, 403, 204, 204, 403, 403));
        MATRIX.put("POST /api/workflow/labels/remove", row(LABELS_OF_RUN, "", 401, 401, 403, 204, 204, 403, 403));
        // Nobody starred the run: asking and unstarring are 404 to those who may see it.
        MATRIX.put("GET /api/workflow/{workflowId}/star", row(401, 401, 403, 404, 404, 403, 403));
        MATRIX.put("POST /api/workflow/{workflowId}/star", row(401, 401, 403, 200, 200, 403, 403));
        MATRIX.put("DELETE /api/workflow/{workflowId}/star", row(401, 401, 403, 404, 404, 403, 403));
        MATRIX.put("GET /api/compute-envs", row(401, 401, 200, 200, 200, 403, 403));
        MATRIX.put("POST /api/compute-envs", row("{computeEnv}", "", 401, 401, 403, 403, 200, 403, 403));
        MATRIX.put("GET /api/compute-envs/{computeEnvId}", row(401, 401, 200, 200, 200, 403, 403));
        // Testing a connection may record an SSH host key: an admin's (the world's environment is local: 200).
        MATRIX.put("POST /api/compute-envs/{computeEnvId}/test", row(401, 401, 403, 403, 200, 403, 403));
        // Credentials are the server's secrets: only admins store, list (never the keys) and delete them.
        MATRIX.put("GET /api/credentials", row(401, 401, 403, 403, 200, 403, 403));
        MATRIX.put("POST /api/credentials", row("{credentials}", "", 401, 401, 403, 403, 200, 403, 403));
        MATRIX.put("DELETE /api/credentials/{credentialsId}", row(401, 401, 403, 403, 204, 403, 403));
        MATRIX.put("DELETE /api/compute-envs/{computeEnvId}", row(401, 401, 403, 403, 204, 403, 403));
        MATRIX.put("GET /", row(200, 200, 200, 200, 200, 200, 200));
        MATRIX.put("GET /watch/{workflowId}", row(200, 200, 200, 200, 200, 200, 200));
        MATRIX.put("GET /tokens", row(200, 200, 200, 200, 200, 200, 200));
        MATRIX.put("GET /launch", row(200, 200, 200, 200, 200, 200, 200));
        MATRIX.put("GET /compute-envs", row(200, 200, 200, 200, 200, 200, 200));
        MATRIX.put("GET /ui/{file}", row(200, 200, 200, 200, 200, 200, 200));
        // Sign-in takes the token from its body (a missing one is 400); a run's token cannot sign in.
        MATRIX.put("POST /api/session", row(400, 401, 200, 200, 200, 403, 403));
        MATRIX.put("DELETE /api/session", row(204, 204, 204, 204, 204, 204, 204));
        MATRIX.put("GET /api/events", row(401, 401, 200, 200, 200, 403, 403));
    }

    TestServer server;
    Http http;
    Path workRoot;
    String adminToken;
    String ownerToken;
    String otherToken;
    long ownerId;
    final AtomicInteger serial = new AtomicInteger();

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws IOException {
        workRoot = Files.createTempDirectory("pharos-matrix-work");
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-matrix"),
                c -> c.withTaskRoots(List.of(workRoot)));
        http = server.http();
        adminToken = server.adminToken();
        User owner = server.app().auth().createUser("owner", null, false);
        ownerId = owner.id();
        ownerToken = server.app().auth().createToken(ownerId, "owner", null).secret();
        otherToken = server.newUserToken("other", false);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void every_route_of_the_table_has_a_row_in_the_matrix() {
        TreeSet<String> table = new TreeSet<>(server.app().routes().stream().map(Routes.Route::key).toList());
        assertThat(new TreeSet<>(MATRIX.keySet())).isEqualTo(table);
    }

    @Test
    void every_route_answers_every_kind_of_caller_as_the_matrix_says() throws IOException {
        List<String> wrong = new ArrayList<>();
        World shared = newWorld(); // reads change nothing: they share one world
        for (Routes.Route route : server.app().routes()) {
            Row row = MATRIX.get(route.key());
            if (row == null) {
                continue; // reported by the test above
            }
            for (Caller caller : Caller.values()) {
                // A change gets its own runs, tokens and environment, so it cannot change what another call meets.
                World w = route.method().name().equals("GET") ? shared : newWorld();
                int expected = row.statuses()[caller.ordinal()];
                Answer got = call(route, row, w, w.token(caller));
                if (got.status() != expected) {
                    wrong.add(route.key() + " as " + caller + ": expected " + expected + ", got " + got.status()
                            + " " + got.body());
                }
                if (got.status() >= 400 && !route.path().startsWith("/ui")) {
                    assertThat(got.body()).as(route.key() + " as " + caller).contains("\"message\"");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void every_authenticated_route_refuses_a_workspace_its_caller_does_not_belong_to() throws IOException {
        List<String> wrong = new ArrayList<>();
        World w = newWorld(); // every call here is refused, so one world serves them all
        long adminWorkspace = io.pharos.auth.Workspaces.personalOf(server.app().auth().listUsers().stream()
                .filter(User::isAdmin).findFirst().orElseThrow().id());
        for (Routes.Route route : server.app().routes()) {
            Row row = MATRIX.get(route.key());
            if (row == null || route.role() == io.pharos.auth.Role.PUBLIC || route.role() == io.pharos.auth.Role.RUN) {
                continue;
            }
            for (Caller caller : List.of(Caller.OWNER, Caller.RUN_OF_OWNER)) {
                String q = (row.query().isEmpty() ? "?" : row.query() + "&") + "workspaceId=" + adminWorkspace;
                Answer got = call(route, new Row(row.body(), q, row.statuses()), w, w.token(caller));
                if (got.status() != 403) {
                    wrong.add(route.key() + " as " + caller + " in the admin's workspace: expected 403, got "
                            + got.status() + " " + got.body());
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(http.get("/api/workflow/" + w.ownerRun(), Http.bearer(w.ownerToken())).status())
                .as("nothing refused changed the run").isEqualTo(200);
    }

    /** Everything one call may touch: a run of the owner and one of the admin, with their run tokens. */
    private record World(String ownerRun, String adminRun, String ownerToken, String adminToken, String otherToken,
                         String runOfOwner, String runOfAdmin, long tokenId, long userId, String computeEnvId,
                         long labelId, String credentialsId) {
        String token(Caller c) {
            return switch (c) {
                case NONE -> null;
                case WRONG -> "pharos_notatokenatall0000000000000000000000";
                case OTHER -> otherToken;
                case OWNER -> ownerToken;
                case ADMIN -> adminToken;
                case RUN_OF_OWNER -> runOfOwner;
                case RUN_OF_ADMIN -> runOfAdmin;
            };
        }
    }

    private World newWorld() throws IOException {
        int n = serial.incrementAndGet();
        String ownerRun = reportRun(ownerToken, n);
        String adminRun = reportRun(adminToken, n);
        var auth = server.app().auth();
        String runOfOwner = auth.createToken(ownerId, "run", ownerRun).secret();
        long adminId = auth.findUser(auth.listUsers().stream().filter(User::isAdmin).findFirst().orElseThrow().name())
                .orElseThrow().id();
        String runOfAdmin = auth.createToken(adminId, "run", adminRun).secret();
        long tokenId = auth.createToken(ownerId, "revocable-" + n, null).token().id();
        Http.Response env = http.send("POST", "/api/compute-envs", Http.bearer(adminToken), computeEnvBody("env-" + n));
        assertThat(env.status()).as(env.body()).isEqualTo(200);
        Http.Response label = http.send("POST", "/api/labels", Http.bearer(ownerToken), "{\"name\": \"label-" + n + "\"}");
        assertThat(label.status()).as(label.body()).isEqualTo(200);
        Http.Response cred = http.send("POST", "/api/credentials", Http.bearer(adminToken), credentialsBody("key-" + n));
        assertThat(cred.status()).as(cred.body()).isEqualTo(200);
        return new World(ownerRun, adminRun, ownerToken, adminToken, otherToken, runOfOwner, runOfAdmin, tokenId,
                ownerId, env.json().at("/computeEnv/id").asText(), label.json().get("id").asLong(),
                cred.json().get("credentialsId").asText());
    }

    /** A reported run (create and begin of real captured traffic) with task 1 in a readable folder. */
    private String reportRun(String token, int n) throws IOException {
        List<Fixtures.Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        String id = new Replayer(http, Http.bearer(token)).replay(calls.subList(0, 2));
        Path dir = workRoot.resolve(id + "-" + n);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".command.out"), "out");
        Files.writeString(dir.resolve(".command.log"), "log");
        String body = "{\"tasks\": [{\"taskId\": 1, \"status\": \"COMPLETED\", \"hash\": \"ab/cdef\", \"name\": \"t1\","
                + " \"process\": \"p\", \"workdir\": \"" + dir + "\"}]}";
        assertThat(http.send("PUT", "/api/trace/" + id + "/progress", Http.bearer(token), body).status()).isEqualTo(200);
        return id;
    }

    private String computeEnvBody(String name) {
        return "{\"computeEnv\": {\"name\": \"" + name + "\", \"platform\": \"local-platform\", \"config\": {\"workDir\": \""
                + workRoot.resolve("envs") + "\"}}}";
    }

    /** An SSH credential; the key need not work, only look like one. */
    private static String credentialsBody(String name) {
        return "{\"credentials\": {\"name\": \"" + name + "\", \"provider\": \"ssh\", \"keys\": {\"privateKey\": "
                + "\"-----BEGIN OPENSSH PRIVATE KEY-----\\nnot-a-real-key\\n-----END OPENSSH PRIVATE KEY-----\\n\"}}}";
    }

    private record Answer(int status, String body) {
    }

    private Answer call(Routes.Route route, Row row, World w, String token) throws IOException {
        String path = route.path().replace("{workflowId}", w.ownerRun()).replace("{taskId}", "1")
                .replace("{tokenId}", Long.toString(w.tokenId())).replace("{userId}", Long.toString(w.userId()))
                .replace("{computeEnvId}", w.computeEnvId()).replace("{labelId}", Long.toString(w.labelId()))
                .replace("{credentialsId}", w.credentialsId()).replace("{file}", "app.js") + row.query();
        String body = row.body() == null ? null : body(row.body(), w);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (route.path().equals("/api/session")) {
            // Sign-in reads the token from its body; both session routes need the UI's header.
            b.header(WebSession.CSRF_HEADER, "1");
            if (route.method().name().equals("POST")) {
                body = token == null ? "{}" : "{\"token\": \"" + token + "\"}";
            }
        } else if (token != null) {
            b.header("Authorization", Http.bearer(token));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(route.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            // A stream (the event route) is never read to its end: the status and a first part say enough.
            HttpResponse<InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                String text = r.statusCode() == 200 && route.path().equals("/api/events") ? ""
                        : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                return new Answer(r.statusCode(), text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String body(String template, World w) {
        List<Fixtures.Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        return switch (template) {
            case "{begin}" -> json(calls.stream().filter(c -> c.is("begin")).findFirst().orElseThrow().body());
            case "{complete}" -> json(calls.stream().filter(c -> c.is("complete")).findFirst().orElseThrow().body());
            case "{computeEnv}" -> computeEnvBody("created-" + serial.incrementAndGet());
            case "{credentials}" -> credentialsBody("created-key-" + serial.incrementAndGet());
            default -> template.replace("{workflowId}", w.ownerRun()).replace("{labelId}", Long.toString(w.labelId()));
        };
    }

    private static String json(JsonNode n) {
        try {
            return Http.JSON.writeValueAsString(n instanceof ObjectNode o ? o : n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
