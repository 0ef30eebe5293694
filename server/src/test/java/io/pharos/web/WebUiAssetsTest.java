package io.pharos.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Http;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The UI's files over plain HTTP: every file of the web folder is on the allowlist and served
 * with its type and the CSP, every module a script imports is served, and the page has no inline script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiAssetsTest {
    static final Path WEB = Path.of("src/main/resources/web");
    static final Pattern IMPORT = Pattern.compile("^import\\s+\\{[^}]*}\\s+from\\s+'\\./([^']+)';", Pattern.MULTILINE);

    TestServer server;
    Http http;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.onNewDatabase(TestDb.Kind.H2, Files.createTempDirectory("pharos-ui-assets"));
        http = server.http();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Set<String> webFiles() throws IOException {
        try (Stream<Path> files = Files.list(WEB)) {
            Set<String> names = new TreeSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.html")).forEach(names::add);
            return names;
        }
    }

    @Test
    void every_file_of_the_web_folder_is_served_with_its_type_and_the_security_headers() throws IOException {
        Set<String> files = webFiles();
        assertThat(new TreeSet<>(WebHandlers.ASSETS)).isEqualTo(files);
        for (String name : files) {
            Http.Response r = http.get("/ui/" + name, null);
            assertThat(r.status()).as(name).isEqualTo(200);
            String type = r.headers().firstValue("Content-Type").orElse("");
            String expected = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "image/svg+xml";
            assertThat(type).as(name).startsWith(expected);
            assertThat(r.body()).as(name).isEqualTo(Files.readString(WEB.resolve(name)));
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(http.get("/ui/nope.js", null).status()).isEqualTo(404);
        assertThat(http.get("/ui/index.html", null).status()).isEqualTo(404);
        assertThat(http.get("/ui/..%2Fapplication.properties", null).status()).isEqualTo(404);
    }

    @Test
    void every_module_a_script_imports_is_on_the_allowlist() throws IOException {
        List<String> missing = new ArrayList<>();
        int imports = 0;
        for (String name : webFiles()) {
            if (!name.endsWith(".js")) {
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(WEB.resolve(name)));
            while (m.find()) {
                imports++;
                if (!WebHandlers.ASSETS.contains(m.group(1))) {
                    missing.add(name + " -> " + m.group(1));
                }
            }
        }
        assertThat(imports).isGreaterThan(5);
        assertThat(missing).isEmpty();
    }

    @Test
    void the_page_is_the_same_for_every_ui_path_and_loads_only_a_module_script() {
        String page = null;
        for (String path : List.of("/", "/watch/abc", "/tokens", "/launch", "/compute-envs")) {
            Http.Response r = http.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("script-src 'self'").doesNotContain("unsafe-inline");
            if (page != null) {
                assertThat(r.body()).isEqualTo(page);
            }
            page = r.body();
        }
        // No inline script and no inline handlers: the CSP would block them anyway.
        Matcher scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
        int n = 0;
        while (scripts.find()) {
            n++;
            assertThat(scripts.group(1)).contains("type=\"module\"").contains("src=\"/ui/app.js\"");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(n).isEqualTo(1);
        assertThat(page).doesNotContainPattern("\\son[a-z]+=");
    }
}
