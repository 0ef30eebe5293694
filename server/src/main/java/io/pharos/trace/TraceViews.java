package io.pharos.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answers of the Tower trace protocol, as Nextflow's client reads them. */
public final class TraceViews {
    private TraceViews() {
    }

    public static Map<String, Object> created(String workflowId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflowId", workflowId);
        m.put("message", null);
        return m;
    }

    /** Nextflow prints the watch URL when a run begins. */
    public static Map<String, Object> begun(String workflowId, String watchUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflowId", workflowId);
        m.put("watchUrl", watchUrl);
        m.put("status", "OK");
        return m;
    }

    public static Map<String, Object> ok(String workflowId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflowId", workflowId);
        m.put("status", "OK");
        return m;
    }
}
