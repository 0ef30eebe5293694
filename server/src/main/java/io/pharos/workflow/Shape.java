package io.pharos.workflow;

import io.pharos.error.ApiException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which API family an answer of the workflow read API speaks. Both read the same runs, and
 * their shapes cannot be one: the seed's 2020 Workflow API is answered key for key as the seed
 * shows it (its task {@code exit} is a string, the Seqera API's an integer; its objects have no
 * other keys), today's Seqera Platform API (1.181.0) with the keys, counters and attributes of
 * that spec. A request gets the Seqera shape when it carries a parameter only that API has:
 * {@code workspaceId}, {@code attributes} or {@code includeTotalSize} (docs/api.md, "Two shapes").
 *
 * @param seqera           the Seqera Platform's shape; false: the seed's
 * @param attributes       the {@code attributes} asked for (Seqera shape only)
 * @param includeTotalSize whether a list carries {@code totalSize} (the seed's always does)
 */
public record Shape(boolean seqera, Set<Attribute> attributes, boolean includeTotalSize) {

    /** The seed's shape: what a request without any Seqera parameter gets. */
    public static final Shape SEED = new Shape(false, Set.of(), true);

    /** The values of the Seqera API's {@code attributes} parameter (WorkflowQueryAttribute). */
    public enum Attribute {
        OPTIMIZED("optimized"),
        LABELS("labels"),
        MESSAGES("messages"),
        MINIMAL("minimal"),
        PIPELINE_INFO("pipelineInfo");

        private final String key;

        Attribute(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Attribute parse(String value) {
            for (Attribute a : values()) {
                if (a.key.equalsIgnoreCase(value)) {
                    return a;
                }
            }
            throw ApiException.badRequest("Invalid attributes value '" + value
                    + "': use optimized, labels, messages, minimal or pipelineInfo (comma-separated)");
        }
    }

    public Shape {
        attributes = attributes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(attributes));
    }

    public boolean has(Attribute a) {
        return attributes.contains(a);
    }

    /**
     * The shape a request asks for, from its query parameters (each null when absent;
     * {@code attributes} may be repeated and each may hold a comma-separated list). 400 for a
     * value that is not one the Seqera API allows, and nothing is read. The value of
     * {@code workspaceId} is checked before (http/AccessFilter, auth/Workspaces); here it only
     * says which API the client speaks, even empty (as clients send it for a personal workspace).
     */
    public static Shape of(String workspaceId, List<String> attributes, String includeTotalSize) {
        Boolean total = null;
        if (includeTotalSize != null) {
            switch (includeTotalSize.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> total = true;
                case "false" -> total = false;
                default -> throw ApiException.badRequest("Invalid includeTotalSize '" + includeTotalSize
                        + "': use true or false");
            }
        }
        Set<Attribute> asked = EnumSet.noneOf(Attribute.class);
        boolean anyAttributes = attributes != null && !attributes.isEmpty();
        if (anyAttributes) {
            for (String param : attributes) {
                for (String part : param.split(",")) {
                    if (!part.isBlank()) {
                        asked.add(Attribute.parse(part.strip()));
                    }
                }
            }
        }
        if (workspaceId == null && total == null && !anyAttributes) {
            return SEED;
        }
        return new Shape(true, asked, Boolean.TRUE.equals(total));
    }
}
