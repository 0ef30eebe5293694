package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Cli;
import org.junit.jupiter.api.Test;

/** What the command line says before it touches any database. */
class CliUsageTest {

    @Test
    void unknown_option_exits_2_with_usage_on_stderr() {
        Cli.Result r = Cli.run("--bogus");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Unknown option: '--bogus'").contains("Usage: pharos [-hV] [COMMAND]");
    }

    @Test
    void unknown_command_exits_2_with_usage_on_stderr() {
        Cli.Result r = Cli.run("frobnicate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("'frobnicate'").contains("Usage: pharos");
    }

    @Test
    void version_prints_the_build_and_api_version() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("pharos " + Version.get() + " (API " + Version.API_VERSION + ")" + System.lineSeparator());
        assertThat(Version.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void help_lists_every_command() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("(?m)^\\s+serve\\s").containsPattern("(?m)^\\s+user\\s")
                .containsPattern("(?m)^\\s+token\\s").containsPattern("(?m)^\\s+db\\s");
    }

    @Test
    void no_arguments_prints_usage_and_exits_0() {
        Cli.Result r = Cli.run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: pharos");
    }

    @Test
    void a_group_without_its_subcommand_exits_2_naming_the_choices() {
        assertThat(Cli.run("user").err()).contains("Missing subcommand: add or list");
        assertThat(Cli.run("token").err()).contains("Missing subcommand: create, list or revoke");
        assertThat(Cli.run("db").err()).contains("Missing subcommand: migrate or info");
        assertThat(Cli.run("user").exitCode()).isEqualTo(2);
        assertThat(Cli.run("token").exitCode()).isEqualTo(2);
        assertThat(Cli.run("db").exitCode()).isEqualTo(2);
    }

    @Test
    void serve_with_a_port_out_of_range_exits_2() {
        Cli.Result r = Cli.run("serve", "--port", "70000");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("--port must be between 0 and 65535");
    }

    @Test
    void serve_with_a_port_that_is_not_a_number_exits_2() {
        Cli.Result r = Cli.run("serve", "--port", "http");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'http'").contains("--port");
    }
}
