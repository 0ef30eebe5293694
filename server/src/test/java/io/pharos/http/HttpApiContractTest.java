package io.pharos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.Ids;
import io.pharos.Version;
import io.pharos.support.Http;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP surface of the foundation over a real port: service info, identity, tokens, users,
 * and the error contract. One server per class; each test makes its own users and tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpApiContractTest {
    abstract TestDb.Kind kind();

    private TestDb testDb;
    private TestServer server;
    private Http http;
    private String admin;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        testDb = TestDb.create(kind(), dataDir);
        server = TestServer.start(testDb.config());
        http = server.http();
        admin = server.adminToken();
        assertThat(admin).as("a fresh database bootstraps an admin").isNotNull();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    @Test
    void service_info_needs_no_token_and_has_the_whole_shape() {
        Http.Response r = http.get("/api/service-info", null);

        assertThat(r.status()).isEqualTo(200);
        assertJsonContentType(r);
        assertThat(r.json()).isEqualTo(json("""
                {"serviceInfo": {"name": "Pharos", "version": "%s", "apiVersion": "1.181.0", "serverUrl": "%s"}}
                """.formatted(Version.get(), server.baseUrl())));
        assertThat(Version.get()).as("the build's version, not the fallback").matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void service_info_answers_even_when_the_token_is_unknown() {
        // Nextflow sends its token everywhere, also to this public route.
        assertThat(http.get("/api/service-info", Http.bearer("pharos_unknown")).status()).isEqualTo(200);
    }

    @Test
    void user_info_answers_for_both_header_forms_of_the_admin_token() {
        for (String header : List.of(Http.bearer(admin), Http.basic(admin))) {
            Http.Response r = http.get("/api/user-info", header);

            assertThat(r.status()).as(header).isEqualTo(200);
            assertJsonContentType(r);
            JsonNode user = r.json().get("user");
            assertThat(fieldNames(r.json())).containsExactly("user", "needConsent", "defaultWorkspaceId");
            assertThat(fieldNames(user)).containsExactlyInAnyOrder(
                    "id", "userName", "email", "role", "canLaunch", "dateCreated", "lastUpdated");
            assertThat(user.get("userName").asText()).isEqualTo("admin");
            assertThat(user.get("role").asText()).isEqualTo("admin");
            assertThat(user.get("canLaunch").asBoolean()).isTrue();
            assertThat(user.get("email").isNull()).isTrue();
            assertThat(user.get("dateCreated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }

    @Test
    void user_info_without_a_token_is_401_with_a_json_message() {
        assertError(http.get("/api/user-info", null), 401).contains("Missing access token");
    }

    @Test
    void user_info_with_an_unknown_token_is_401_in_both_header_forms() {
        String wrong = "pharos_" + Ids.random(40);
        assertError(http.get("/api/user-info", Http.bearer(wrong)), 401).isEqualTo("Unknown or revoked access token");
        assertError(http.get("/api/user-info", Http.basic(wrong)), 401).isEqualTo("Unknown or revoked access token");
    }

    @Test
    void user_info_with_a_malformed_authorization_header_is_401() {
        for (String header : List.of("Basic !!!not-base64!!!", Http.basicOf("admin:" + admin),
                                     Http.basicOf("@token:"), "Bearer", "Token " + admin)) {
            assertError(http.get("/api/user-info", header), 401);
        }
    }

    @Test
    void created_token_is_shown_once_works_and_is_listed_without_its_secret() {
        String alice = newUser("alice");

        Http.Response created = http.send("POST", "/api/tokens", Http.bearer(alice), "{\"name\": \"laptop\"}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(fieldNames(created.json())).containsExactlyInAnyOrder("accessKey", "token");
        String secret = created.json().get("accessKey").asText();
        JsonNode token = created.json().get("token");
        assertThat(fieldNames(token)).containsExactlyInAnyOrder("id", "name", "hint", "dateCreated", "lastUsed");
        assertThat(token.get("name").asText()).isEqualTo("laptop");
        assertThat(token.get("hint").asText()).isEqualTo(secret.substring(secret.length() - 4));

        assertThat(http.get("/api/user-info", Http.basic(secret)).json().at("/user/userName").asText())
                .startsWith("alice");

        Http.Response list = http.get("/api/tokens", Http.bearer(alice));
        assertThat(list.status()).isEqualTo(200);
        assertThat(fieldNames(list.json())).containsExactly("tokens");
        List<String> names = new ArrayList<>();
        list.json().get("tokens").forEach(t -> {
            names.add(t.get("name").asText());
            assertThat(fieldNames(t)).containsExactlyInAnyOrder("id", "name", "hint", "dateCreated", "lastUsed");
        });
        assertThat(names).containsExactly("laptop", "test");
        assertThat(list.body()).doesNotContain(secret).doesNotContain(alice).doesNotContainIgnoringCase("hash");
    }

    @Test
    void tokens_of_other_users_are_not_listed() {
        String alice = newUser("alice");
        String bob = newUser("bob");
        http.send("POST", "/api/tokens", Http.bearer(alice), "{\"name\": \"alices\"}");

        JsonNode bobs = http.get("/api/tokens", Http.bearer(bob)).json().get("tokens");

        assertThat(bobs).hasSize(1);
        assertThat(bobs.get(0).get("name").asText()).isEqualTo("test");
    }

    @Test
    void duplicate_token_name_is_409() {
        String alice = newUser("alice");
        assertThat(http.send("POST", "/api/tokens", Http.bearer(alice), "{\"name\": \"ci\"}").status()).isEqualTo(200);

        assertError(http.send("POST", "/api/tokens", Http.bearer(alice), "{\"name\": \"ci\"}"), 409)
                .contains("'ci' already exists");
    }

    @Test
    void token_without_a_name_is_400() {
        String alice = newUser("alice");
        assertError(http.send("POST", "/api/tokens", Http.bearer(alice), "{}"), 400).contains("Token name");
        assertError(http.send("POST", "/api/tokens", Http.bearer(alice), "{\"name\": \"  \"}"), 400);
    }

    @Test
    void revoked_token_is_401_on_the_very_next_request() {
        String alice = newUser("alice");
        Http.Response created = http.send("POST", "/api/tokens", Http.bearer(alice), "{\"name\": \"short-lived\"}");
        String secret = created.json().get("accessKey").asText();
        long id = created.json().at("/token/id").asLong();
        assertThat(http.get("/api/user-info", Http.bearer(secret)).status()).isEqualTo(200);

        Http.Response revoked = http.send("DELETE", "/api/tokens/" + id, Http.bearer(alice), null);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(revoked.body()).isEmpty();
        assertError(http.get("/api/user-info", Http.bearer(secret)), 401);
        assertError(http.get("/api/user-info", Http.basic(secret)), 401);
        assertThat(http.get("/api/tokens", Http.bearer(alice)).body()).doesNotContain("short-lived");
    }

    @Test
    void a_token_may_revoke_itself() {
        String alice = newUser("alice");
        long id = http.get("/api/tokens", Http.bearer(alice)).json().at("/tokens/0/id").asLong();

        assertThat(http.send("DELETE", "/api/tokens/" + id, Http.bearer(alice), null).status()).isEqualTo(204);

        assertError(http.get("/api/tokens", Http.bearer(alice)), 401);
    }

    @Test
    void another_user_revoking_my_token_is_403_and_the_token_keeps_working() {
        String alice = newUser("alice");
        String bob = newUser("bob");
        long alicesId = http.get("/api/tokens", Http.bearer(alice)).json().at("/tokens/0/id").asLong();

        assertError(http.send("DELETE", "/api/tokens/" + alicesId, Http.bearer(bob), null), 403)
                .contains("belongs to another user");

        assertThat(http.get("/api/user-info", Http.bearer(alice)).status()).isEqualTo(200);
    }

    @Test
    void an_admin_may_revoke_another_users_token() {
        String alice = newUser("alice");
        long alicesId = http.get("/api/tokens", Http.bearer(alice)).json().at("/tokens/0/id").asLong();

        assertThat(http.send("DELETE", "/api/tokens/" + alicesId, Http.bearer(admin), null).status()).isEqualTo(204);

        assertError(http.get("/api/user-info", Http.bearer(alice)), 401);
    }

    @Test
    void revoking_an_unknown_token_is_404() {
        assertError(http.send("DELETE", "/api/tokens/99999999", Http.bearer(admin), null), 404).contains("99999999");
    }

    @Test
    void non_numeric_token_id_is_400() {
        assertError(http.send("DELETE", "/api/tokens/abc", Http.bearer(admin), null), 400).contains("'abc'");
        assertError(http.send("DELETE", "/api/tokens/1%3B%20DROP%20TABLE%20users", Http.bearer(admin), null), 400);
    }

    @Test
    void token_routes_need_a_token() {
        assertError(http.get("/api/tokens", null), 401);
        assertError(http.send("POST", "/api/tokens", null, "{\"name\": \"x\"}"), 401);
        assertError(http.send("DELETE", "/api/tokens/1", null, null), 401);
    }

    @Test
    void malformed_json_is_400_with_a_json_message() {
        for (String body : List.of("{\"name\": ", "not json", "{\"name\": \"a\"} trailing", "{\"name\": \"b\"} {}",
                                   "{name: 'x'}")) {
            assertError(http.send("POST", "/api/tokens", Http.bearer(admin), body), 400).as(body).isNotBlank();
        }
        assertError(http.send("POST", "/api/tokens", Http.bearer(admin), "{\"name\": "), 400)
                .startsWith("Malformed JSON at line 1");
    }

    @Test
    void json_of_the_wrong_shape_is_400() {
        for (String body : List.of("[]", "null", "42", "{\"name\": {\"a\": 1}}", "{\"name\": [\"x\"]}")) {
            assertError(http.send("POST", "/api/tokens", Http.bearer(admin), body), 400).as(body).isNotBlank();
        }
    }

    @Test
    void empty_body_is_400() {
        assertError(http.send("POST", "/api/tokens", Http.bearer(admin), ""), 400)
                .isEqualTo("Request body must be a JSON object");
    }

    @Test
    void unknown_path_is_404_with_a_json_message() {
        assertError(http.get("/api/no-such-thing", null), 404).contains("/api/no-such-thing");
        assertError(http.get("/api/no-such-thing", Http.bearer(admin)), 404);
        assertError(http.get("/no-such-page", null), 404);
        assertError(http.send("PUT", "/api/service-info", null, "{}"), 404);
    }

    @Test
    void users_list_is_for_admins_only() {
        String alice = newUser("alice");

        assertError(http.get("/api/users", null), 401);
        assertError(http.get("/api/users", Http.bearer(alice)), 403).contains("administrator");

        Http.Response r = http.get("/api/users", Http.basic(admin));
        assertThat(r.status()).isEqualTo(200);
        assertThat(fieldNames(r.json())).containsExactly("users");
        List<String> names = new ArrayList<>();
        r.json().get("users").forEach(u -> names.add(u.get("userName").asText()));
        assertThat(names).contains("admin").anyMatch(n -> n.startsWith("alice"));
    }

    @Test
    void trailing_slash_reaches_the_same_route() {
        assertThat(http.get("/api/user-info/", Http.bearer(admin)).status()).isEqualTo(200);
    }

    /** A new non-admin user with a unique name, and its token (named "test"). */
    private String newUser(String prefix) {
        return server.newUserToken(prefix + "-" + Ids.random(6), false);
    }

    /** Checks an error response: its status, JSON, and exactly one key "message"; returns the message. */
    private static org.assertj.core.api.AbstractStringAssert<?> assertError(Http.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertJsonContentType(r);
        assertThat(fieldNames(r.json())).as(r.body()).containsExactly("message");
        assertThat(r.json().get("message").isTextual()).isTrue();
        return assertThat(r.json().get("message").asText());
    }

    private static void assertJsonContentType(Http.Response r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
