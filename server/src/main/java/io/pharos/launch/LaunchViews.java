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

    /**
     * The seed's launch record, for a relaunch or a resume; its environment as this caller may
     * see it. A run started from the command line has no launch here: its record is built from
     * what the run reported (no id, no compute environment), so clients that read every run's
     * launch (the Seqera Platform's WorkflowLaunchResponse) get the same keys for every run.
     */
    public Map<String, Object> launch(Principal caller, LaunchService.LaunchRecord r) {
        Launch l = r.launch();
        if (l == null) {
            return Map.of("launch", present(reported(r.workflow())));
        }
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
        return Map.of("launch", present(m));
    }

    /**
     * The launch record of a run reported from the command line, from what Nextflow told:
     * the pipeline (its repository, else its project folder, with the script as mainScript when
     * it is not main.nf), work folder, revision, session, profiles, config and params, resume.
     * Posted back to /api/workflow/launch it starts the same pipeline again.
     */
    private Map<String, Object> reported(Workflow w) {
        boolean fromRepo = w.repository() != null && !w.repository().isBlank();
        String mainScript = !fromRepo && w.scriptName() != null && !"main.nf".equals(w.scriptName())
                ? w.scriptName() : null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", null);
        m.put("computeEnv", null);
        m.put("pipeline", fromRepo ? w.repository() : w.projectDir() != null ? w.projectDir() : w.projectName());
        m.put("workDir", w.workDir());
        m.put("revision", w.revision());
        m.put("sessionId", w.sessionId());
        m.put("configProfiles", profiles(w.profile()));
        m.put("configText", w.configText());
        m.put("paramsText", w.params() == null || w.params().isBlank() || "null".equals(w.params()) ? null : w.params());
        m.put("preRunScript", null);
        m.put("postRunScript", null);
        m.put("mainScript", mainScript);
        m.put("entryName", null);
        m.put("resume", Boolean.TRUE.equals(w.resume()));
        m.put("pullLatest", false);
        m.put("resumeDir", w.workDir());
        m.put("resumeCommitId", w.commitId());
        m.put("dateCreated", w.submit() != null ? w.submit() : w.dateCreated());
        return m;
    }

    /** Nextflow reports the profiles as one comma-separated string. */
    private static List<String> profiles(String profile) {
        if (profile == null || profile.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(profile.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * GET /api/compute-envs, as the Seqera Platform's ListComputeEnvsResponse: each entry is
     * the one view below plus the entry's top-level {@code workDir} (for callers who see the
     * config; its other keys, status, platform, primary, lastUsed, are already there).
     */
    public Map<String, Object> computeEnvs(Principal caller, List<ComputeEnv> envs) {
        return Map.of("computeEnvs", envs.stream().map(e -> listEntry(caller, e)).toList());
    }

    private Map<String, Object> listEntry(Principal caller, ComputeEnv e) {
        Map<String, Object> m = computeEnv(caller, e);
        if (m.get("config") instanceof Map<?, ?> cfg) {
            m.put("workDir", cfg.get("workDir"));
        }
        return m;
    }

    /** POST /api/compute-envs: the spec's CreateComputeEnvResponse ({@code computeEnvId}) and the environment. */
    public Map<String, Object> created(Principal caller, ComputeEnv e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("computeEnvId", e.id());
        m.put("computeEnv", computeEnv(caller, e));
        return m;
    }

    /**
     * The one view of a compute environment, for this caller: the list, one environment, the
     * create answer and the environment inside a launch record. Everyone sees what identifies it;
     * its config (scripts, work folder, command) only admins and users who may launch, since
     * that is what a launch runs; its variables' values nobody: they often hold credentials, and
     * only the head job gets them. Values Pharos does not have (no description, never used) are left
     * out, as the spec's schemas want (see {@link #present}).
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
        m.put("deleted", e.deleted() != null);
        m.put("status", e.status());
        m.put("message", e.message());
        m.put("primary", e.isPrimary());
        m.put("credentialsId", e.credentialsId());
        return present(m);
    }

    /** The spec's LocalComputeConfig or SlurmComputeConfig, by discriminator; Pharos' own keys last. */
    private static Map<String, Object> config(ComputeEnvConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("discriminator", c.discriminator());
        m.put("workDir", c.workDir());
        if (ComputeEnv.SLURM.equals(c.discriminator())) {
            m.put("launchDir", c.launchDir());
            m.put("userName", c.userName());
            m.put("hostName", c.hostName());
            m.put("port", c.port());
            m.put("headQueue", c.headQueue());
            m.put("computeQueue", c.computeQueue());
            m.put("headJobOptions", c.headJobOptions());
            m.put("propagateHeadJobOptions", c.propagateHeadJobOptions());
            m.put("maxQueueSize", c.maxQueueSize());
        }
        m.put("preRunScript", c.preRunScript());
        m.put("postRunScript", c.postRunScript());
        m.put("nextflowConfig", c.nextflowConfig());
        m.put("environment", c.environmentOrEmpty().stream().map(LaunchViews::maskedVariable).toList());
        m.put("nextflowCommand", c.nextflowCommand());
        m.put("maxRunning", c.maxRunning());
        return present(m);
    }

    /** A stored credential: what names it, never its keys. */
    static Map<String, Object> credential(CredentialStore.Credential c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("provider", c.provider());
        m.put("dateCreated", c.dateCreated());
        m.put("lastUpdated", c.lastUpdated());
        return m;
    }

    private static Map<String, Object> maskedVariable(EnvVar v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("value", MASKED);
        m.put("head", v.head());
        m.put("compute", v.compute());
        return m;
    }

    /**
     * The map without its null values. The Seqera Platform's schemas have no nullable fields here:
     * a value Pharos does not have is left out, as the platform does, rather than sent as null.
     */
    static Map<String, Object> present(Map<String, Object> m) {
        m.values().removeIf(java.util.Objects::isNull);
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
