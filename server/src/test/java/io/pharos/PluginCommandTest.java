package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pharos plugin install`: the bundled nf-pharos (built by the nf-pharos module) into a plugins folder. */
class PluginCommandTest {
    @TempDir
    Path tmp;

    @Test
    void installs_the_bundled_reporter_once_and_says_how_to_use_it() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Cli.Result first = Cli.run("plugin", "install", plugins.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Installed nf-pharos-").contains("-plugins nf-pharos@");
        try (var s = Files.list(plugins)) {
            Path installed = s.filter(p -> p.getFileName().toString().startsWith("nf-pharos-")).findFirst().orElseThrow();
            assertThat(installed.resolve("classes/META-INF/MANIFEST.MF")).isRegularFile();
            assertThat(installed.resolve("classes/META-INF/extensions.idx")).isRegularFile();
        }
        Cli.Result again = Cli.run("plugin", "install", plugins.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("is already installed in");
    }

    @Test
    void a_folder_that_holds_no_plugin_is_a_clear_failure() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli.Result r = Cli.run("plugin", "install", tmp.resolve("plugins").toString(), "--from", empty.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("pharos: ").contains("not a Nextflow plugin folder");
        assertThat(tmp.resolve("plugins")).doesNotExist();
    }

    @Test
    void plugin_alone_is_a_usage_error() {
        Cli.Result r = Cli.run("plugin");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing subcommand: install");
    }
}
