package io.pharos.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Fixtures.Call;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's workflow API over replayed real runs: shapes against the seed's own examples,
 * who may see what, paging and search, task files and deletion. Once on H2, once on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkflowApiContractTest {
    TestServer server;
    Http http;
    String admin;
    String alice;
    String bob;
    String okRun;
    String failedRun;
    Path workRoot;

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws IOException {
        workRoot = Files.createTempDirectory("pharos-work");
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-api"),
                c -> c.withTaskRoots(List.of(workRoot)));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        alice = Http.bearer(server.newUserToken("alice", false));
        bob = Http.bearer(server.newUserToken("bob", false));
        okRun = new Replayer(http, alice).replay(Fixtures.withLocalWorkdirs(Fixtures.nextflowTower("nf24.10.0-ok"), workRoot));
        failedRun = new Replayer(http, alice).replay(Fixtures.nextflowTower("nf25.04.0-fail-ws"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }


    // ---- shapes, against the seed's examples ----

    @Test
    void describe_has_the_seeds_fields_at_every_level() {
        JsonNode ours = get("/api/workflow/" + failedRun, alice);
        assertSameShape("describe", seed("describe"), ours, true);
        assertThat(ours.at("/workflow/errorMessage").asText()).contains("boom for carol");
        assertThat(ours.at("/workflow/exitStatus").asInt()).isEqualTo(3);
        assertThat(ours.at("/workflow/status").asText()).isEqualTo("FAILED");
    }

    @Test
    void progress_has_the_seeds_fields_at_every_level() {
        assertSameShape("progress", seed("progress"), get("/api/workflow/" + okRun + "/progress", alice), true);
    }

    @Test
    void task_has_the_seeds_fields_and_tasks_list_has_at_least_them() {
        assertSameShape("task", seed("task"), get("/api/workflow/" + okRun + "/tasks/1", alice), true);
        assertThat(get("/api/workflow/" + okRun + "/task/1", alice)).isEqualTo(get("/api/workflow/" + okRun + "/tasks/1", alice));
        // List items carry the whole task (the seed's list example shows a subset of the same object).
        assertSameShape("tasks", seed("tasks"), get("/api/workflow/" + okRun + "/tasks", alice), false);
    }

    @Test
    void metrics_have_the_seeds_fields_at_every_level() {
        assertSameShape("metrics", seed("metrics"), get("/api/workflow/" + okRun + "/metrics", alice), true);
    }

    @Test
    void list_has_the_seeds_fields_at_every_level() {
        JsonNode ours = get("/api/workflows", alice);
        assertSameShape("list", seed("list"), ours, false);
        assertThat(ours.has("totalSize")).isTrue();
        assertThat(ours.has("hasMore")).isTrue();
        assertThat(get("/api/workflow", alice)).isEqualTo(ours);
    }

    @Test
    void task_log_page_has_the_seeds_fields_and_the_files_content() throws IOException {
        Files.writeString(workRoot.resolve("t2/.command.log"), "line one\nline two\n");
        Files.writeString(workRoot.resolve("t2/.command.out"), "Hello bob\n");
        JsonNode ours = get("/api/workflow/" + okRun + "/log/2", alice);
        assertSameShape("task-log", seed("task-log"), ours, true);
        assertThat(ours.at("/log/entries")).hasSize(2);
        assertThat(ours.at("/log/entries/0").asText()).isEqualTo("line one");
        assertThat(ours.at("/log/downloads/0/saveName").asText()).isEqualTo("task-2.command.out.txt");
        Http.Response out = http.get("/api/workflow/" + okRun + "/download/2?fileName=.command.out", alice);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(out.body()).isEqualTo("Hello bob\n");
    }

    // ---- task file path checks ----

    @Test
    void task_downloads_read_only_the_three_files_of_the_task_folder() throws IOException {
        Path dir = workRoot.resolve("t3");
        Files.writeString(dir.resolve(".command.sh"), "secret script");
        Path outside = Files.createTempFile("pharos-outside", ".txt");
        Files.writeString(outside, "outside the task folder");
        Files.deleteIfExists(dir.resolve(".command.err"));
        Files.createSymbolicLink(dir.resolve(".command.err"), outside);
        String base = "/api/workflow/" + okRun + "/download/3?fileName=";
        for (String bad : List.of(".command.sh", "../t2/.command.out", "..%2Ft2%2F.command.out", "%2Fetc%2Fpasswd",
                "/etc/passwd", ".command.out/../../t2/.command.out", "", ".COMMAND.OUT")) {
            Http.Response r = http.get(base + bad, alice);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).doesNotContain("secret script").doesNotContain("outside the task folder");
        }
        Http.Response link = http.get(base + ".command.err", alice);
        assertThat(link.status()).isEqualTo(400);
        assertThat(link.body()).doesNotContain("outside the task folder");
        assertThat(http.get("/api/workflow/" + okRun + "/download/3", alice).status()).isEqualTo(400);
        assertThat(http.get(base + ".command.out", alice).status()).isEqualTo(404); // not written
    }

    @Test
    void task_files_on_remote_storage_are_a_clear_404() {
        // nf25 fixture tasks point at /home/user/... which does not exist on this machine.
        Http.Response r = http.get("/api/workflow/" + failedRun + "/log/1", alice);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("message").asText()).contains("not readable");
        List<Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        String id = new Replayer(http, alice).replay(calls.subList(0, 2));
        String body = "{\"tasks\":[{\"taskId\":1,\"status\":\"COMPLETED\",\"workdir\":\"s3://bucket/work/ab/cdef\"}]}";
        assertThat(http.send("PUT", "/api/trace/" + id + "/progress", alice, body).status()).isEqualTo(200);
        Http.Response remote = http.get("/api/workflow/" + id + "/download/1?fileName=.command.out", alice);
        assertThat(remote.status()).isEqualTo(404);
        assertThat(remote.json().get("message").asText()).contains("remote storage");
    }

    // ---- authorization ----

    @Test
    void every_endpoint_answers_owner_and_admin_and_refuses_everyone_else() {
        List<String> paths = List.of("/api/workflow/" + okRun, "/api/workflow/" + okRun + "/progress",
                "/api/workflow/" + okRun + "/tasks", "/api/workflow/" + okRun + "/tasks/1",
                "/api/workflow/" + okRun + "/task/1", "/api/workflow/" + okRun + "/metrics",
                "/api/workflow/" + okRun + "/log/1");
        for (String p : paths) {
            assertThat(http.get(p, null).status()).as("no token " + p).isEqualTo(401);
            assertThat(http.get(p, Http.bearer("pharos_not_a_token")).status()).as("wrong token " + p).isEqualTo(401);
            assertThat(http.get(p, bob).status()).as("another user " + p).isEqualTo(403);
            assertThat(http.get(p, alice).status()).as("owner " + p).isEqualTo(200);
            assertThat(http.get(p, admin).status()).as("admin " + p).isEqualTo(200);
            assertThat(http.get(p, bob).json().get("message").asText()).isNotBlank();
        }
        String dl = "/api/workflow/" + okRun + "/download/1?fileName=.command.log";
        assertThat(http.get(dl, null).status()).isEqualTo(401);
        assertThat(http.get(dl, bob).status()).isEqualTo(403);
        assertThat(http.send("DELETE", "/api/workflow/" + okRun, null, null).status()).isEqualTo(401);
        assertThat(http.send("DELETE", "/api/workflow/" + okRun, bob, null).status()).isEqualTo(403);
        assertThat(http.get("/api/workflow/" + okRun, alice).status()).isEqualTo(200);
    }

    @Test
    void lists_show_users_their_own_runs_and_admins_all_runs() {
        String bobs = new Replayer(http, bob).replay(Fixtures.nextflowTower("nf25.04.0-ok"));
        Set<String> aliceSees = ids(get("/api/workflows?max=1000", alice));
        Set<String> bobSees = ids(get("/api/workflows?max=1000", bob));
        Set<String> adminSees = ids(get("/api/workflows?max=1000", admin));
        assertThat(aliceSees).contains(okRun, failedRun).doesNotContain(bobs);
        assertThat(bobSees).containsExactly(bobs);
        assertThat(adminSees).contains(okRun, failedRun, bobs);
        assertThat(http.get("/api/workflows", null).status()).isEqualTo(401);
    }

    @Test
    void unknown_and_malformed_ids_are_404_and_400() {
        assertThat(http.get("/api/workflow/NoSuchRun", alice).status()).isEqualTo(404);
        assertThat(http.get("/api/workflow/NoSuchRun/tasks", alice).status()).isEqualTo(404);
        assertThat(http.get("/api/workflow/" + okRun + "/tasks/999", alice).status()).isEqualTo(404);
        assertThat(http.get("/api/workflow/bad-id!/progress", alice).status()).isEqualTo(400);
        assertThat(http.get("/api/workflow/ABCDEFGHIJKLMNOPQ", alice).status()).isEqualTo(400);
        assertThat(http.get("/api/workflow/" + okRun + "/tasks/one", alice).status()).isEqualTo(400);
        assertThat(http.get("/api/workflow/" + okRun + "/log/x", alice).status()).isEqualTo(400);
    }

    // ---- paging and search ----

    @Test
    void task_pages_cover_every_task_once_in_the_asked_order() {
        for (String sort : List.of("taskId", "name", "process", "realtime", "status", "submit", "pcpu")) {
            for (String dir : List.of("asc", "desc")) {
                List<Long> seen = new ArrayList<>();
                for (int offset = 0; offset < 12; offset += 2) {
                    JsonNode page = get("/api/workflow/" + failedRun + "/tasks?max=2&offset=" + offset
                            + "&sortBy=" + sort + "&sortDir=" + dir, alice);
                    assertThat(page.get("total").asLong()).isEqualTo(8);
                    page.get("tasks").forEach(t -> seen.add(t.at("/task/taskId").asLong()));
                }
                assertThat(seen).as(sort + " " + dir).hasSize(8).doesNotHaveDuplicates();
            }
        }
        JsonNode byName = get("/api/workflow/" + okRun + "/tasks?sortBy=name&sortDir=desc", alice);
        List<String> names = new ArrayList<>();
        byName.get("tasks").forEach(t -> names.add(t.at("/task/name").asText()));
        assertThat(names).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(get("/api/workflow/" + okRun + "/tasks?offset=50", alice).get("tasks")).isEmpty();
        assertThat(get("/api/workflow/" + okRun + "/tasks?offset=50", alice).get("total").asLong()).isEqualTo(9);
    }

    @Test
    void pages_of_a_run_with_gaps_in_its_task_ids_and_unfinished_tasks_equal_one_full_page_in_every_order() {
        String run = new Replayer(http, alice).replay(Fixtures.nextflowTower("nf24.10.0-ok").subList(0, 2));
        long[] ids = {2, 3, 5, 6, 7, 11, 12, 13, 17, 19, 20, 23, 30};
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode tasks = body.putArray("tasks");
        for (int i = 0; i < ids.length; i++) {
            boolean done = i % 3 != 0; // running tasks have no realtime yet: they sort last both ways
            ObjectNode t = tasks.addObject().put("taskId", ids[i]).put("status", done ? "COMPLETED" : "RUNNING")
                    .put("name", "P (" + i % 4 + ")").put("process", i % 2 == 0 ? "ALIGN" : "QUANT");
            if (done) {
                t.put("realtime", 1000 * (i % 5));
            }
        }
        assertThat(http.send("PUT", "/api/trace/" + run + "/progress", alice, body.toString()).status()).isEqualTo(200);
        for (String sort : List.of("taskId", "name", "realtime", "process")) {
            for (String dir : List.of("asc", "desc")) {
                String q = "/api/workflow/" + run + "/tasks?sortBy=" + sort + "&sortDir=" + dir;
                List<Long> whole = new ArrayList<>();
                get(q + "&max=100", alice).get("tasks").forEach(t -> whole.add(t.at("/task/taskId").asLong()));
                assertThat(whole).as(sort + " " + dir).hasSize(ids.length);
                List<Long> paged = new ArrayList<>();
                for (int offset = 0; offset < ids.length + 3; offset += 3) {
                    JsonNode page = get(q + "&max=3&offset=" + offset, alice);
                    assertThat(page.get("total").asLong()).isEqualTo(ids.length);
                    page.get("tasks").forEach(t -> paged.add(t.at("/task/taskId").asLong()));
                }
                assertThat(paged).as(sort + " " + dir).isEqualTo(whole);
            }
        }
        JsonNode byRealtime = get("/api/workflow/" + run + "/tasks?sortBy=realtime&sortDir=desc", alice);
        List<String> statuses = new ArrayList<>();
        byRealtime.get("tasks").forEach(t -> statuses.add(t.at("/task/status").asText()));
        assertThat(statuses.subList(ids.length - 5, ids.length)).containsOnly("RUNNING");
        assertThat(taskIds(run, "process:LIGN")).containsExactly(2L, 5L, 7L, 12L, 17L, 20L, 30L);
    }

    @Test
    void deep_pages_of_an_ended_run_come_from_its_cached_order_and_equal_those_of_the_live_run() {
        List<Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        Replayer replayer = new Replayer(http, alice);
        String run = replayer.replay(calls.subList(0, 2));
        int n = 2_700;
        for (int from = 1; from <= n; from += 100) {
            ObjectNode body = Http.JSON.createObjectNode();
            ArrayNode tasks = body.putArray("tasks");
            for (int id = from; id < from + 100; id++) {
                ObjectNode t = tasks.addObject().put("taskId", id).put("status", id % 17 == 0 ? "FAILED" : "COMPLETED")
                        .put("name", "P (" + (id * 7919 % 1000) + ")").put("process", id % 3 == 0 ? "ALIGN" : "QUANT")
                        .put("tag", "s" + id % 50);
                if (id % 11 != 0) {
                    t.put("realtime", (id * 31) % 5000); // many ties, and some tasks without a value
                }
            }
            assertThat(http.send("PUT", "/api/trace/" + run + "/progress", alice, body.toString()).status()).isEqualTo(200);
        }
        List<String> queries = new ArrayList<>();
        for (String order : List.of("sortBy=name", "sortBy=realtime&sortDir=desc", "sortBy=tag&search=status:COMPLETED",
                "search=process:ALIGN", "sortBy=realtime&search=QUANT")) {
            for (String page : List.of("offset=2000&max=100", "offset=2450&max=300", "offset=1990&max=1000",
                    "offset=2699&max=5", "offset=5000&max=10")) {
                queries.add("/api/workflow/" + run + "/tasks?" + order + "&" + page);
            }
        }
        List<JsonNode> live = queries.stream().map(q -> get(q, alice)).toList();
        long heldBefore = server.app().workflows().cachedTaskIds();
        assertThat(replayer.send(calls.get(calls.size() - 1), run).status()).isEqualTo(200); // complete
        assertThat(get("/api/workflow/" + run, alice).at("/workflow/status").asText()).isEqualTo("SUCCEEDED");
        for (int i = 0; i < queries.size(); i++) {
            JsonNode ended = get(queries.get(i), alice);
            assertThat(ended.get("total")).as(queries.get(i)).isEqualTo(live.get(i).get("total"));
            assertThat(ended.get("tasks")).as(queries.get(i)).isEqualTo(live.get(i).get("tasks"));
        }
        assertThat(live.get(0).get("tasks")).hasSize(100);
        assertThat(live.get(3).get("tasks")).hasSize(1);
        assertThat(live.get(4).get("tasks")).isEmpty();
        assertThat(server.app().workflows().cachedTaskIds()).isGreaterThan(heldBefore);
        // a deleted run's orders are dropped with it
        assertThat(http.send("DELETE", "/api/workflow/" + run, alice, null).status()).isEqualTo(204);
        assertThat(server.app().workflows().cachedTaskIds()).isEqualTo(heldBefore);
        assertThat(http.get("/api/workflow/" + run + "/tasks?sortBy=name&offset=2000", alice).status()).isEqualTo(404);
    }

    @Test
    void task_search_by_status_process_name_and_tag() {
        assertThat(taskIds(failedRun, "status:FAILED")).hasSize(1);
        assertThat(taskIds(failedRun, "FAILED")).isEqualTo(taskIds(failedRun, "status:failed"));
        assertThat(get("/api/workflow/" + failedRun + "/tasks?search=FAILED", alice).get("total").asLong()).isEqualTo(1);
        assertThat(taskIds(okRun, "process:UPPER")).hasSize(4);
        assertThat(taskIds(okRun, "upper")).hasSize(4);
        assertThat(taskIds(okRun, "tag:alice")).hasSize(2);
        assertThat(taskIds(okRun, "name:\"SAY_HELLO (bob)\"")).hasSize(1);
        assertThat(taskIds(okRun, "process:UPPER tag:carol")).hasSize(1);
        assertThat(taskIds(okRun, "nothing-like-this")).isEmpty();
        assertThat(taskIds(okRun, "100%_")).isEmpty();
    }

    @Test
    void bad_paging_and_search_parameters_are_400() {
        String t = "/api/workflow/" + okRun + "/tasks?";
        for (String q : List.of("max=0", "max=10001", "max=abc", "offset=-1", "offset=x", "sortBy=bogus",
                "sortDir=sideways", "search=status:WAITING", "search=color:red")) {
            Http.Response r = http.get(t + q, alice);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("message").asText()).isNotBlank();
        }
        assertThat(http.get(t + "max=10000", alice).status()).isEqualTo(200);
        for (String q : List.of("max=0", "max=1001", "offset=-5", "search=status:BAD", "search=after:yesterday",
                "search=colour:red")) {
            assertThat(http.get("/api/workflows?" + q, alice).status()).as(q).isEqualTo(400);
        }
    }

    @Test
    void run_list_is_newest_first_paged_and_searchable() {
        JsonNode all = get("/api/workflows?max=1000", alice);
        List<String> created = new ArrayList<>();
        all.get("workflows").forEach(w -> created.add(w.at("/workflow/dateCreated").asText()));
        assertThat(created).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        long total = all.get("totalSize").asLong();
        JsonNode first = get("/api/workflows?max=1&offset=0", alice);
        assertThat(first.get("workflows")).hasSize(1);
        assertThat(first.get("hasMore").asBoolean()).isEqualTo(total > 1);
        assertThat(get("/api/workflows?max=1&offset=" + (total - 1), alice).get("hasMore").asBoolean()).isFalse();

        JsonNode failedWf = get("/api/workflow/" + failedRun, alice).get("workflow");
        assertThat(ids(get("/api/workflows?search=status:FAILED", alice))).contains(failedRun).doesNotContain(okRun);
        assertThat(ids(get("/api/workflows?search=runName:" + failedWf.get("runName").asText(), alice))).contains(failedRun);
        assertThat(ids(get("/api/workflows?search=" + failedWf.get("runName").asText().substring(0, 5), alice))).contains(failedRun);
        assertThat(ids(get("/api/workflows?search=sessionId:" + failedWf.get("sessionId").asText(), alice)))
                .contains(failedRun).doesNotContain(okRun);
        assertThat(ids(get("/api/workflows?search=projectName:hello", alice))).contains(okRun, failedRun);
        assertThat(ids(get("/api/workflows?search=username:alice", admin))).contains(okRun, failedRun);
        assertThat(ids(get("/api/workflows?search=after:2000-01-01%20before:2999-01-01%20status:FAILED", alice))).contains(failedRun);
        assertThat(ids(get("/api/workflows?search=before:2000-01-01", alice))).isEmpty();
        JsonNode item = get("/api/workflows?search=status:FAILED", alice).at("/workflows/0/progress/workflowProgress");
        assertThat(item.get("failed").asLong()).isEqualTo(1);
    }

    // ---- deletion ----

    @Test
    void answers_about_an_ended_run_are_kept_and_access_is_still_checked_on_every_request() {
        String run = new Replayer(http, alice).replay(Fixtures.nextflowTower("nf25.04.0-ok"));
        String tasks = "/api/workflow/" + run + "/tasks?max=3&sortBy=name";
        String seqeraTasks = tasks + "&workspaceId=";
        String metrics = "/api/workflow/" + run + "/metrics";
        WorkflowService workflows = server.app().workflows();
        long before = workflows.keptAnswerBytes();
        String page = body(tasks, alice);
        String seqeraPage = body(seqeraTasks, alice);
        String metricsBody = body(metrics, alice);
        String describe = body("/api/workflow/" + run, alice);
        body("/api/workflow/" + run + "?workspaceId=", alice); // with labels and stars, which can change: not kept
        String progress = body("/api/workflow/" + run + "/progress", alice);
        String seqeraProgress = body("/api/workflow/" + run + "/progress?workspaceId=", alice);
        assertThat(workflows.keptAnswerBytes()).isEqualTo(before + utf8(page) + utf8(seqeraPage) + utf8(metricsBody)
                + utf8(describe) + utf8(progress) + utf8(seqeraProgress));
        // In a list, the run's workflow and progress objects are kept too, per shape.
        String list = "/api/workflows?search=workflowId:" + run;
        String seqeraList = "/api/workflow?workspaceId=&attributes=labels&search=workflowId:" + run;
        JsonNode listed = get(list, alice).at("/workflows/0");
        JsonNode seqeraListed = get(seqeraList, alice).at("/workflows/0");
        assertThat(listed.at("/workflow/id").asText()).isEqualTo(run);
        assertThat(seqeraListed.at("/workflow/id").asText()).isEqualTo(run);
        assertThat(workflows.keptAnswerBytes()).isGreaterThan(before + utf8(page) + utf8(seqeraPage)
                + utf8(metricsBody) + utf8(describe) + utf8(progress) + utf8(seqeraProgress));
        // Each shape is kept apart: the seed's exit is text, the Seqera API's a number.
        assertThat(tree(page).at("/tasks/0/task/exit").isTextual()).isTrue();
        assertThat(tree(seqeraPage).at("/tasks/0/task/exit").isNumber()).isTrue();
        // Kept: a change behind the server's back (ingestion refuses every change to an ended
        // run, so only this test can make one) is not seen, the same bytes come back.
        server.app().db().jdbi().useHandle(h -> h.execute("UPDATE tasks SET name = 'changed' WHERE workflow_id = ?", run));
        assertThat(body(tasks, alice)).isEqualTo(page);
        assertThat(body(seqeraTasks, alice)).isEqualTo(seqeraPage);
        assertThat(body(metrics, alice)).isEqualTo(metricsBody);
        server.app().db().jdbi().useHandle(h -> h.execute("UPDATE workflows SET run_name = 'changed' WHERE id = ?", run));
        assertThat(body("/api/workflow/" + run, alice)).isEqualTo(describe);
        server.app().db().jdbi().useHandle(h -> h.execute("UPDATE workflow_progress SET succeeded = 999 WHERE workflow_id = ?", run));
        assertThat(body("/api/workflow/" + run + "/progress", alice)).isEqualTo(progress);
        assertThat(body("/api/workflow/" + run + "/progress?workspaceId=", alice)).isEqualTo(seqeraProgress);
        assertThat(get(list, alice).at("/workflows/0")).isEqualTo(listed);
        // A listed run's labels, stars and workspace are not kept: a label added now shows at once.
        Http.Response label = http.send("POST", "/api/labels", alice, "{\"name\": \"kept-run\"}");
        assertThat(label.status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/workflow/labels/add", alice, "{\"workflowIds\": [\"" + run
                + "\"], \"labelIds\": [" + label.json().get("id").asLong() + "]}").status()).isEqualTo(204);
        JsonNode labelled = get(seqeraList, alice).at("/workflows/0");
        assertThat(labelled.get("workflow")).isEqualTo(seqeraListed.get("workflow"));
        assertThat(labelled.at("/labels/0/name").asText()).isEqualTo("kept-run");
        assertThat(labelled.get("workspaceId")).isEqualTo(seqeraListed.get("workspaceId"));
        assertThat(get("/api/workflow/" + run + "?workspaceId=", alice).at("/workflow/runName").asText())
                .isEqualTo("changed");
        // ... while another page of the run is read from the database.
        assertThat(get(tasks.replace("max=3", "max=4"), alice).at("/tasks/0/task/name").asText()).isEqualTo("changed");
        // Who may read is checked every time, before anything kept is looked at.
        assertThat(http.get(tasks, bob).status()).isEqualTo(403);
        assertThat(http.get(metrics, bob).status()).isEqualTo(403);
        assertThat(http.get("/api/workflow/" + run, bob).status()).isEqualTo(403);
        assertThat(http.get("/api/workflow/" + run + "/progress", bob).status()).isEqualTo(403);
        assertThat(http.get(tasks, null).status()).isEqualTo(401);
        assertThat(body(tasks, admin)).isEqualTo(page);
        assertThat(http.get(tasks.replace("sortBy=name", "sortBy=nope"), alice).status()).isEqualTo(400);
        // Deleting the run drops its answers.
        assertThat(http.send("DELETE", "/api/workflow/" + run, alice, null).status()).isEqualTo(204);
        assertThat(workflows.keptAnswerBytes()).isEqualTo(before);
        assertThat(http.get(tasks, alice).status()).isEqualTo(404);
        assertThat(http.get(metrics, alice).status()).isEqualTo(404);
        assertThat(get(list, alice).get("workflows")).isEmpty();
    }

    @Test
    void pages_of_a_live_run_are_never_kept_and_show_each_body() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        Replayer replayer = new Replayer(http, alice);
        String run = replayer.replay(calls.subList(0, 2));
        String page = "/api/workflow/" + run + "/tasks?max=100";
        long before = server.app().workflows().keptAnswerBytes();
        for (int id = 1; id <= 3; id++) {
            ObjectNode body = Http.JSON.createObjectNode();
            body.putArray("tasks").addObject().put("taskId", id).put("status", "COMPLETED").put("name", "T" + id);
            body.putObject("progress").put("succeeded", id);
            assertThat(http.send("PUT", "/api/trace/" + run + "/progress", alice, body.toString()).status()).isEqualTo(200);
            assertThat(get(page, alice).get("tasks")).hasSize(id);
            assertThat(get("/api/workflow/" + run + "/metrics", alice).get("metrics")).isNotNull();
            assertThat(get("/api/workflow/" + run, alice).at("/progress/workflowProgress")).isNotNull();
            assertThat(get("/api/workflow/" + run + "/progress", alice).at("/progress/workflowProgress/succeeded")
                    .asLong()).isEqualTo(id);
            assertThat(get("/api/workflows?search=workflowId:" + run, alice).at("/workflows/0/workflow/id").asText()).isEqualTo(run);
        }
        assertThat(server.app().workflows().keptAnswerBytes()).isEqualTo(before);
    }

    static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static JsonNode tree(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String body(String path, String auth) {
        Http.Response r = http.get(path, auth);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void deleting_a_run_removes_it_and_a_live_run_needs_force() {
        String ended = new Replayer(http, alice).replay(Fixtures.nextflowTower("nf25.04.0-ok"));
        assertThat(http.send("DELETE", "/api/workflow/" + ended, alice, null).status()).isEqualTo(204);
        assertThat(http.get("/api/workflow/" + ended, alice).status()).isEqualTo(404);
        assertThat(http.get("/api/workflow/" + ended + "/tasks", alice).status()).isEqualTo(404);
        long tasksLeft = server.app().db().jdbi().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM tasks WHERE workflow_id = :id").bind("id", ended).mapTo(Long.class).one());
        assertThat(tasksLeft).isZero();

        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        String live = new Replayer(http, alice).replay(calls.subList(0, 3));
        Http.Response refused = http.send("DELETE", "/api/workflow/" + live, alice, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("force");
        assertThat(http.get("/api/workflow/" + live, alice).status()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/workflow/" + live + "?force=true", alice, null).status()).isEqualTo(204);
        assertThat(http.get("/api/workflow/" + live, alice).status()).isEqualTo(404);
        // The reporter of a deleted run is told so, and nothing comes back.
        assertThat(new Replayer(http, alice).send(calls.get(3), live).status()).isEqualTo(404);
    }

    // ---- helpers ----

    Set<String> ids(JsonNode list) {
        Set<String> out = new HashSet<>();
        list.get("workflows").forEach(w -> out.add(w.at("/workflow/id").asText()));
        return out;
    }

    List<Long> taskIds(String run, String search) {
        JsonNode page = get("/api/workflow/" + run + "/tasks?max=100&search="
                + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8), alice);
        List<Long> out = new ArrayList<>();
        page.get("tasks").forEach(t -> out.add(t.at("/task/taskId").asLong()));
        assertThat(page.get("total").asLong()).isEqualTo(out.size());
        return out;
    }

    JsonNode get(String path, String auth) {
        Http.Response r = http.get(path, auth);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode seed(String name) {
        try (InputStream in = WorkflowApiContractTest.class.getResourceAsStream("/seed/" + name + ".json")) {
            return Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every key of the seed's example is in ours with a compatible type (null stands for
     * "unknown" on either side); with {@code exact}, objects have no keys the seed lacks either.
     * Free-form user data (params) is not compared.
     */
    static void assertSameShape(String path, JsonNode seed, JsonNode ours, boolean exact) {
        if (seed == null || seed.isNull() || ours == null || ours.isNull() || path.endsWith(".params")) {
            return;
        }
        if (seed.isObject()) {
            assertThat(ours.isObject()).as(path + " should be an object: " + ours).isTrue();
            Iterator<String> keys = seed.fieldNames();
            while (keys.hasNext()) {
                String k = keys.next();
                assertThat(ours.has(k)).as(path + " lacks '" + k + "'").isTrue();
                assertSameShape(path + "." + k, seed.get(k), ours.get(k), exact);
            }
            if (exact) {
                Set<String> extra = new HashSet<>();
                ours.fieldNames().forEachRemaining(extra::add);
                seed.fieldNames().forEachRemaining(extra::remove);
                assertThat(extra).as(path + " has keys the seed does not").isEmpty();
            }
        } else if (seed.isArray()) {
            assertThat(ours.isArray()).as(path + " should be an array: " + ours).isTrue();
            if (!seed.isEmpty() && !ours.isEmpty()) {
                for (JsonNode item : (ArrayNode) ours) {
                    assertSameShape(path + "[]", seed.get(0), item, exact);
                }
            }
        } else if (seed.isNumber()) {
            assertThat(ours.isNumber()).as(path + " should be a number: " + ours).isTrue();
        } else if (seed.isTextual()) {
            assertThat(ours.isTextual()).as(path + " should be a string: " + ours).isTrue();
        } else if (seed.isBoolean()) {
            assertThat(ours.isBoolean()).as(path + " should be a boolean: " + ours).isTrue();
        }
    }
}
