package io.pharos.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.auth.Principal;
import io.pharos.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of launches and compute environments, built from records as ordered maps. */
public final class LaunchViews {
    /** What every response shows for the value of a compute environment's variable: values are write-only. */
    public static final String MASKED = "********";

    private final ObjectMapper json;

    public LaunchViews(ObjectMapper json) {
        this.json = json;
    }

    /** POST /api/workflow/launch. */
    public static Map<String, Object> launched(String workflowId) {
        return Map.of("workflowId", workflowId);
    }

    /** POST /api/workflow/{id}/cancel. */
    public static Map<String, Object> cancelled(String workflowId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflowId", workflowId);
        m.put("status", "CANCELLED");
        return m;
    }

    /** The seed's launch record, for a relaunch or a resume; its environment as this caller may see it. */
    public Map<String, Object> launch(Principal caller, LaunchService.LaunchRecord r) {
        Launch l = r.launch();
        Workflow w = r.workflow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("computeEnv", r.computeEnv() == null ? null : computeEnv(caller, r.computeEnv()));
        m.put("pipeline", l.pipeline());
        m.put("workDir", l.workDir());
        m.put("revision", l.revision());
        m.put("sessionId", w.sessionId() != null ? w.sessionId() : l.sessionId());
        m.put("configProfiles", jsonOrEmpty(l.configProfiles()));
        m.put("configText", l.configText());
        m.put("paramsText", l.paramsText());
        m.put("preRunScript", l.preRunScript());
        m.put("postRunScript", l.postRunScript());
        m.put("mainScript", l.mainScript());
        m.put("entryName", l.entryName());
        m.put("resume", l.resume());
        m.put("pullLatest", l.pullLatest());
        m.put("resumeDir", w.workDir());
        m.put("resumeCommitId", w.commitId());
        m.put("dateCreated", l.dateCreated());
        return Map.of("launch", m);
    }

    public Map<String, Object> computeEnvs(Principal caller, List<ComputeEnv> envs) {
        return Map.of("computeEnvs", envs.stream().map(e -> computeEnv(caller, e)).toList());
    }

    /**
     * The one view of a compute environment, for this caller: the list, one environment, the
     * create answer and the environment inside a launch record. Everyone sees what identifies it;
     * its config (scripts, work folder, command) only admins and users who may launch, since
     * that is what a launch runs; its variables' values nobody: they often hold credentials, and
     * only the head job gets them.
     */
    public Map<String, Object> computeEnv(Principal caller, ComputeEnv e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("name", e.name());
        m.put("description", e.description());
        m.put("platform", e.platform());
        if (caller.isAdmin() || caller.user().canLaunch()) {
            m.put("config", config(ComputeEnvService.readConfig(json, e)));
        }
        m.put("dateCreated", e.dateCreated());
        m.put("lastUpdated", e.lastUpdated());
        m.put("lastUsed", e.lastUsed());
        m.put("deleted", e.deleted());
        m.put("status", e.status());
        m.put("message", e.message());
        m.put("primary", e.isPrimary());
        m.put("credentialsId", null);
        return m;
    }

    private static Map<String, Object> config(ComputeEnvConfig c) {
        Map<String, String> names = null;
        if (c.environment() != null) {
            names = new LinkedHashMap<>();
            for (String k : c.environment().keySet()) {
                names.put(k, MASKED);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workDir", c.workDir());
        m.put("preRunScript", c.preRunScript());
        m.put("postRunScript", c.postRunScript());
        m.put("nextflowConfig", c.nextflowConfig());
        m.put("environment", names);
        m.put("nextflowCommand", c.nextflowCommand());
        m.put("maxRunning", c.maxRunning());
        return m;
    }

    private Object jsonOrEmpty(String text) {
        try {
            return text == null ? List.of() : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
