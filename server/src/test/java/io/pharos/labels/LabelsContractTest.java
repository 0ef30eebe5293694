package io.pharos.labels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.SeqeraSchemas;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Labels, labels on runs, stars, the run search's new terms, bulk delete, and run names, over
 * real HTTP against runs replayed from real Nextflow traffic. Once on H2, once on PostgreSQL.
 * Every answer is checked against the published Seqera API ({@link #checked}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LabelsContractTest {
    TestServer server;
    Http http;
    String admin;
    String alice;
    String bob;
    final AtomicInteger serial = new AtomicInteger();

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-labels"));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        alice = Http.bearer(server.newUserToken("alice", false));
        bob = Http.bearer(server.newUserToken("bob", false));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- labels ----

    @Test
    void a_label_is_created_listed_renamed_and_deleted() {
        JsonNode simple = ok(post("/api/labels", alice, "{\"name\": \"crud-simple\"}"));
        assertThat(fields(simple)).containsExactly("id", "name", "resource", "isDefault");
        assertThat(simple.get("name").asText()).isEqualTo("crud-simple");
        assertThat(simple.get("resource").asBoolean()).isFalse();
        assertThat(simple.get("isDefault").asBoolean()).isFalse();
        JsonNode resource = ok(post("/api/labels", alice,
                "{\"name\": \"crud-owner\", \"value\": \"team:genomics\", \"resource\": true, \"isDefault\": true}"));
        assertThat(resource.get("value").asText()).isEqualTo("team:genomics");
        assertThat(resource.get("isDefault").asBoolean()).isTrue();
        // The same name (and value) again is the same label, as the spec says.
        JsonNode again = ok(post("/api/labels", alice, "{\"name\": \"crud-simple\"}"));
        assertThat(again.get("id").asLong()).isEqualTo(simple.get("id").asLong());

        JsonNode list = ok(get("/api/labels?search=crud-", alice));
        assertThat(list.get("totalSize").asLong()).isEqualTo(2);
        assertThat(names(list)).containsExactly("crud-owner", "crud-simple");
        JsonNode entry = list.get("labels").get(0);
        assertThat(fields(entry)).containsExactly("id", "name", "value", "resource", "isDefault", "isDynamic",
                "isInterpolated", "dateCreated");
        assertThat(names(ok(get("/api/labels?search=crud-&type=simple", alice))))
                .containsExactly("crud-simple");
        assertThat(names(ok(get("/api/labels?search=crud-&type=resource", alice))))
                .containsExactly("crud-owner");
        assertThat(names(ok(get("/api/labels?search=crud-&isDefault=true", alice))))
                .containsExactly("crud-owner");
        JsonNode page = ok(get("/api/labels?search=crud-&max=1&offset=1", alice));
        assertThat(names(page)).containsExactly("crud-simple");
        assertThat(page.get("totalSize").asLong()).isEqualTo(2);
        // Searching finds values too.
        assertThat(names(ok(get("/api/labels?search=GENOMICS", alice)))).contains("crud-owner");
        // Another user sees none of them.
        assertThat(names(ok(get("/api/labels?search=crud-", bob)))).isEmpty();

        long id = simple.get("id").asLong();
        JsonNode renamed = ok(put("/api/labels/" + id, alice,
                "{\"name\": \"crud-renamed\", \"isDefault\": true}"));
        assertThat(fields(renamed)).containsExactly("id", "name", "isDefault");
        assertThat(renamed.get("name").asText()).isEqualTo("crud-renamed");
        assertThat(renamed.get("isDefault").asBoolean()).isTrue();
        assertThat(names(ok(get("/api/labels?search=crud-", alice))))
                .containsExactly("crud-owner", "crud-renamed");

        assertThat(delete("/api/labels/" + id, alice, null).status()).isEqualTo(204);
        assertThat(names(ok(get("/api/labels?search=crud-", alice)))).containsExactly("crud-owner");
        error(404, put("/api/labels/" + id, alice, "{\"name\": \"x\"}"));
        error(404, delete("/api/labels/" + id, alice, null));
    }

    @Test
    void bad_label_requests_are_400_and_change_nothing() {
        long id = label(alice, "bad-input-base");
        label(alice, "bad-input-taken");
        String before = labelsOf(alice);
        for (String body : List.of("{}", "{\"name\": \"\"}", "{\"name\": \"has space\"}", "{\"name\": \"-dash\"}",
                "{\"name\": \"" + "x".repeat(40) + "\"}", "{\"name\": \"v\", \"value\": \"1\"}",
                "{\"name\": \"r\", \"resource\": true}", "{\"name\": \"r\", \"resource\": true, \"value\": \"a b\"}",
                "{\"name\": [1]}", "{\"name\": \"ok\", \"isDefault\": \"maybe\"}", "{\"name\": ", "null", "[]")) {
            error(400, post("/api/labels", alice, body));
        }
        error(400, put("/api/labels/" + id, alice, "{\"name\": \"no/slash\"}"));
        error(400, put("/api/labels/" + id, alice, "{\"value\": \"simple-labels-have-none\"}"));
        error(400, put("/api/labels/abc", alice, "{\"name\": \"x\"}"));
        error(400, delete("/api/labels/abc", alice, null));
        error(400, get("/api/labels?type=other", alice));
        error(400, get("/api/labels?isDefault=yes", alice));
        error(400, get("/api/labels?max=0", alice));
        error(400, get("/api/labels?max=1001", alice));
        error(400, get("/api/labels?offset=-1", alice));
        // A name in use is a conflict.
        error(409, put("/api/labels/" + id, alice, "{\"name\": \"bad-input-taken\"}"));
        assertThat(labelsOf(alice)).isEqualTo(before);
        assertThat(names(get("/api/labels?search=bad-input", alice))).containsExactly("bad-input-base", "bad-input-taken");
    }

    @Test
    void another_users_label_cannot_be_changed_deleted_or_used_and_an_admin_may_change_it() {
        long id = label(alice, "guarded");
        error(403, put("/api/labels/" + id, bob, "{\"name\": \"taken-over\"}"));
        error(403, delete("/api/labels/" + id, bob, null));
        String bobRun = replay(bob);
        error(403, post("/api/workflow/labels/add", bob, associate(bobRun, id)));
        assertThat(labelsOnRun(bobRun, bob)).isEmpty();
        assertThat(names(get("/api/labels?search=guarded", alice))).containsExactly("guarded");
        // An admin may change a user's label, and it stays that user's.
        assertThat(ok(put("/api/labels/" + id, admin, "{\"isDefault\": true}"))
                .get("isDefault").asBoolean()).isTrue();
        assertThat(names(get("/api/labels?search=guarded", alice))).containsExactly("guarded");
        assertThat(names(get("/api/labels?search=guarded", admin))).isEmpty();
    }

    // ---- labels on runs ----

    @Test
    void labels_are_added_applied_and_removed_and_runs_carry_them_when_asked() {
        String run1 = replay(alice);
        String run2 = replay(alice);
        long a = label(alice, "assoc-a");
        long b = resourceLabel(alice, "assoc-b", "v1");
        long c = label(alice, "assoc-c");
        assertThat(post("/api/workflow/labels/add", alice, associate(List.of(run1, run2), a, b)).status()).isEqualTo(204);
        assertThat(labelsOnRun(run1, alice)).containsExactly("assoc-a", "assoc-b=v1");
        assertThat(labelsOnRun(run2, alice)).containsExactly("assoc-a", "assoc-b=v1");
        // Adding again keeps one of each.
        assertThat(post("/api/workflow/labels/add", alice, associate(run1, a, c)).status()).isEqualTo(204);
        assertThat(labelsOnRun(run1, alice)).containsExactly("assoc-a", "assoc-b=v1", "assoc-c");
        // apply replaces the set.
        assertThat(post("/api/workflow/labels/apply", alice, associate(run1, c)).status()).isEqualTo(204);
        assertThat(labelsOnRun(run1, alice)).containsExactly("assoc-c");
        assertThat(labelsOnRun(run2, alice)).containsExactly("assoc-a", "assoc-b=v1");
        assertThat(post("/api/workflow/labels/remove", alice, associate(run2, a)).status()).isEqualTo(204);
        assertThat(labelsOnRun(run2, alice)).containsExactly("assoc-b=v1");
        assertThat(post("/api/workflow/labels/apply", alice, associate(run2)).status()).isEqualTo(204);
        assertThat(labelsOnRun(run2, alice)).isEmpty();

        // The Seqera shape of the list has labels only when asked (else null), and starred always;
        // the seed's shape neither.
        JsonNode seqera = ok(get("/api/workflow?includeTotalSize=true&search=workflowId:" + run1, alice));
        assertThat(seqera.at("/workflows/0/labels").isNull()).isTrue();
        assertThat(seqera.at("/workflows/0/starred").isBoolean()).isTrue();
        JsonNode seed = ok(get("/api/workflow?search=workflowId:" + run1, alice));
        assertThat(fields(seed.at("/workflows/0"))).containsExactly("workflow", "progress");
        JsonNode item = ok(get("/api/workflows?attributes=labels&search=workflowId:" + run1, alice)).at("/workflows/0");
        assertThat(item.get("labels")).hasSize(1);
        assertThat(fields(item.get("labels").get(0))).containsExactly("id", "name", "resource", "isDefault",
                "isDynamic", "isInterpolated", "dateCreated");
        // Describe: the seed's two keys, and in the Seqera shape labels when asked.
        JsonNode describe = get("/api/workflow/" + run1, alice).json();
        assertThat(fields(describe)).containsExactly("workflow", "progress");
        JsonNode described = ok(get("/api/workflow/" + run1 + "?attributes=labels", alice));
        assertThat(described.at("/labels/0/name").asText()).isEqualTo("assoc-c");
        // An admin sees the owner's labels on the owner's run.
        assertThat(labelsOnRun(run1, admin)).containsExactly("assoc-c");

        // Deleting a label takes it off every run.
        assertThat(post("/api/workflow/labels/add", alice, associate(List.of(run1, run2), a)).status()).isEqualTo(204);
        assertThat(delete("/api/labels/" + a, alice, null).status()).isEqualTo(204);
        assertThat(labelsOnRun(run1, alice)).containsExactly("assoc-c");
        assertThat(labelsOnRun(run2, alice)).isEmpty();
    }

    @Test
    void a_foreign_or_unknown_id_refuses_the_whole_request_and_changes_nothing() {
        String mine = replay(alice);
        String bobs = replay(bob);
        long a = label(alice, "refuse-a");
        long bobsLabel = label(bob, "refuse-bob");
        assertThat(post("/api/workflow/labels/add", alice, associate(mine, a)).status()).isEqualTo(204);
        for (String how : List.of("add", "apply", "remove")) {
            String path = "/api/workflow/labels/" + how;
            error(403, post(path, alice, associate(List.of(mine, bobs), a)));
            error(403, post(path, alice, associate(List.of(mine), a, bobsLabel)));
            error(404, post(path, alice, associate(List.of(mine, "NoSuchRun00000"), a)));
            error(404, post(path, alice, associate(List.of(mine), a, 987654321L)));
            error(400, post(path, alice, associate(List.of(mine, "not-an-id!"), a)));
            error(400, post(path, alice, "{\"labelIds\": [" + a + "]}"));
            error(400, post(path, alice, "{\"workflowIds\": [], \"labelIds\": [" + a + "]}"));
            error(400, post(path, alice, "{\"workflowIds\": [\"" + mine + "\"]}"));
            error(400, post(path, alice, "{\"workflowIds\": [\"" + mine + "\"], \"labelIds\": [\"x\"]}"));
            error(400, post(path, alice, "{\"workflowIds\": [\"" + mine + "\"], \"labelIds\": [null]}"));
            error(400, post(path, alice, "{\"workflowIds\": \"" + mine + "\""));
            assertThat(labelsOnRun(mine, alice)).containsExactly("refuse-a");
            assertThat(labelsOnRun(bobs, bob)).isEmpty();
        }
        // An admin may put the owner's labels on the owner's runs, but not the admin's own labels.
        long adminsLabel = label(admin, "refuse-admin");
        error(400, post("/api/workflow/labels/add", admin, associate(mine, adminsLabel)));
        long b = label(alice, "refuse-b");
        assertThat(post("/api/workflow/labels/add", admin, associate(mine, b)).status()).isEqualTo(204);
        assertThat(labelsOnRun(mine, alice)).containsExactly("refuse-a", "refuse-b");
    }

    // ---- stars ----

    @Test
    void a_run_is_starred_and_unstarred_by_each_user_for_themselves() {
        String run = replay(alice);
        error(404, get("/api/workflow/" + run + "/star", alice));
        JsonNode starred = ok(post("/api/workflow/" + run + "/star", alice, null));
        assertThat(fields(starred)).containsExactly("workflowId");
        assertThat(starred.get("workflowId").asText()).isEqualTo(run);
        assertThat(ok(get("/api/workflow/" + run + "/star", alice))
                .get("workflowId").asText()).isEqualTo(run);
        error(409, post("/api/workflow/" + run + "/star", alice, null));
        assertThat(starredInList(run, alice)).isTrue();
        // The admin's view of the same run has the admin's own star, not alice's.
        assertThat(starredInList(run, admin)).isFalse();
        error(404, get("/api/workflow/" + run + "/star", admin));
        error(403, post("/api/workflow/" + run + "/star", bob, null));
        error(403, get("/api/workflow/" + run + "/star", bob));
        error(403, delete("/api/workflow/" + run + "/star", bob, null));
        error(404, post("/api/workflow/NoSuchRun00000/star", alice, null));
        error(400, post("/api/workflow/bad!id/star", alice, null));

        assertThat(ok(delete("/api/workflow/" + run + "/star", alice, null))
                .get("workflowId").asText()).isEqualTo(run);
        error(404, get("/api/workflow/" + run + "/star", alice));
        error(404, delete("/api/workflow/" + run + "/star", alice, null));
        assertThat(starredInList(run, alice)).isFalse();
    }

    // ---- search ----

    @Test
    void runs_are_found_by_label_star_id_and_wildcards() {
        String tag = "s" + serial.incrementAndGet();
        String x = replayNamed(alice, "gentle_" + tag + "_one");
        String y = replayNamed(alice, "brisk_" + tag + "_two");
        String z = replayNamed(alice, "gentle_" + tag + "_three");
        long red = label(alice, tag + "-red");
        long blue = label(alice, tag + "-blue");
        long env = resourceLabel(alice, tag + "-env", "prod");
        post("/api/workflow/labels/add", alice, associate(List.of(x, y), red));
        post("/api/workflow/labels/add", alice, associate(List.of(x), blue, env));
        post("/api/workflow/" + z + "/star", alice, null);

        assertThat(search(alice, "label:" + tag + "-red")).containsExactlyInAnyOrder(x, y);
        assertThat(search(alice, "label:" + tag.toUpperCase() + "-RED")).containsExactlyInAnyOrder(x, y);
        assertThat(search(alice, "label:" + tag + "-red label:" + tag + "-blue")).containsExactly(x);
        assertThat(search(alice, "label:" + tag + "-*")).containsExactlyInAnyOrder(x, y);
        assertThat(search(alice, "label:" + tag + "-env=prod")).containsExactly(x);
        assertThat(search(alice, "label:" + tag + "-env=pr*")).containsExactly(x);
        assertThat(search(alice, "label:" + tag + "-env=dev")).isEmpty();
        assertThat(search(alice, "label:" + tag + "-env")).containsExactly(x);
        assertThat(search(alice, "label:" + tag + "-re")).isEmpty(); // a name is matched whole unless '*' says otherwise
        assertThat(search(alice, "is:starred runName:*_" + tag + "_*")).containsExactly(z);
        assertThat(search(alice, "workflowId:" + y)).containsExactly(y);
        assertThat(search(alice, "workflowId:" + y.toLowerCase())).isEqualTo(y.equals(y.toLowerCase()) ? List.of(y) : List.of());
        assertThat(search(alice, "workflowId:" + y.substring(0, 6) + "*")).contains(y);
        // Wildcards: in key:value terms and in free text, anchored at both ends.
        assertThat(search(alice, "runName:gentle_" + tag + "*")).containsExactlyInAnyOrder(x, z);
        assertThat(search(alice, "runName:*" + tag + "_two")).containsExactly(y);
        assertThat(search(alice, "gentle_" + tag + "_*e")).containsExactlyInAnyOrder(x, z);
        assertThat(search(alice, "*" + tag + "_t*")).containsExactlyInAnyOrder(y, z);
        // Without '*', free text is still found anywhere in the name.
        assertThat(search(alice, tag + "_tw")).containsExactly(y);
        assertThat(search(alice, "label:" + tag + "-red status:SUCCEEDED")).containsExactlyInAnyOrder(x, y);
        // Another user's labels and stars find nothing of theirs; an admin's is:starred is the admin's stars.
        assertThat(search(bob, "label:" + tag + "-red")).isEmpty();
        assertThat(search(admin, "is:starred runName:*_" + tag + "_*")).isEmpty();
        assertThat(search(admin, "label:" + tag + "-red")).containsExactlyInAnyOrder(x, y);

        error(400, get("/api/workflow?search=is:flagged", alice));
        error(400, get("/api/workflow?search=label:", alice));
        error(400, get("/api/workflow?search=color:red", alice));
    }

    // ---- bulk delete ----

    @Test
    void bulk_delete_deletes_what_it_may_and_names_the_rest() {
        String ended = replay(alice);
        String live = replayLive(alice);
        String bobs = replay(bob);
        JsonNode r = ok(post("/api/workflow/delete", alice,
                deleteBody(ended, live, bobs, "NoSuchRun00000", "bad!")));
        assertThat(fields(r)).containsExactly("failedWorkflowIds");
        assertThat(strings(r.get("failedWorkflowIds"))).containsExactly(live, bobs, "NoSuchRun00000", "bad!");
        assertThat(get("/api/workflow/" + ended, alice).status()).isEqualTo(404);
        assertThat(get("/api/workflow/" + live, alice).status()).isEqualTo(200);
        assertThat(get("/api/workflow/" + bobs, bob).status()).isEqualTo(200);

        // force deletes a live run too, never another user's.
        JsonNode forced = ok(post("/api/workflow/delete?force=true", alice, deleteBody(live, bobs)));
        assertThat(strings(forced.get("failedWorkflowIds"))).containsExactly(bobs);
        assertThat(get("/api/workflow/" + live, alice).status()).isEqualTo(404);
        assertThat(get("/api/workflow/" + bobs, bob).status()).isEqualTo(200);
        // An admin may delete any user's run.
        assertThat(strings(ok(post("/api/workflow/delete", admin, deleteBody(bobs)))
                .get("failedWorkflowIds"))).isEmpty();
        assertThat(get("/api/workflow/" + bobs, bob).status()).isEqualTo(404);

        String kept = replay(alice);
        error(400, post("/api/workflow/delete", alice, "{}"));
        error(400, post("/api/workflow/delete", alice, "{\"workflowIds\": []}"));
        error(400, post("/api/workflow/delete", alice, "{\"workflowIds\": \"" + kept + "\"}"));
        error(400, post("/api/workflow/delete?force=yes", alice, deleteBody(kept)));
        error(400, post("/api/workflow/delete", alice, "{\"workflowIds\": [\"" + kept + "\""));
        assertThat(get("/api/workflow/" + kept, alice).status()).isEqualTo(200);
    }

    @Test
    void delete_of_one_run_takes_force_as_true_or_false_only() {
        String live = replayLive(alice);
        error(409, delete("/api/workflow/" + live + "?force=false", alice, null));
        error(400, delete("/api/workflow/" + live + "?force=1", alice, null));
        assertThat(get("/api/workflow/" + live, alice).status()).isEqualTo(200);
        assertThat(delete("/api/workflow/" + live + "?force=true", alice, null).status()).isEqualTo(204);
    }

    // ---- run names ----

    @Test
    void random_names_are_nextflow_style_and_valid() {
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            JsonNode r = ok(get("/api/workflow/random-name", alice));
            assertThat(fields(r)).containsExactly("name");
            String name = r.get("name").asText();
            assertThat(name).matches("[a-z]+_[a-z]+");
            assertThat(get("/api/workflow/validate?runName=" + name, alice).status()).isEqualTo(204);
            seen.add(name);
        }
        assertThat(seen.size()).isGreaterThan(1);
    }

    @Test
    void validate_accepts_nextflow_run_names_and_refuses_malformed_and_taken_ones() {
        String run = replay(alice);
        JsonNode wf = get("/api/workflow/" + run, alice).json().get("workflow");
        String name = wf.get("runName").asText();
        String session = wf.get("sessionId").asText();
        for (String good : List.of("a", "Bad_Name", "a-b_c9", "x".repeat(80))) {
            assertThat(get("/api/workflow/validate?runName=" + good, alice).status()).as(good).isEqualTo(204);
        }
        for (String bad : List.of("", "9abc", "abc-", "ab--c", "a__b", "_ab", "last", "has%20space", "x".repeat(81),
                "caf%C3%A9")) {
            error(400, get("/api/workflow/validate?runName=" + bad, alice));
        }
        error(400, get("/api/workflow/validate", alice));
        // Taken: the same name with the same session by a run of the caller.
        error(409, get("/api/workflow/validate?runName=" + name + "&sessionId=" + session, alice));
        assertThat(get("/api/workflow/validate?runName=" + name, alice).status()).isEqualTo(204);
        assertThat(get("/api/workflow/validate?runName=" + name + "&sessionId=other-session", alice).status())
                .isEqualTo(204);
        // Another user's runs are not theirs to learn about.
        assertThat(get("/api/workflow/validate?runName=" + name + "&sessionId=" + session, bob).status())
                .isEqualTo(204);
    }

    // ---- helpers ----

    /** A 200 (its body already checked against the spec by the call); the body. */
    static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** An error with this status and a message (its body already checked as the spec's ErrorResponse). */
    static void error(int status, Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    Http.Response get(String path, String auth) {
        return checked("GET", path, http.get(path, auth));
    }

    Http.Response post(String path, String auth, String body) {
        return checked("POST", path, http.send("POST", path, auth, body));
    }

    Http.Response put(String path, String auth, String body) {
        return checked("PUT", path, http.send("PUT", path, auth, body));
    }

    Http.Response delete(String path, String auth, String body) {
        return checked("DELETE", path, http.send("DELETE", path, auth, body));
    }

    /**
     * Every answer against the published Seqera API: whole, for the endpoints of this feature and
     * for every error; for run lists and describe (whose seed fields are not this test's business)
     * each label they carry, as LabelDbDto.
     */
    static Http.Response checked(String method, String path, Http.Response r) {
        String p = path.replaceAll("\\?.*", "");
        boolean runRead = method.equals("GET") && (p.equals("/api/workflow") || p.equals("/api/workflows")
                || p.matches("/api/workflow/[^/]+") && !p.endsWith("/random-name") && !p.endsWith("/validate"));
        if (p.equals("/api/workflows")) {
            return r; // the seed's spelling; the spec has only /workflow
        }
        if (!runRead || r.status() >= 400) {
            SeqeraSchemas.assertAnswer(method, path, r);
        } else {
            JsonNode body = r.json();
            List<JsonNode> labels = new ArrayList<>();
            body.findValues("labels").forEach(list -> list.forEach(labels::add));
            for (JsonNode l : labels) {
                assertThat(SeqeraSchemas.violations("LabelDbDto", l.toString())).as(l.toString()).isEmpty();
                assertThat(SeqeraSchemas.unknownFields("LabelDbDto", l.toString())).as(l.toString()).isEmpty();
            }
            boolean seqeraShape = path.contains("attributes=") || path.contains("includeTotalSize=")
                    || path.contains("workspaceId=");
            body.path("workflows").forEach(item -> {
                if (seqeraShape) {
                    assertThat(item.get("starred").isBoolean()).as(item.toString()).isTrue();
                } else {
                    assertThat(item.has("starred") || item.has("labels")).as("the seed's shape").isFalse();
                }
            });
        }
        return r;
    }

    long label(String auth, String name) {
        Http.Response r = post("/api/labels", auth, "{\"name\": \"" + name + "\"}");
        return ok(r).get("id").asLong();
    }

    long resourceLabel(String auth, String name, String value) {
        Http.Response r = post("/api/labels", auth, "{\"name\": \"" + name + "\", \"value\": \"" + value
                + "\", \"resource\": true}");
        return ok(r).get("id").asLong();
    }

    String labelsOf(String auth) {
        return get("/api/labels?max=1000", auth).body();
    }

    static String associate(String run, long... labels) {
        return associate(List.of(run), labels);
    }

    static String associate(List<String> runs, long... labels) {
        ObjectNode n = Http.JSON.createObjectNode();
        runs.forEach(n.putArray("workflowIds")::add);
        var ids = n.putArray("labelIds");
        for (long l : labels) {
            ids.add(l);
        }
        return n.toString();
    }

    static String deleteBody(String... runs) {
        ObjectNode n = Http.JSON.createObjectNode();
        for (String r : runs) {
            n.withArray("workflowIds").add(r);
        }
        return n.toString();
    }

    /** A run's labels as name or name=value, from the list with attributes=labels. */
    List<String> labelsOnRun(String run, String auth) {
        JsonNode list = ok(get("/api/workflow?attributes=labels&search=workflowId:" + run, auth));
        assertThat(list.get("workflows")).hasSize(1);
        List<String> out = new ArrayList<>();
        list.at("/workflows/0/labels").forEach(l -> out.add(l.get("name").asText()
                + (l.has("value") ? "=" + l.get("value").asText() : "")));
        return out;
    }

    /** Whether the run is starred for this caller, as the Seqera shape of the run list says. */
    boolean starredInList(String run, String auth) {
        JsonNode item = ok(get("/api/workflow?includeTotalSize=true&search=workflowId:" + run, auth)).at("/workflows/0");
        assertThat(item.get("starred").isBoolean()).isTrue();
        return item.get("starred").asBoolean();
    }

    List<String> search(String auth, String search) {
        JsonNode list = ok(get("/api/workflow?max=1000&search="
                + URLEncoder.encode(search, StandardCharsets.UTF_8), auth));
        assertThat(list.get("totalSize").asLong()).isEqualTo(list.get("workflows").size());
        List<String> out = new ArrayList<>();
        list.get("workflows").forEach(w -> out.add(w.at("/workflow/id").asText()));
        return out;
    }

    static List<String> names(Http.Response r) {
        return names(r.json());
    }

    static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("labels").forEach(l -> out.add(l.get("name").asText()));
        return out;
    }

    static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** An ended run (SUCCEEDED) of real captured traffic. */
    String replay(String auth) {
        return new Replayer(http, auth).replay(Fixtures.nextflowTower("nf24.10.0-ok"));
    }

    /** A run still RUNNING: created, begun, one progress call. */
    String replayLive(String auth) {
        return new Replayer(http, auth).replay(Fixtures.nextflowTower("nf25.04.0-ok").subList(0, 3));
    }

    /** An ended run of real captured traffic, under another run name. */
    String replayNamed(String auth, String runName) {
        List<Fixtures.Call> calls = new ArrayList<>();
        for (Fixtures.Call c : Fixtures.nextflowTower("nf24.10.0-ok")) {
            JsonNode body = c.body() == null ? null : c.body().deepCopy();
            if (body instanceof ObjectNode o && o.has("runName")) {
                o.put("runName", runName);
            }
            if (body != null && body.get("workflow") instanceof ObjectNode w && w.has("runName")) {
                w.put("runName", runName);
            }
            calls.add(new Fixtures.Call(c.method(), c.path(), body));
        }
        String id = new Replayer(http, auth).replay(calls);
        assertThat(get("/api/workflow/" + id, auth).json().at("/workflow/runName").asText()).isEqualTo(runName);
        return id;
    }
}
