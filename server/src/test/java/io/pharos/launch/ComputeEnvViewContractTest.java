package io.pharos.launch;

import static io.pharos.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What each caller sees of a compute environment: variable values never (only the head job gets
 * them), scripts and settings only admins and users who may launch, the rest only what
 * identifies it. The list, one environment, and the one a launch record embeds alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ComputeEnvViewContractTest {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String PRE_RUN = "printf '%s' \"$AWS_SECRET_ACCESS_KEY\" > secret-seen.txt";
    static final String NEXTFLOW_CONFIG = "process.cpus = 3 // env-config-marker";
    static final List<String> IDENTITY = List.of("id", "name", "description", "platform", "dateCreated",
            "lastUpdated", "lastUsed", "deleted", "status", "message", "primary", "credentialsId");

    abstract TestDb.Kind kind();

    Path dataDir;
    TestServer server;
    Http http;
    String admin;
    String workDir;
    String envId;
    Http.Response created;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("pharos-env-view");
        server = TestServer.onNewDatabase(kind(), dataDir);
        http = server.http();
        admin = Http.bearer(server.adminToken());
        workDir = dataDir.resolve("secret-work").toString();
        ObjectNode env = Http.JSON.createObjectNode();
        env.put("name", "with-secrets");
        env.put("description", "has credentials");
        ObjectNode cfg = env.putObject("config");
        cfg.put("workDir", workDir);
        cfg.put("preRunScript", PRE_RUN);
        cfg.put("nextflowConfig", NEXTFLOW_CONFIG);
        // The head job's "nextflow" only has to end: the pre-run script is what this test looks at.
        // The variables as a map: the shape Pharos accepted before the spec's list, still accepted.
        cfg.put("nextflowCommand", "true");
        cfg.putObject("environment").put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE").put("AWS_SECRET_ACCESS_KEY", SECRET);
        created = http.send("POST", "/api/compute-envs", admin, env.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        envId = created.json().at("/computeEnv/id").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        LaunchedRuns.killLeftovers(dataDir);
    }

    /** The variables as every answer shows them: the spec's ConfigEnvVariable list, values masked. */
    static JsonNode masked() {
        return Http.JSON.createArrayNode()
                .add(Http.JSON.createObjectNode().put("name", "AWS_ACCESS_KEY_ID").put("value", "********").put("head", true).put("compute", false))
                .add(Http.JSON.createObjectNode().put("name", "AWS_SECRET_ACCESS_KEY").put("value", "********").put("head", true).put("compute", false));
    }

    JsonNode listed(String auth) {
        Http.Response r = http.get("/api/compute-envs", auth);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(SECRET);
        for (JsonNode e : r.json().get("computeEnvs")) {
            if (e.get("id").asText().equals(envId)) {
                return e;
            }
        }
        throw new AssertionError("not listed: " + r.body());
    }

    JsonNode one(String auth) {
        Http.Response r = http.get("/api/compute-envs/" + envId, auth);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(SECRET);
        return r.json().get("computeEnv");
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Only what identifies an environment; values it does not have (a message, ...) are left out. */
    static void assertIdentityOnly(JsonNode e) {
        assertThat(IDENTITY).containsAll(fieldNames(e));
        assertThat(fieldNames(e)).contains("id", "name", "description", "platform", "dateCreated", "lastUpdated",
                "deleted", "status", "primary");
    }

    String userWhoMayLaunch(String name, boolean mayLaunch) {
        String token = server.newUserToken(name, false);
        server.app().auth().setCanLaunch(server.app().auth().requireUser(name).id(), mayLaunch);
        return Http.bearer(token);
    }

    @Test
    void variable_values_are_never_shown_not_even_to_the_admin_who_set_them() {
        assertThat(created.body()).doesNotContain(SECRET).doesNotContain("AKIAIOSFODNN7EXAMPLE");
        for (JsonNode e : List.of(created.json().get("computeEnv"), listed(admin), one(admin))) {
            JsonNode cfg = e.get("config");
            assertThat(cfg.get("environment")).isEqualTo(masked());
            assertThat(cfg.get("preRunScript").asText()).isEqualTo(PRE_RUN);
            assertThat(cfg.get("nextflowConfig").asText()).isEqualTo(NEXTFLOW_CONFIG);
            assertThat(cfg.get("workDir").asText()).isEqualTo(workDir);
            assertThat(cfg.get("nextflowCommand").asText()).isEqualTo("true");
        }
    }

    @Test
    void a_user_who_may_launch_sees_scripts_and_settings_but_no_variable_values() {
        String erin = userWhoMayLaunch("erin", true);
        for (JsonNode e : List.of(listed(erin), one(erin))) {
            assertThat(e.get("name").asText()).isEqualTo("with-secrets");
            assertThat(e.at("/config/environment")).isEqualTo(masked());
            assertThat(e.at("/config/preRunScript").asText()).isEqualTo(PRE_RUN);
            assertThat(e.at("/config/workDir").asText()).isEqualTo(workDir);
        }
    }

    @Test
    void a_user_without_the_launch_permission_sees_only_what_identifies_an_environment() {
        String frank = userWhoMayLaunch("frank", false);
        for (JsonNode e : List.of(listed(frank), one(frank))) {
            assertIdentityOnly(e);
            assertThat(e.get("name").asText()).isEqualTo("with-secrets");
            assertThat(e.get("description").asText()).isEqualTo("has credentials");
            assertThat(e.get("platform").asText()).isEqualTo("local-platform");
            assertThat(e.toString()).doesNotContain("AWS_").doesNotContain("secret-seen")
                    .doesNotContain("env-config-marker").doesNotContain(workDir);
        }
        assertThat(http.get("/api/compute-envs", frank).body()).doesNotContain(dataDir.toString());
    }

    @Test
    void the_head_job_gets_the_real_values_and_a_launch_record_embeds_the_callers_view() throws Exception {
        String gina = userWhoMayLaunch("gina", true);
        LaunchedRuns runs = new LaunchedRuns(server);
        ObjectNode fields = Http.JSON.createObjectNode();
        fields.put("computeEnvId", envId);
        fields.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        String id = runs.launch(gina, fields);
        runs.awaitEnded(id);
        Path seen = runs.runDir(id).resolve("secret-seen.txt");
        await(() -> Files.exists(seen) ? true : null, Duration.ofSeconds(10));
        assertThat(Files.readString(seen)).isEqualTo(SECRET);

        String path = "/api/workflow/" + id + "/launch";
        Http.Response mayLaunch = http.get(path, gina);
        assertThat(mayLaunch.status()).as(mayLaunch.body()).isEqualTo(200);
        assertThat(mayLaunch.body()).doesNotContain(SECRET);
        JsonNode env = mayLaunch.json().at("/launch/computeEnv");
        assertThat(env.at("/config/environment")).isEqualTo(masked());
        assertThat(env.at("/config/preRunScript").asText()).isEqualTo(PRE_RUN);
        assertThat(env).isEqualTo(one(gina));

        // The same run's owner once the permission is gone: her record, not the environment's settings.
        server.app().auth().setCanLaunch(server.app().auth().requireUser("gina").id(), false);
        Http.Response mayNot = http.get(path, gina);
        assertThat(mayNot.status()).as(mayNot.body()).isEqualTo(200);
        JsonNode limited = mayNot.json().at("/launch/computeEnv");
        assertIdentityOnly(limited);
        assertThat(mayNot.body()).doesNotContain(SECRET).doesNotContain("secret-seen").doesNotContain("env-config-marker");
        assertThat(mayNot.json().at("/launch/pipeline").asText()).isEqualTo(Nextflow.pipeline("hello-launch").toString());

        assertThat(http.get(path, admin).json().at("/launch/computeEnv")).isEqualTo(one(admin));
    }
}
