package io.pharos.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.error.ApiException;
import io.pharos.workflow.RunNames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The seed's launch body. Every field is checked here, before anything is stored or started,
 * so a bad body is a 400 naming the field and changes nothing. Values that reach the nextflow
 * command line may never start with '-' (they would be read as options).
 */
public record LaunchRequest(String computeEnvId, String pipeline, String workDir, String revision, String sessionId,
                            JsonNode configProfiles, String configText, String paramsText, String preRunScript,
                            String postRunScript, String mainScript, String entryName, Boolean resume,
                            Boolean pullLatest, String runName, List<Long> labelIds) {

    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/][A-Za-z0-9._/+-]{0,254}");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final Pattern ENTRY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

    /** The validated request with profiles as a list. */
    public record Valid(LaunchRequest raw, List<String> profiles) {
    }

    public Valid validate() {
        required("computeEnvId", computeEnvId);
        required("pipeline", pipeline);
        commandValue("pipeline", pipeline, 2048);
        if (workDir != null && !workDir.isBlank()) {
            commandValue("workDir", workDir, 2048);
            if (!workDir.startsWith("/") && !workDir.matches("^[a-z][a-z0-9+.-]*://.+")) {
                throw bad("workDir", "use an absolute path or a URI");
            }
        }
        if (revision != null && !revision.isBlank() && !REVISION.matcher(revision).matches()) {
            throw bad("revision", "use a branch, tag or commit id");
        }
        if (sessionId != null && !sessionId.isBlank() && !SESSION.matcher(sessionId).matches()) {
            throw bad("sessionId", "use letters, digits and '-'");
        }
        if (Boolean.TRUE.equals(resume) && (sessionId == null || sessionId.isBlank())) {
            throw bad("sessionId", "is required to resume a run");
        }
        if (mainScript != null && !mainScript.isBlank()) {
            commandValue("mainScript", mainScript, 1024);
            if (mainScript.startsWith("/") || List.of(mainScript.split("/")).contains("..")) {
                throw bad("mainScript", "use a path inside the pipeline");
            }
        }
        if (runName != null && !runName.isBlank()) {
            RunNames.check("runName", runName);
        }
        if (entryName != null && !entryName.isBlank() && !ENTRY.matcher(entryName).matches()) {
            throw bad("entryName", "use a workflow name (letters, digits, '_')");
        }
        if (paramsText != null && paramsText.strip().startsWith("{")) {
            try {
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(paramsText);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw bad("paramsText", "not valid JSON (" + e.getOriginalMessage() + ")");
            }
        }
        return new Valid(this, profiles());
    }

    /** configProfiles as the seed's table (a string, comma-separated) or its sample (an array). */
    private List<String> profiles() {
        List<String> out = new ArrayList<>();
        if (configProfiles == null || configProfiles.isNull()) {
            return out;
        }
        if (configProfiles.isTextual()) {
            for (String p : configProfiles.asText().split(",")) {
                if (!p.isBlank()) {
                    out.add(p.strip());
                }
            }
        } else if (configProfiles.isArray()) {
            for (JsonNode p : configProfiles) {
                if (!p.isTextual()) {
                    throw bad("configProfiles", "use profile names");
                }
                out.add(p.asText().strip());
            }
        } else {
            throw bad("configProfiles", "use an array of names or a comma-separated string");
        }
        for (String p : out) {
            if (!PROFILE.matcher(p).matches()) {
                throw bad("configProfiles", "'" + p + "' is not a profile name");
            }
        }
        return out;
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Field '" + field + "' is required");
        }
    }

    private static void commandValue(String field, String value, int max) {
        if (value.length() > max) {
            throw bad(field, "longer than " + max + " characters");
        }
        if (value.startsWith("-")) {
            throw bad(field, "may not start with '-'");
        }
        if (value.chars().anyMatch(c -> c < 0x20)) {
            throw bad(field, "may not contain control characters");
        }
    }

    private static ApiException bad(String field, String why) {
        return ApiException.badRequest("Invalid value for '" + field + "': " + why);
    }
}
