package io.pharos.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Fixtures.Call;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run search through its index (run_search): every term finds what a LIKE over every run
 * finds, whatever its length, case, wildcards or position in the text, after a run's names
 * change and after a run is deleted. Over real HTTP, once on H2, once on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunSearchContractTest {
    TestServer server;
    Http http;
    String admin;
    String alice;
    String bob;
    String quick;
    String renamed;
    String bobs;

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-run-search"));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        alice = Http.bearer(server.newUserToken("alice", false));
        bob = Http.bearer(server.newUserToken("bob_the_builder", false));
        quick = run(alice, Map.of("runName", "quick_brown_fox", "projectName", "nf-core/RNAseq",
                "sessionId", "0a1b2c3d-4e5f-6789-abcd-ef0123456789", "userName", "Zoe.Lab"));
        // Created as one name, begun and completed as another: the run answers to the new one only.
        renamed = run(alice, Map.of("runName", "first_name_given", "projectName", "hello.nf",
                "sessionId", "11111111-2222-3333-4444-555555555555", "userName", "root"),
                Map.of("runName", "second_name_taken"));
        bobs = run(bob, Map.of("runName", "lazy_dog_jumps", "projectName", "nf-core/sarek",
                "sessionId", "99999999-8888-7777-6666-555555555555", "userName", "root"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void free_text_finds_any_part_of_a_name_in_any_case_and_length() {
        for (String term : List.of("q", "qu", "qui", "brown", "BROWN_FOX", "quick_brown_fox", "own_f", "rnaseq",
                "nf-core/rna", "3d-4e5f", "ef0123456789", "0A1B2C3D-4E5F-6789-ABCD-EF0123456789")) {
            assertThat(ids(search(term, alice))).as(term).contains(quick);
        }
        for (String term : List.of("quick_brown_foxes", "brownfox", "zoe.lab", "x_brown")) {
            assertThat(ids(search(term, alice))).as(term).doesNotContain(quick);
        }
        // Longer than the index's pieces: the index narrows by the start, the LIKE decides.
        assertThat(ids(search("quick_brown_fox_and_more", alice))).isEmpty();
        assertThat(ids(search("nf-core/rnaseq", admin))).containsExactly(quick);
    }

    @Test
    void wildcards_keyed_terms_and_username_use_the_same_index() {
        assertThat(ids(search("quick*fox", alice))).containsExactly(quick);
        assertThat(ids(search("*fox", alice))).containsExactly(quick);
        assertThat(ids(search("quick*", alice))).containsExactly(quick);
        assertThat(ids(search("*brown*", alice))).containsExactly(quick);
        assertThat(ids(search("brown*", alice))).isEmpty();
        assertThat(ids(search("runName:BROWN", alice))).containsExactly(quick);
        assertThat(ids(search("projectName:sarek", admin))).containsExactly(bobs);
        assertThat(ids(search("sessionId:6789-abcd", alice))).containsExactly(quick);
        assertThat(ids(search("sessionId:rnaseq", alice))).isEmpty();
        // username: the user name Nextflow reported, or the owner's Pharos name
        assertThat(ids(search("username:zoe.l", alice))).containsExactly(quick);
        assertThat(ids(search("username:ZOE*", alice))).containsExactly(quick);
        assertThat(ids(search("username:builder", admin))).containsExactly(bobs);
        assertThat(ids(search("username:root", admin))).contains(renamed, bobs).doesNotContain(quick);
        assertThat(ids(search("username:ro", admin))).contains(renamed, bobs);
        // a user still sees only their own runs
        assertThat(ids(search("username:builder", alice))).isEmpty();
        assertThat(ids(search("lazy_dog", alice))).isEmpty();
        assertThat(ids(search("lazy_dog", bob))).containsExactly(bobs);
        // a term outside ASCII is searched without the index, with the same answer
        assertThat(ids(search("brøwn", alice))).isEmpty();
    }

    @Test
    void a_renamed_run_answers_to_its_new_name_and_a_deleted_run_to_none() {
        assertThat(ids(search("second_name", alice))).containsExactly(renamed);
        assertThat(ids(search("first_name", alice))).isEmpty();
        String doomed = run(alice, Map.of("runName", "doomed_run_name", "projectName", "hello.nf",
                "sessionId", "abababab-2222-3333-4444-555555555555", "userName", "root"));
        assertThat(ids(search("doomed_run", alice))).containsExactly(doomed);
        assertThat(indexRows(doomed)).isPositive();
        assertThat(http.send("DELETE", "/api/workflow/" + doomed, alice, null).status() / 100).isEqualTo(2);
        assertThat(ids(search("doomed_run", alice))).isEmpty();
        assertThat(indexRows(doomed)).isZero();
    }

    @Test
    void total_counts_the_matches() {
        JsonNode page = get("/api/workflows?max=1&search=" + enc("username:root"), admin);
        assertThat(page.get("totalSize").asLong()).isEqualTo(2);
        assertThat(page.get("workflows")).hasSize(1);
    }

    @Test
    void a_term_in_many_runs_pages_newest_first_with_the_right_total() {
        // More matches than RunQueries.INDEXED_PAGE_MAX: the page then walks the runs newest first.
        int n = (int) RunQueries.INDEXED_PAGE_MAX + 30;
        long owner = server.app().auth().findUser("alice").orElseThrow().id();
        java.time.Instant t0 = java.time.Instant.parse("2031-01-01T00:00:00Z");
        List<String> made = new ArrayList<>();
        server.app().db().jdbi().useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO workflows (id, owner_id, status, date_created, last_updated,"
                    + " last_contact, run_name, traced) VALUES (:id, :owner, 'SUCCEEDED', :t, :t, :t, :name, TRUE)");
            for (int i = 0; i < n; i++) {
                String id = String.format("Many%010d", i);
                made.add(id);
                batch.bind("id", id).bind("owner", owner).bind("t", t0.plusSeconds(i)).bind("name", "many_runs_" + i)
                        .add();
            }
            batch.execute();
            var progress = h.prepareBatch("INSERT INTO workflow_progress (workflow_id, date_created, last_updated)"
                    + " VALUES (:id, :t, :t)");
            made.forEach(id -> progress.bind("id", id).bind("t", t0).add());
            progress.execute();
            made.forEach(id -> RunSearchIndex.index(h, id));
            h.execute("UPDATE users SET run_count = run_count + ? WHERE id = ?", n, owner); // as RunLifecycle.create does
        });
        JsonNode first = get("/api/workflows?max=50&search=" + enc("many_runs"), alice);
        assertThat(first.get("totalSize").asLong()).isEqualTo(n);
        assertThat(ids(first)).isEqualTo(reversed(made).subList(0, 50));
        JsonNode deep = get("/api/workflows?max=50&offset=2000&search=" + enc("runName:MANY_RUNS"), alice);
        assertThat(deep.get("totalSize").asLong()).isEqualTo(n);
        assertThat(ids(deep)).isEqualTo(reversed(made).subList(2000, n));
        // Few matches among them: through the index.
        assertThat(ids(search("many_runs_1999", alice))).containsExactly("Many0000001999");
    }

    @Test
    void an_unfiltered_list_totals_from_kept_counts_that_stay_exact() {
        String carol = Http.bearer(server.newUserToken("carol_counts", false));
        assertThat(total(carol)).isZero();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(run(carol, Map.of("runName", "counted_" + i, "projectName", "counting/pipeline",
                    "sessionId", "c0c0c0c0-0000-4000-8000-00000000000" + i, "userName", "carol.counts")));
        }
        assertThat(total(carol)).isEqualTo(3).isEqualTo(stored("owner_id = (SELECT id FROM users WHERE name = 'carol_counts')"));
        assertThat(total(admin)).isEqualTo(stored("1 = 1"));
        assertThat(http.send("DELETE", "/api/workflow/" + runs.get(0), carol, null).status()).isEqualTo(204);
        assertThat(http.send("DELETE", "/api/workflow/" + runs.get(0), carol, null).status()).isEqualTo(404);
        assertThat(total(carol)).isEqualTo(2);
        // Another user's delete changes nothing; a bulk delete counts only what it deleted.
        assertThat(http.send("DELETE", "/api/workflow/" + runs.get(1), bob, null).status()).isIn(403, 404);
        assertThat(total(carol)).isEqualTo(2);
        Http.Response bulk = http.send("POST", "/api/workflow/delete", carol,
                "{\"workflowIds\":[\"" + runs.get(1) + "\",\"" + runs.get(0) + "\",\"" + quick + "\"]}");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().get("failedWorkflowIds")).hasSize(2);
        assertThat(total(carol)).isEqualTo(1).isEqualTo(stored("owner_id = (SELECT id FROM users WHERE name = 'carol_counts')"));
        assertThat(total(admin)).isEqualTo(stored("1 = 1"));
        // A search still counts its matches.
        assertThat(search("counted_2", carol).get("totalSize").asLong()).isEqualTo(1);
    }

    private long total(String token) {
        return get("/api/workflows?max=1", token).get("totalSize").asLong();
    }

    private long stored(String where) {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM workflows WHERE " + where)
                .mapTo(Long.class).one());
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private long indexRows(String run) {
        return server.app().db().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM run_search WHERE workflow_id = :id").bind("id", run).mapTo(Long.class).one());
    }

    /** Replays a real run with its names replaced: {@code names} from create on, {@code later} from begin on. */
    private String run(String token, Map<String, String> names) {
        return run(token, names, Map.of());
    }

    private String run(String token, Map<String, String> names, Map<String, String> later) {
        List<Call> calls = new ArrayList<>();
        for (Call c : Fixtures.nextflowTower("nf25.04.0-ok")) {
            ObjectNode body = c.body().deepCopy();
            ObjectNode target = body.has("workflow") ? (ObjectNode) body.get("workflow") : body;
            names.forEach((k, v) -> {
                if (target.has(k) || body.has("workflow")) {
                    target.put(k, v);
                }
            });
            if (body.has("workflow")) {
                later.forEach(target::put);
            }
            calls.add(new Call(c.method(), c.path(), body));
        }
        return new Replayer(http, token).replay(calls);
    }

    private JsonNode search(String term, String token) {
        return get("/api/workflows?max=100&search=" + enc(term), token);
    }

    private JsonNode get(String path, String token) {
        Http.Response r = http.get(path, token);
        assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("workflows").forEach(w -> out.add(w.at("/workflow/id").asText()));
        return out;
    }
}
