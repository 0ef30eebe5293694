package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.support.Http;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file keeps users and tokens across a stop and a start on the same data folder. */
class EmbeddedRestartTest {
    @TempDir
    Path dataDir;

    private TestDb testDb;

    @BeforeEach
    void create() {
        testDb = TestDb.create(TestDb.Kind.H2, dataDir);
    }

    @AfterEach
    void drop() {
        testDb.close();
    }

    @Test
    void tokens_survive_a_restart_and_the_admin_is_not_bootstrapped_twice() {
        String admin;
        String laptop;
        try (TestServer first = TestServer.start(testDb.config())) {
            admin = first.adminToken();
            laptop = first.http().send("POST", "/api/tokens", Http.bearer(admin), "{\"name\": \"laptop\"}")
                    .json().get("accessKey").asText();
        }

        try (TestServer second = TestServer.start(testDb.config())) {
            assertThat(second.app().bootstrap()).isEmpty();
            Http http = second.http();
            assertThat(http.get("/api/user-info", Http.basic(laptop)).json().at("/user/userName").asText())
                    .isEqualTo("admin");
            assertThat(http.get("/api/user-info", Http.bearer(admin)).status()).isEqualTo(200);
            assertThat(names(http.get("/api/users", Http.bearer(admin)).json().get("users"), "userName"))
                    .containsExactly("admin");
            assertThat(names(http.get("/api/tokens", Http.bearer(admin)).json().get("tokens"), "name"))
                    .containsExactly("laptop", "first-start");
        }
    }

    @Test
    void a_token_revoked_before_a_restart_stays_revoked() {
        String admin;
        try (TestServer first = TestServer.start(testDb.config())) {
            admin = first.adminToken();
            long id = first.http().get("/api/tokens", Http.bearer(admin)).json().at("/tokens/0/id").asLong();
            assertThat(first.http().send("DELETE", "/api/tokens/" + id, Http.bearer(admin), null).status())
                    .isEqualTo(204);
        }

        try (TestServer second = TestServer.start(testDb.config())) {
            assertThat(second.app().bootstrap()).as("the admin still exists, only its token is gone").isEmpty();
            assertThat(second.http().get("/api/user-info", Http.bearer(admin)).status()).isEqualTo(401);
        }
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }
}
