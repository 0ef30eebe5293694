package io.pharos.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginInstallerTest {
    @TempDir
    Path tmp;

    private Path plugin(Path parent, String version, String classBytes) throws IOException {
        Path p = parent.resolve("nf-pharos-" + version);
        Files.createDirectories(p.resolve("classes/META-INF"));
        Files.createDirectories(p.resolve("classes/io/pharos/nf"));
        Files.createDirectories(p.resolve("lib"));
        Files.writeString(p.resolve("classes/META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\nPlugin-Id: nf-pharos\n"
                + "Plugin-Version: " + version + "\nPlugin-Class: io.pharos.nf.PharosPlugin\nPlugin-Requires: >=24.10.0\n");
        Files.writeString(p.resolve("classes/META-INF/extensions.idx"), "io.pharos.nf.PharosFactory\n");
        Files.writeString(p.resolve("classes/io/pharos/nf/PharosPlugin.class"), classBytes);
        return p;
    }

    @Test
    void copies_the_plugin_folder_under_its_id_and_version() throws IOException {
        Path src = plugin(tmp.resolve("build"), "0.1.0", "v1");
        PluginInstaller.Result r = PluginInstaller.install(src, tmp.resolve("plugins"));
        assertThat(r.changed()).isTrue();
        assertThat(r.plugin()).isEqualTo("nf-pharos-0.1.0");
        assertThat(tmp.resolve("plugins/nf-pharos-0.1.0/classes/META-INF/extensions.idx")).hasContent("io.pharos.nf.PharosFactory");
        assertThat(tmp.resolve("plugins/nf-pharos-0.1.0/classes/io/pharos/nf/PharosPlugin.class")).hasContent("v1");
        assertThat(tmp.resolve("plugins/nf-pharos-0.1.0/lib")).isDirectory();
    }

    @Test
    void installing_the_same_plugin_again_changes_nothing() throws IOException {
        Path src = plugin(tmp.resolve("build"), "0.1.0", "v1");
        PluginInstaller.install(src, tmp.resolve("plugins"));
        Path installed = tmp.resolve("plugins/nf-pharos-0.1.0/classes/io/pharos/nf/PharosPlugin.class");
        var before = Files.getLastModifiedTime(installed);
        PluginInstaller.Result again = PluginInstaller.install(src, tmp.resolve("plugins"));
        assertThat(again.changed()).isFalse();
        assertThat(Files.getLastModifiedTime(installed)).isEqualTo(before);
    }

    @Test
    void a_changed_build_replaces_the_installed_copy_whole() throws IOException {
        PluginInstaller.install(plugin(tmp.resolve("a"), "0.1.0", "v1"), tmp.resolve("plugins"));
        Files.writeString(tmp.resolve("plugins/nf-pharos-0.1.0/classes/stale.txt"), "left over");
        PluginInstaller.Result r = PluginInstaller.install(plugin(tmp.resolve("b"), "0.1.0", "v2"), tmp.resolve("plugins"));
        assertThat(r.changed()).isTrue();
        assertThat(tmp.resolve("plugins/nf-pharos-0.1.0/classes/io/pharos/nf/PharosPlugin.class")).hasContent("v2");
        assertThat(tmp.resolve("plugins/nf-pharos-0.1.0/classes/stale.txt")).doesNotExist();
        try (var s = Files.list(tmp.resolve("plugins"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("nf-pharos-0.1.0");
        }
    }

    @Test
    void a_folder_holding_one_plugin_is_taken_as_that_plugin() throws IOException {
        plugin(tmp.resolve("target/plugin"), "0.2.0", "v1");
        PluginInstaller.Result r = PluginInstaller.install(tmp.resolve("target/plugin"), tmp.resolve("plugins"));
        assertThat(r.installedAt()).isEqualTo(tmp.resolve("plugins/nf-pharos-0.2.0"));
    }

    @Test
    void a_folder_without_a_plugin_is_refused_with_a_clear_message() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> PluginInstaller.install(tmp.resolve("empty"), tmp.resolve("plugins")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Nextflow plugin folder");
        assertThat(tmp.resolve("plugins")).doesNotExist();
    }

    @Test
    void the_bundled_plugin_is_found_beside_the_jar_or_in_the_source_tree() throws IOException {
        Path release = tmp.resolve("release");
        plugin(release.resolve("plugins"), "0.1.0", "v1");
        assertThat(PluginInstaller.bundled(release)).contains(release.resolve("plugins/nf-pharos-0.1.0"));

        Path tree = tmp.resolve("tree");
        plugin(tree.resolve("nf-pharos/target/plugin"), "0.1.0", "v1");
        Files.createDirectories(tree.resolve("server/target"));
        assertThat(PluginInstaller.bundled(tree.resolve("server/target")))
                .contains(tree.resolve("nf-pharos/target/plugin/nf-pharos-0.1.0"));
        assertThat(PluginInstaller.bundled(tmp.resolve("nowhere"))).isEmpty();
    }
}
