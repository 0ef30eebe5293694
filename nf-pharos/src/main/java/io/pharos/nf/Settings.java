package io.pharos.nf;

import java.util.Map;

/**
 * Where and how nf-pharos reports. Each value comes from the {@code pharos { ... }} config
 * scope first, then PHAROS_* environment, then the TOWER_* environment Nextflow's own client
 * reads (so a run launched by Pharos, which sets TOWER_WORKFLOW_ID, reports without extra config).
 */
public record Settings(
        boolean enabled,
        String endpoint,
        String accessToken,
        String workflowId,
        String workspaceId,
        long requestIntervalMillis,
        long aliveIntervalMillis,
        int maxRetries,
        long backOffDelayMillis,
        int backOffBase,
        long httpTimeoutMillis,
        boolean taskMetrics) {

    public static final String DEFAULT_ENDPOINT = "http://localhost:8000/api";

    public static Settings resolve(Map<?, ?> config, Map<String, String> env) {
        Map<?, ?> scope = config != null && config.get("pharos") instanceof Map<?, ?> m ? m : Map.of();
        String workflowId = firstNonBlank(env.get("PHAROS_WORKFLOW_ID"), env.get("TOWER_WORKFLOW_ID"));
        Object enabledSetting = scope.get("enabled");
        boolean enabled;
        if (enabledSetting != null) {
            enabled = Boolean.parseBoolean(String.valueOf(enabledSetting));
        } else {
            enabled = Boolean.parseBoolean(env.get("PHAROS_ENABLED")) || workflowId != null;
        }
        String endpoint = firstNonBlank(str(scope.get("endpoint")), env.get("PHAROS_ENDPOINT"),
                env.get("TOWER_API_ENDPOINT"), DEFAULT_ENDPOINT);
        endpoint = checkEndpoint(endpoint);
        // The config wins: Pharos's launcher writes a token for one run there.
        String token = firstNonBlank(str(scope.get("accessToken")), env.get("PHAROS_ACCESS_TOKEN"),
                env.get("TOWER_ACCESS_TOKEN"));
        if (enabled && token == null) {
            throw new IllegalArgumentException("no access token: set pharos.accessToken in the config or PHAROS_ACCESS_TOKEN");
        }
        String workspaceId = firstNonBlank(str(scope.get("workspaceId")), env.get("PHAROS_WORKSPACE_ID"),
                env.get("TOWER_WORKSPACE_ID"));
        return new Settings(enabled, endpoint, token, workflowId, workspaceId,
                millis(scope.get("requestInterval"), 1_000),
                millis(scope.get("aliveInterval"), 60_000),
                integer(scope.get("maxRetries"), 5),
                millis(scope.get("backOffDelay"), 750),
                integer(scope.get("backOffBase"), 3),
                millis(scope.get("httpTimeout"), 30_000),
                // per-task cpu/memory/io sampling, as Nextflow's Tower client asks for; costs
                // trivial tasks a lot (see docs/benchmarks-nextflow.md), so it can be turned off
                scope.get("taskMetrics") == null || Boolean.parseBoolean(String.valueOf(scope.get("taskMetrics"))));
    }

    static String checkEndpoint(String url) {
        String u = url.trim();
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("pharos.endpoint must be an http:// or https:// URL, not: " + url);
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** Durations as Nextflow writes them ('1s', '2 min', a Duration object) or plain milliseconds. */
    static long millis(Object value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof nextflow.util.Duration d) {
            return d.getMillis();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return nextflow.util.Duration.of(value.toString()).getMillis();
    }

    static int integer(Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
