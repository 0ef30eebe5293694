package io.pharos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.SeqeraSchemas;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the caller is and which workspaces they belong to, in the Seqera Platform's shapes, and the
 * {@code workspaceId} every API route takes: a workspace the caller belongs to changes nothing, any
 * other is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkspacesContractTest {
    abstract TestDb.Kind kind();

    private TestServer server;
    private Http http;
    private String alice;
    private String bob;
    private long aliceId;
    private long bobId;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.onNewDatabase(kind(), dataDir);
        http = server.http();
        alice = server.newUserToken("alice", false);
        bob = server.newUserToken("bob", false);
        aliceId = http.get("/api/user-info", Http.bearer(alice)).json().at("/user/id").asLong();
        bobId = http.get("/api/user-info", Http.bearer(bob)).json().at("/user/id").asLong();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void service_info_reports_the_seqera_api_version_pharos_implements() {
        Http.Response r = http.get("/api/service-info", null);
        SeqeraSchemas.assertAnswer("GET", "/api/service-info", r, "serviceInfo.name", "serviceInfo.serverUrl");
        assertThat(r.json().at("/serviceInfo/apiVersion").asText()).isEqualTo("1.181.0");
    }

    @Test
    void user_info_names_the_personal_workspace_as_default_and_asks_no_consent() {
        Http.Response r = http.get("/api/user-info", Http.bearer(alice));
        SeqeraSchemas.assertAnswer("GET", "/api/user-info", r, "user.role", "user.canLaunch");
        assertThat(r.json().get("needConsent").asBoolean(true)).isFalse();
        assertThat(r.json().get("defaultWorkspaceId").asLong()).isEqualTo(aliceId);
        assertThat(r.json().at("/user/userName").asText()).isEqualTo("alice");
    }

    @Test
    void a_user_lists_their_personal_workspace_and_no_organisation() {
        Http.Response r = http.get("/api/user/" + aliceId + "/workspaces", Http.bearer(alice));
        SeqeraSchemas.assertAnswer("GET", "/api/user/" + aliceId + "/workspaces", r);
        assertThat(r.json().get("orgsAndWorkspaces")).hasSize(1);
        var w = r.json().get("orgsAndWorkspaces").get(0);
        assertThat(w.get("workspaceId").asLong()).isEqualTo(aliceId);
        assertThat(w.get("workspaceName").asText()).isEqualTo("alice");
        assertThat(w.get("orgId").isNull()).isTrue();
        assertThat(w.get("roles").get(0).asText()).isEqualTo("owner");
        assertThat(w.get("visibility").asText()).isEqualTo("PRIVATE");
    }

    @Test
    void another_users_workspaces_are_theirs_to_list_and_an_administrators() {
        Http.Response other = http.get("/api/user/" + bobId + "/workspaces", Http.bearer(alice));
        assertThat(other.status()).isEqualTo(403);
        SeqeraSchemas.assertAnswer("GET", "/api/user/" + bobId + "/workspaces", other);
        Http.Response admin = http.get("/api/user/" + bobId + "/workspaces", Http.bearer(server.adminToken()));
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().at("/orgsAndWorkspaces/0/workspaceId").asLong()).isEqualTo(bobId);
        assertThat(http.get("/api/user/999999/workspaces", Http.bearer(server.adminToken())).status()).isEqualTo(404);
        assertThat(http.get("/api/user/nope/workspaces", Http.bearer(alice)).status()).isEqualTo(400);
    }

    @Test
    void the_own_workspace_changes_nothing_and_any_other_is_refused() {
        String run = new Replayer(http, Http.bearer(alice)).replay(Fixtures.nextflowTower("nf24.10.0-ok"));
        for (String path : new String[] {"/api/workflow", "/api/workflow/" + run, "/api/workflow/" + run + "/progress",
                "/api/workflow/" + run + "/tasks", "/api/compute-envs", "/api/user-info"}) {
            // (an empty workspaceId, as clients send for the personal workspace, asks for the same Seqera shape)
            Http.Response plain = http.get(path + "?workspaceId=", Http.bearer(alice));
            Http.Response own = http.get(path + "?workspaceId=" + aliceId, Http.bearer(alice));
            assertThat(own.status()).as(path).isEqualTo(200);
            assertThat(own.json()).as(path).isEqualTo(plain.json());
            assertThat(http.get(path + "?workspaceId=", Http.bearer(alice)).status()).as(path + " blank").isEqualTo(200);

            Http.Response foreign = http.get(path + "?workspaceId=" + bobId, Http.bearer(alice));
            assertThat(foreign.status()).as(path).isEqualTo(403);
            assertThat(foreign.json().get("message").asText()).contains("not a member of workspace " + bobId);
            Http.Response unknown = http.get(path + "?workspaceId=987654321", Http.bearer(alice));
            assertThat(unknown.status()).as(path).isEqualTo(403);
            Http.Response malformed = http.get(path + "?workspaceId=abc", Http.bearer(alice));
            assertThat(malformed.status()).as(path).isEqualTo(400);
            assertThat(malformed.json().get("message").asText()).contains("workspaceId");
        }
    }

    @Test
    void a_refused_workspace_changes_nothing() {
        String run = new Replayer(http, Http.bearer(alice)).replay(Fixtures.nextflowTower("nf24.10.0-ok"));
        Http.Response r = http.send("DELETE", "/api/workflow/" + run + "?workspaceId=" + bobId, Http.bearer(alice), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(http.get("/api/workflow/" + run, Http.bearer(alice)).status()).isEqualTo(200);
    }

    @Test
    void the_trace_protocol_records_a_run_whatever_workspace_nextflow_names() {
        // Nextflow sends the TOWER_WORKSPACE_ID of a Seqera set-up on every trace call (captured: 4242);
        // refusing would lose the run, so it is recorded in the token owner's workspace.
        var calls = Fixtures.nextflowTower("nf25.04.0-fail-ws");
        Replayer replayer = new Replayer(http, Http.bearer(alice));
        String run = replayer.replay(calls.subList(0, 2));
        Http.Response hb = http.send("PUT", "/api/trace/" + run + "/heartbeat?workspaceId=" + bobId, Http.bearer(alice), "{}");
        assertThat(hb.status()).isEqualTo(200);
        for (var c : calls.subList(2, calls.size())) {
            assertThat(replayer.send(c, run).status()).isEqualTo(200);
        }
        Http.Response r = http.get("/api/workflow/" + run + "?workspaceId=" + aliceId, Http.bearer(alice));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/workflow/status").asText()).isEqualTo("FAILED");
    }
}
