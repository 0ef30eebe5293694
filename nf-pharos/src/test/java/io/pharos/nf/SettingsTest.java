package io.pharos.nf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void config_scope_comes_first_then_pharos_then_tower_environment() {
        Settings s = Settings.resolve(Map.of("pharos", Map.of("enabled", true, "endpoint", "http://127.0.0.1:9/api/",
                "accessToken", "from-config", "aliveInterval", "2s")), Map.of("PHAROS_ACCESS_TOKEN", "from-env"));
        assertThat(s.enabled()).isTrue();
        assertThat(s.endpoint()).isEqualTo("http://127.0.0.1:9/api");
        assertThat(s.accessToken()).isEqualTo("from-config");
        assertThat(s.aliveIntervalMillis()).isEqualTo(2000);
        assertThat(s.requestIntervalMillis()).isEqualTo(1000);
        assertThat(s.maxRetries()).isEqualTo(5);
        assertThat(s.backOffDelayMillis()).isEqualTo(750);
        assertThat(s.backOffBase()).isEqualTo(3);
        assertThat(s.taskMetrics()).isTrue();
        assertThat(Settings.resolve(Map.of("pharos", Map.of("taskMetrics", false)), Map.of()).taskMetrics()).isFalse();

        Settings env = Settings.resolve(Map.of(), Map.of("PHAROS_ENABLED", "true", "TOWER_API_ENDPOINT", "http://h/api",
                "TOWER_ACCESS_TOKEN", "tower-token", "TOWER_WORKSPACE_ID", "42"));
        assertThat(env.enabled()).isTrue();
        assertThat(env.endpoint()).isEqualTo("http://h/api");
        assertThat(env.accessToken()).isEqualTo("tower-token");
        assertThat(env.workspaceId()).isEqualTo("42");
    }

    @Test
    void off_unless_enabled_or_launched_by_pharos() {
        assertThat(Settings.resolve(Map.of(), Map.of("PHAROS_ACCESS_TOKEN", "t")).enabled()).isFalse();
        Settings launched = Settings.resolve(Map.of(), Map.of("TOWER_WORKFLOW_ID", "abc", "PHAROS_ACCESS_TOKEN", "t"));
        assertThat(launched.enabled()).isTrue();
        assertThat(launched.workflowId()).isEqualTo("abc");
        assertThat(Settings.resolve(Map.of("pharos", Map.of("enabled", false)), Map.of("TOWER_WORKFLOW_ID", "abc")).enabled())
                .isFalse();
    }

    @Test
    void enabled_without_a_token_or_with_a_bad_endpoint_is_refused() {
        assertThatThrownBy(() -> Settings.resolve(Map.of("pharos", Map.of("enabled", true)), Map.of()))
                .hasMessageContaining("access token");
        assertThatThrownBy(() -> Settings.resolve(Map.of("pharos", Map.of("enabled", true, "accessToken", "t",
                "endpoint", "ftp://x")), Map.of())).hasMessageContaining("http");
    }

    @Test
    void tokens_are_sent_like_nextflow_sends_them() {
        assertThat(PharosClient.authorization("plain-token-123")).isEqualTo("Basic QHRva2VuOnBsYWluLXRva2VuLTEyMw==");
        assertThat(PharosClient.authorization("aaa.bbb.ccc")).isEqualTo("Bearer aaa.bbb.ccc");
        String encodedJson = java.util.Base64.getEncoder().encodeToString("{\"tid\":1}.secret".getBytes());
        assertThat(PharosClient.authorization(encodedJson)).isEqualTo("Bearer " + encodedJson);
    }
}
