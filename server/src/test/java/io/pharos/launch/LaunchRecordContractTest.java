package io.pharos.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.SeqeraSchemas;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Compute environments and launch records in the Seqera Platform's shapes, checked against the
 * published spec (SeqeraSchemas) and the seed's launch example: the create, list and describe
 * answers, the spec's create body, and the launch record of a run started from the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LaunchRecordContractTest {
    /** Pharos' own fields of a compute environment's config (docs/api.md's compatibility table). */
    static final String[] PHAROS_CONFIG = {"config.nextflowCommand", "config.maxRunning"};

    abstract TestDb.Kind kind();

    Path dataDir;
    TestServer server;
    Http http;
    String admin;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("pharos-launch-record");
        server = TestServer.onNewDatabase(kind(), dataDir);
        http = server.http();
        admin = Http.bearer(server.adminToken());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String[] prefixed(String prefix, String... fields) {
        return java.util.Arrays.stream(fields).map(f -> prefix + f).toArray(String[]::new);
    }

    /** The spec's CreateComputeEnvRequest, as Seqera's clients send it. */
    static ObjectNode specCreateBody(String name, String workDir) {
        ObjectNode body = Http.JSON.createObjectNode();
        ObjectNode env = body.putObject("computeEnv");
        env.put("name", name);
        env.put("platform", "local-platform");
        ObjectNode cfg = env.putObject("config");
        cfg.put("discriminator", "local-platform");
        cfg.put("workDir", workDir);
        cfg.put("preRunScript", "echo pre");
        cfg.putArray("environment")
                .add(Http.JSON.createObjectNode().put("name", "HEAD_ONLY").put("value", "h-secret-1").put("head", true).put("compute", false))
                .add(Http.JSON.createObjectNode().put("name", "TASKS_ONLY").put("value", "t-secret-2").put("head", false).put("compute", true));
        body.putArray("labelIds");
        return body;
    }

    @Test
    void a_compute_environment_created_in_the_specs_shape_answers_in_the_specs_shapes_with_values_masked() {
        String workDir = dataDir.resolve("spec-work").toString();
        Http.Response created = http.send("POST", "/api/compute-envs", admin, specCreateBody("spec-shaped", workDir).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        // The spec's answer is {computeEnvId}; Pharos adds the environment itself (checked below as describe).
        SeqeraSchemas.assertAnswer("POST", "/api/compute-envs", created, "computeEnv");
        String id = created.json().get("computeEnvId").asText();
        assertThat(created.json().at("/computeEnv/id").asText()).isEqualTo(id);
        assertThat(created.body()).doesNotContain("h-secret-1").doesNotContain("t-secret-2");

        Http.Response one = http.get("/api/compute-envs/" + id, admin);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        SeqeraSchemas.assertAnswer("GET", "/api/compute-envs/" + id, one, prefixed("computeEnv.", PHAROS_CONFIG));
        JsonNode cfg = one.json().at("/computeEnv/config");
        assertThat(cfg.get("discriminator").asText()).isEqualTo("local-platform");
        assertThat(cfg.get("workDir").asText()).isEqualTo(workDir);
        assertThat(cfg.get("environment")).isEqualTo(Http.JSON.createArrayNode()
                .add(Http.JSON.createObjectNode().put("name", "HEAD_ONLY").put("value", "********").put("head", true).put("compute", false))
                .add(Http.JSON.createObjectNode().put("name", "TASKS_ONLY").put("value", "********").put("head", false).put("compute", true)));
        assertThat(one.body()).doesNotContain("h-secret-1").doesNotContain("t-secret-2");

        Http.Response list = http.get("/api/compute-envs", admin);
        assertThat(list.status()).isEqualTo(200);
        SeqeraSchemas.assertAnswer("GET", "/api/compute-envs", list, prefixed("computeEnvs[].", "config", "dateCreated",
                "lastUpdated", "deleted"));
        JsonNode entry = null;
        for (JsonNode e : list.json().get("computeEnvs")) {
            if (e.get("id").asText().equals(id)) {
                entry = e;
            }
        }
        assertThat(entry).as(list.body()).isNotNull();
        assertThat(entry.get("workDir").asText()).isEqualTo(workDir);
        assertThat(entry.get("platform").asText()).isEqualTo("local-platform");
        assertThat(entry.get("status").asText()).isEqualTo("AVAILABLE");
        assertThat(entry.get("primary").asBoolean()).isFalse();
        assertThat(entry.has("lastUsed")).as("never used: left out").isFalse();
        assertThat(list.body()).doesNotContain("h-secret-1").doesNotContain("t-secret-2");
        // The default environment, made at first start, answers in the same shapes.
        JsonNode primary = list.json().at("/computeEnvs/0");
        assertThat(primary.get("primary").asBoolean()).isTrue();
        assertThat(primary.at("/config/discriminator").asText()).isEqualTo("local-platform");
        assertThat(primary.at("/config/environment").isArray()).isTrue();
    }

    @Test
    void bad_compute_environment_bodies_are_400_and_create_nothing() {
        long before = envCount();
        String w = dataDir.resolve("w").toString();
        List<String> bodies = List.of(
                "{\"computeEnv\":{\"name\":\"a\",\"platform\":\"local-platform\",\"config\":{\"discriminator\":\"aws-batch\",\"workDir\":\"" + w + "\"}}}",
                "{\"computeEnv\":{\"name\":\"b\",\"config\":{\"discriminator\":\"k8s-platform\",\"workDir\":\"" + w + "\"}}}",
                "{\"computeEnv\":{\"name\":\"c\",\"config\":{\"workDir\":\"" + w + "\",\"environment\":[{\"name\":\"1X\",\"value\":\"v\"}]}}}",
                "{\"computeEnv\":{\"name\":\"d\",\"config\":{\"workDir\":\"" + w + "\",\"environment\":[{\"name\":\"A\",\"value\":\"v\"},{\"name\":\"A\",\"value\":\"w\"}]}}}",
                "{\"computeEnv\":{\"name\":\"e\",\"config\":{\"workDir\":\"" + w + "\",\"environment\":[{\"name\":\"A\",\"head\":\"yes\"}]}}}",
                "{\"computeEnv\":{\"name\":\"f\",\"config\":{\"workDir\":\"" + w + "\",\"environment\":[\"A=1\"]}}}",
                "{\"computeEnv\":{\"name\":\"g\",\"config\":{\"workDir\":\"" + w + "\",\"environment\":5}}}",
                "{\"computeEnv\":{\"name\":\"h\",\"platform\":\"local-platform\"}}");
        for (String b : bodies) {
            Http.Response r = http.send("POST", "/api/compute-envs", admin, b);
            assertThat(r.status()).as(b + " -> " + r.body()).isEqualTo(400);
            assertThat(r.json().get("message").asText()).as(b).isNotBlank();
            SeqeraSchemas.assertAnswer("POST", "/api/compute-envs", r);
        }
        assertThat(envCount()).isEqualTo(before);
    }

    @Test
    void a_run_started_from_the_command_line_has_a_launch_record_built_from_what_it_reported() throws Exception {
        String id = new Replayer(http, admin).replay(Fixtures.nextflowTower("nf25.04.0-ok"));
        JsonNode wf = get("/api/workflow/" + id).get("workflow");
        Http.Response r = http.get("/api/workflow/" + id + "/launch", admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        SeqeraSchemas.assertAnswer("GET", "/api/workflow/" + id + "/launch", r);
        JsonNode launch = r.json().get("launch");
        // No launch id and no compute environment: what it did not report is left out, as the spec wants.
        assertThat(launch.has("id")).isFalse();
        assertThat(launch.has("computeEnv")).isFalse();
        assertThat(launch.get("sessionId").asText()).isEqualTo(wf.get("sessionId").asText());
        assertThat(launch.get("workDir").asText()).isEqualTo(wf.get("workDir").asText());
        assertThat(launch.get("resumeDir").asText()).isEqualTo(wf.get("workDir").asText());
        assertThat(launch.get("configText").asText()).isEqualTo(wf.get("configText").asText());
        assertThat(Http.JSON.readTree(launch.get("paramsText").asText())).isEqualTo(wf.get("params"));
        assertThat(launch.get("configProfiles")).isEqualTo(Http.JSON.createArrayNode().add(wf.get("profile").asText()));
        assertThat(launch.get("resume").asBoolean()).isEqualTo(wf.get("resume").asBoolean());
        // A local script: its folder is the pipeline, the script its main script.
        assertThat(launch.get("pipeline").asText()).isEqualTo(wf.get("projectDir").asText());
        assertThat(launch.get("mainScript").asText()).isEqualTo(wf.get("scriptName").asText());
        assertThat(launch.get("dateCreated").asText()).isNotBlank();
        assertSeedKeys(launch, List.of("id", "computeEnv", "revision", "preRunScript", "postRunScript", "entryName",
                "resumeCommitId"), List.of());
    }

    @Test
    void a_launch_record_has_every_key_of_the_seeds_example() throws Exception {
        // A launch that never starts (its environment's nextflow is 'false') still has its record.
        ObjectNode env = Http.JSON.createObjectNode();
        env.put("name", "never-runs");
        env.put("description", "its nextflow always fails");
        env.putObject("config").put("workDir", dataDir.resolve("nw").toString()).put("nextflowCommand", "false");
        Http.Response created = http.send("POST", "/api/compute-envs", admin, env.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        ObjectNode fields = Http.JSON.createObjectNode();
        fields.put("computeEnvId", created.json().get("computeEnvId").asText());
        fields.put("pipeline", dataDir.resolve("no-such-pipeline").toString());
        fields.putArray("configProfiles").add("standard");
        // Every field of the seed's example set, so that every key has a value to show.
        fields.put("workDir", dataDir.resolve("nw").toString());
        fields.put("revision", "main");
        fields.put("sessionId", "3b029c2a-b8e1-463b-8e1a-755397d842fd");
        fields.put("configText", "process.cpus = 1");
        fields.put("paramsText", "{\"a\": 1}");
        fields.put("preRunScript", "echo pre");
        fields.put("postRunScript", "echo post");
        fields.put("mainScript", "start.nf");
        fields.put("entryName", "main_workflow");
        fields.put("pullLatest", false);
        String id = new LaunchedRuns(server).launch(admin, fields);
        Http.Response r = http.get("/api/workflow/" + id + "/launch", admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode launch = r.json().get("launch");
        assertThat(launch.get("id").asText()).isNotBlank();
        assertThat(launch.at("/computeEnv/config/discriminator").asText()).isEqualTo("local-platform");
        // Only what the run itself would have told (the commit of its pipeline) is missing: it never began.
        assertSeedKeys(launch, List.of("resumeCommitId"), List.of("lastUsed", "message", "credentialsId"));
        SeqeraSchemas.assertAnswer("GET", "/api/workflow/" + id + "/launch", r, prefixed("launch.computeEnv.", PHAROS_CONFIG));
        new LaunchedRuns(server).awaitEnded(id);
    }

    /**
     * Ours has the keys of the seed's launch example (and of its compute environment) and no
     * others, except that the named ones may be left out when they have no value here.
     */
    static void assertSeedKeys(JsonNode launch, List<String> mayBeAbsent, List<String> mayBeAbsentFromEnv) {
        assertKeys(seedLaunch(), launch, mayBeAbsent);
        if (launch.has("computeEnv")) {
            assertKeys(seedLaunch().get("computeEnv"), launch.get("computeEnv"), mayBeAbsentFromEnv);
        }
    }

    static void assertKeys(JsonNode seed, JsonNode ours, List<String> mayBeAbsent) {
        assertThat(names(seed)).as("keys the seed does not have").containsAll(names(ours));
        List<String> required = new ArrayList<>(names(seed));
        required.removeAll(mayBeAbsent);
        assertThat(names(ours)).containsAll(required);
    }

    static JsonNode seedLaunch() {
        try (InputStream in = LaunchRecordContractTest.class.getResourceAsStream("/seed/launch.json")) {
            return Http.JSON.readTree(in).get("launch");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    long envCount() {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM compute_envs").mapTo(Long.class).one());
    }

    JsonNode get(String path) {
        Http.Response r = http.get(path, admin);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }
}
