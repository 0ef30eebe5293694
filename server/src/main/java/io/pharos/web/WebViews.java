package io.pharos.web;

import io.pharos.workflow.WorkflowEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** The data of the live event stream's events. */
public final class WebViews {
    private WebViews() {
    }

    /** The first event of a stream, once it is subscribed. */
    public static Map<String, Object> ready(long userId) {
        return Map.of("userId", userId);
    }

    /** A stored change of a run; the UI reads the run itself for the rest. */
    public static Map<String, Object> event(WorkflowEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type());
        m.put("workflowId", e.workflowId());
        m.put("status", e.status());
        m.put("at", e.at());
        return m;
    }
}
