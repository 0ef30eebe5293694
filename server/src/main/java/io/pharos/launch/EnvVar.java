package io.pharos.launch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A variable of a compute environment, as the Seqera Platform's ConfigEnvVariable: set for the
 * head job ({@code head}), for the pipeline's tasks ({@code compute}), or both. Its value is
 * write-only: answers show {@link LaunchViews#MASKED}.
 */
public record EnvVar(String name, String value, boolean head, boolean compute) {

    /** The variables set for the head job, by name. */
    static Map<String, String> forHead(List<EnvVar> vars) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (vars != null) {
            vars.stream().filter(EnvVar::head).forEach(v -> m.put(v.name(), v.value() == null ? "" : v.value()));
        }
        return m;
    }

    /**
     * Reads the spec's list of {name, value, head, compute} and also the map of name to value
     * that earlier Pharos stored and accepted (each such variable is for the head job). A
     * variable that says neither head nor compute is for the head job, as before.
     */
    static final class ListReader extends StdDeserializer<List<EnvVar>> {
        ListReader() {
            super(List.class);
        }

        @Override
        public List<EnvVar> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode n = ctx.readTree(p);
            List<EnvVar> out = new ArrayList<>();
            if (n == null || n.isNull()) {
                return out;
            }
            if (n.isObject()) {
                for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
                    out.add(new EnvVar(e.getKey(), text(ctx, e.getValue(), e.getKey()), true, false));
                }
                return out;
            }
            if (!n.isArray()) {
                return (List<EnvVar>) ctx.handleUnexpectedToken(List.class, p);
            }
            for (JsonNode v : n) {
                if (!v.isObject()) {
                    ctx.reportInputMismatch(this, "each environment variable must be an object {name, value, head, compute}");
                }
                JsonNode name = v.get("name");
                JsonNode head = v.get("head");
                JsonNode compute = v.get("compute");
                boolean isCompute = flag(ctx, compute, "compute");
                boolean isHead = head == null || head.isNull() ? !isCompute : flag(ctx, head, "head");
                out.add(new EnvVar(name == null || name.isNull() ? null : name.asText(),
                        text(ctx, v.get("value"), "value"), isHead, isCompute));
            }
            return out;
        }

        private String text(DeserializationContext ctx, JsonNode v, String what) throws IOException {
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isValueNode() || v.isBinary()) {
                ctx.reportInputMismatch(this, "the value of environment variable '" + what + "' must be a string");
            }
            return v.asText();
        }

        private boolean flag(DeserializationContext ctx, JsonNode v, String what) throws IOException {
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                ctx.reportInputMismatch(this, "'" + what + "' of an environment variable must be true or false");
            }
            return v.asBoolean();
        }
    }
}
