package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.PharosProcess;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes and output of `./pharos` as a process: what a shell script calling it sees. */
class PharosScriptIT {
    @TempDir
    Path tmp;

    @Test
    void version_exits_0_and_prints_one_line() throws Exception {
        PharosProcess p = PharosProcess.start(tmp.resolve("stderr.txt"), List.of("--version"));

        assertThat(p.awaitExit(30)).isZero();
        assertThat(p.stdout()).containsExactly("pharos " + Version.get() + " (API " + Version.API_VERSION + ")");
    }

    @Test
    void unknown_option_exits_2_with_usage_on_stderr() throws Exception {
        PharosProcess p = PharosProcess.start(tmp.resolve("stderr.txt"), List.of("--bogus"));

        assertThat(p.awaitExit(30)).isEqualTo(2);
        assertThat(p.stdout()).isEmpty();
        assertThat(p.stderr()).startsWith("Unknown option: '--bogus'").contains("Usage: pharos");
    }

    @Test
    void serve_on_a_port_in_use_exits_1_and_says_so_without_a_stack_trace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            PharosProcess p = PharosProcess.start(tmp.resolve("stderr.txt"),
                    List.of("serve", "--port", String.valueOf(port), "--data-dir", tmp.resolve("data").toString()));

            assertThat(p.awaitExit(30)).isEqualTo(1);
            assertThat(p.stdout()).isEmpty();
            List<String> lines = p.stderr().lines().toList();
            assertThat(lines).last().isEqualTo("pharos: Port " + port + " on 0.0.0.0 is already in use:"
                    + " stop the other server or choose another port with --port");
            assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
        }
    }

    @Test
    void token_create_output_can_be_captured_by_a_shell() throws Exception {
        String dataDir = tmp.resolve("data").toString();
        PharosProcess add = PharosProcess.start(tmp.resolve("add.txt"), List.of("user", "add", "alice", "--data-dir", dataDir));
        assertThat(add.awaitExit(30)).as(add.stderr()).isZero();

        PharosProcess create = PharosProcess.start(tmp.resolve("create.txt"),
                List.of("token", "create", "--user", "alice", "--data-dir", dataDir));

        assertThat(create.awaitExit(30)).as(create.stderr()).isZero();
        assertThat(create.stdout()).singleElement().asString().matches("pharos_[0-9A-Za-z]{40}");
        assertThat(create.stderr()).isEmpty();
    }
}
