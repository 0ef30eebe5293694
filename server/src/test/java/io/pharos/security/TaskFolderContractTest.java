package io.pharos.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A reporter names each task's folder, so a user could name someone else's: Pharos reads a task
 * folder only below a trusted root, through no link, and only for the user whose run reported
 * it first. Every refusal reads exactly like a folder that does not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TaskFolderContractTest {
    TestServer server;
    Http http;
    Path root;
    Path outside;
    String alice;
    String bob;
    String admin;

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws IOException {
        root = Files.createTempDirectory("pharos-shared-work");
        outside = Files.createTempDirectory("pharos-not-a-root");
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-folders"),
                c -> c.withTaskRoots(List.of(root)));
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

    /** A run of the caller whose task 1 has the given workdir, exactly as a reporter would send it. */
    private String runWithTask(String token, String workdir) {
        String id = new Replayer(http, token).replay(Fixtures.nextflowTower("nf24.10.0-ok").subList(0, 2));
        String body = "{\"tasks\": [{\"taskId\": 1, \"status\": \"COMPLETED\", \"name\": \"t\", \"process\": \"p\","
                + " \"workdir\": \"" + workdir + "\"}]}";
        Http.Response r = http.send("PUT", "/api/trace/" + id + "/progress", token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return id;
    }

    private Path folderOf(String name, String out) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve("0123456789abcdef"));
        Files.writeString(dir.resolve(".command.out"), out);
        Files.writeString(dir.resolve(".command.log"), out + " in the log\n");
        return dir;
    }

    private Http.Response download(String run, String token) {
        return http.get("/api/workflow/" + run + "/download/1?fileName=.command.out", token);
    }

    /** What a run whose task folder does not exist at all gets: every refusal must read the same. */
    private String missingFolderAnswer(String token) {
        Http.Response r = download(runWithTask(token, root.resolve("no/such/folder").toString()), token);
        assertThat(r.status()).isEqualTo(404);
        return r.body();
    }

    private void assertRefused(String run, String token, String secret) {
        Http.Response dl = download(run, token);
        assertThat(dl.status()).isEqualTo(404);
        assertThat(dl.body()).isEqualTo(missingFolderAnswer(token)).doesNotContain(secret);
        Http.Response log = http.get("/api/workflow/" + run + "/log/1", token);
        assertThat(log.status()).isEqualTo(404);
        assertThat(log.body()).doesNotContain(secret);
    }

    @Test
    void the_owner_reads_the_files_of_a_folder_under_a_root_and_so_does_an_admin() throws IOException {
        Path dir = folderOf("own", "alice's own output");
        String run = runWithTask(alice, dir.toString());
        assertThat(download(run, alice).body()).isEqualTo("alice's own output");
        assertThat(download(run, admin).body()).isEqualTo("alice's own output");
        assertThat(http.get("/api/workflow/" + run + "/log/1", alice).json().at("/log/entries/0").asText())
                .isEqualTo("alice's own output in the log");
    }

    @Test
    void another_users_task_folder_under_a_shared_root_is_not_readable() throws IOException {
        Path dir = folderOf("alices", "alice's secret result");
        String alices = runWithTask(alice, dir.toString());
        String bobs = runWithTask(bob, dir.toString());
        assertRefused(bobs, bob, "alice's secret result");
        // an admin reading bob's run does not get alice's folder either: the folder is not bob's run's
        assertThat(download(bobs, admin).status()).isEqualTo(404);
        // the first reporter keeps the folder, also when the same user reports it again (a resumed run)
        assertThat(download(alices, alice).body()).isEqualTo("alice's secret result");
        assertThat(download(runWithTask(alice, dir.toString()), alice).body()).isEqualTo("alice's secret result");
    }

    @Test
    void a_deleted_run_leaves_its_folders_bound_to_its_owner() throws IOException {
        Path dir = folderOf("deleted", "still alice's");
        String run = runWithTask(alice, dir.toString());
        assertThat(http.send("DELETE", "/api/workflow/" + run + "?force=true", alice, null).status()).isEqualTo(204);
        assertRefused(runWithTask(bob, dir.toString()), bob, "still alice's");
    }

    /** Reports task 1 of a run with a status and a folder (null: none yet). */
    private void report(String run, String token, String status, Path workdir) {
        String body = "{\"tasks\": [{\"taskId\": 1, \"status\": \"" + status + "\", \"name\": \"t\", \"process\": \"p\""
                + (workdir == null ? "" : ", \"workdir\": \"" + workdir + "\"") + "}]}";
        Http.Response r = http.send("PUT", "/api/trace/" + run + "/progress", token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void a_folder_named_on_a_later_update_of_a_task_or_changed_is_claimed_then() throws IOException {
        Path first = folderOf("named-late", "named late");
        Path moved = folderOf("moved", "named on a later update");
        String run = new Replayer(http, alice).replay(Fixtures.nextflowTower("nf24.10.0-ok").subList(0, 2));
        report(run, alice, "SUBMITTED", null);
        report(run, alice, "RUNNING", first);
        assertThat(download(run, alice).body()).isEqualTo("named late");
        report(run, alice, "RUNNING", first); // the same folder again: its claim stands
        assertThat(download(run, alice).body()).isEqualTo("named late");
        report(run, alice, "COMPLETED", moved);
        assertThat(download(run, alice).body()).isEqualTo("named on a later update");
        // another user's task that names those folders only on a later update is refused all the same
        String bobs = new Replayer(http, bob).replay(Fixtures.nextflowTower("nf24.10.0-ok").subList(0, 2));
        report(bobs, bob, "SUBMITTED", null);
        report(bobs, bob, "RUNNING", first);
        assertRefused(bobs, bob, "named late");
        report(bobs, bob, "COMPLETED", moved);
        assertRefused(bobs, bob, "named on a later update");
    }

    @Test
    void proc_links_to_a_running_tasks_folder_are_refused() throws Exception {
        Path dir = folderOf("running", "output of a running task");
        runWithTask(alice, dir.toString());
        Process p = new ProcessBuilder("sleep", "60").directory(dir.toFile()).start();
        try {
            for (String path : List.of("/proc/" + p.pid() + "/cwd", "/proc/self/cwd", "/proc/" + p.pid() + "/root" + dir)) {
                assertRefused(runWithTask(bob, path), bob, "output of a running task");
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void folders_outside_the_roots_and_other_spellings_of_a_folder_are_refused() throws IOException {
        Files.writeString(outside.resolve(".command.out"), "a file of the host");
        Path dir = folderOf("spelled", "alice's spelled-out output");
        runWithTask(alice, dir.toString());
        Path link = root.resolve("link-out");
        Files.createSymbolicLink(link, outside);
        Path linkToDir = root.resolve("link-in");
        Files.createSymbolicLink(linkToDir, dir);
        for (String path : List.of(outside.toString(), root + "/../" + outside.getFileName(), link.toString(),
                linkToDir.toString(), "file://" + dir, dir + "/", dir.getParent() + "/./" + dir.getFileName(),
                dir.getParent() + "//" + dir.getFileName(), root.toString(), "/etc", "relative/folder")) {
            String run = runWithTask(bob, path);
            Http.Response r = download(run, bob);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEqualTo(missingFolderAnswer(bob))
                    .doesNotContain("a file of the host").doesNotContain("alice's spelled-out output");
        }
    }

    @Test
    void a_file_url_names_the_same_folder_for_its_owner() throws IOException {
        Path dir = folderOf("url", "by url");
        String run = runWithTask(alice, "file://" + dir);
        assertThat(download(run, alice).body()).isEqualTo("by url");
        assertRefused(runWithTask(bob, dir.toString()), bob, "by url");
    }

    @Test
    void hard_and_symbolic_links_inside_a_readable_folder_are_not_followed() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "linked secret");
        Path dir = folderOf("links", "unused");
        Files.delete(dir.resolve(".command.out"));
        Files.createLink(dir.resolve(".command.out"), outside.resolve("secret.txt"));
        Files.delete(dir.resolve(".command.log"));
        Files.createSymbolicLink(dir.resolve(".command.log"), outside.resolve("secret.txt"));
        String run = runWithTask(alice, dir.toString());
        Http.Response hard = download(run, alice);
        assertThat(hard.status()).isEqualTo(400);
        assertThat(hard.body()).doesNotContain("linked secret");
        Http.Response log = http.get("/api/workflow/" + run + "/log/1", alice);
        assertThat(log.status()).isEqualTo(400);
        assertThat(log.body()).doesNotContain("linked secret");
    }
}
