package io.pharos.support;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assertions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks Pharos's answers against the schemas of the published Seqera Platform API, read at test
 * time from where {@link SeqeraSpec} finds it (never copied into the project).
 * <p>
 * Two checks, both on every call of {@link #assertAnswer}:
 * <ol>
 *   <li><b>Schema</b>: the body is validated by networknt's json-schema-validator in its OpenAPI 3.0
 *   dialect (types, {@code required}, {@code nullable}, {@code enum}, formats, the compute config's
 *   {@code discriminator}) against the response schema the spec gives the operation and status.</li>
 *   <li><b>Unknown fields</b>: the spec never says {@code additionalProperties: false}, so JSON Schema
 *   alone lets anything through. {@link #unknownFields} walks the body beside the schema and names each
 *   field the schema does not describe (following {@code $ref}, {@code allOf}, {@code oneOf}/{@code anyOf},
 *   the discriminator's mapping, {@code items} and {@code additionalProperties}). An answer may carry a
 *   field the spec does not know only when the test names it (Pharos's own fields, each listed in
 *   docs/api.md's compatibility table).</li>
 * </ol>
 * Usage: {@code SeqeraSchemas.assertAnswer("GET", "/api/workflow/" + id, response)} (the request path as
 * sent, with or without its query; {@code /api} is stripped, the spec's paths have no prefix), and
 * {@code assertAnswer(method, path, response, "workflow.seedOnlyField", ...)} to allow named unknown fields
 * (dotted paths, {@code []} for any array element). A status the operation does not document is checked
 * as the spec's {@code ErrorResponse} when it is 4xx or 5xx, and fails otherwise.
 */
public final class SeqeraSchemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static JsonNode doc;
    private static SchemaRegistry registry;
    private static String base;
    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    private SeqeraSchemas() {
    }

    /** Checks one answer, as described in the class comment; fails the test with every finding. */
    public static void assertAnswer(String method, String requestPath, Http.Response response, String... allowedUnknown) {
        assertAnswer(method, requestPath, response.status(), response.body(), allowedUnknown);
    }

    public static void assertAnswer(String method, String requestPath, int status, String body, String... allowedUnknown) {
        String specPath = specPath(requestPath);
        String ref = responseSchema(method, specPath, status);
        String where = method + " " + requestPath + " -> " + status + " (spec: " + method + " " + specPath + ")";
        if (ref == null) {
            Assertions.assertTrue(body == null || body.isBlank(),
                    where + ": the spec gives this answer no body, but Pharos sent: " + abbreviate(body));
            return;
        }
        List<String> problems = violations(ref, body);
        Set<String> unknown = unknownFields(ref, body);
        unknown.removeAll(Set.of(allowedUnknown));
        if (!problems.isEmpty() || !unknown.isEmpty()) {
            Assertions.fail(where + " does not match " + ref + ":\n  schema: " + problems
                    + "\n  fields the spec does not know: " + unknown + "\n  body: " + abbreviate(body));
        }
    }

    /** Every schema violation of {@code body} against a schema of the spec ({@code #/components/schemas/X} or {@code X}). */
    public static List<String> violations(String schemaRef, String body) {
        Schema schema = schema(qualified(schemaRef));
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    /** The fields of {@code body}, as dotted paths, that the schema does not describe. */
    public static Set<String> unknownFields(String schemaRef, String body) {
        load();
        Set<String> out = new TreeSet<>();
        walk(resolve(node(qualified(schemaRef))), JSON.readTree(body), "", out);
        return out;
    }

    /** The spec path template that a request path falls under: literal segments win over parameters. */
    public static String specPath(String requestPath) {
        load();
        String p = URI.create(requestPath.replace("{", "%7B").replace("}", "%7D")).getPath();
        if (p.startsWith("/api/")) {
            p = p.substring(4);
        }
        String[] want = p.split("/");
        List<String> candidates = new ArrayList<>();
        for (Iterator<String> it = doc.get("paths").propertyNames().iterator(); it.hasNext(); ) {
            String template = it.next();
            String[] have = template.split("/");
            if (have.length != want.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < have.length && match; i++) {
                match = have[i].startsWith("{") || have[i].equals(want[i]);
            }
            if (match) {
                candidates.add(template);
            }
        }
        Assertions.assertFalse(candidates.isEmpty(), "the Seqera spec has no path for " + requestPath);
        candidates.sort(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()));
        return candidates.get(0);
    }

    /** The schema ref of the answer to {@code METHOD specPath} with this status; null when it has no body. */
    static String responseSchema(String method, String specPath, int status) {
        JsonNode op = doc.get("paths").get(specPath).get(method.toLowerCase());
        Assertions.assertNotNull(op, "the Seqera spec has no " + method + " " + specPath);
        JsonNode resp = op.get("responses").get(String.valueOf(status));
        if (resp == null) {
            if (status >= 400) {
                return "#/components/schemas/ErrorResponse";
            }
            Assertions.fail("the Seqera spec documents no " + status + " answer for " + method + " " + specPath
                    + " (it has " + op.get("responses").propertyNames() + ")");
        }
        JsonNode content = resp.get("content");
        if (content == null || content.isEmpty()) {
            return null;
        }
        JsonNode schema = content.get("application/json");
        if (schema == null) {
            schema = content.iterator().next();
        }
        schema = schema.get("schema");
        return schema.has("$ref") ? schema.get("$ref").asString() : pointerOf(op, specPath, method, status);
    }

    private static String pointerOf(JsonNode op, String specPath, String method, int status) {
        String escaped = specPath.replace("~", "~0").replace("/", "~1");
        return "#/paths/" + escaped + "/" + method.toLowerCase() + "/responses/" + status + "/content/application~1json/schema";
    }

    // The walk for unknown fields.

    private static void walk(JsonNode schema, JsonNode value, String at, Set<String> out) {
        if (value == null || value.isNull() || schema == null) {
            return;
        }
        if (value.isArray()) {
            JsonNode items = collectItems(schema);
            if (items != null) {
                for (JsonNode v : value) {
                    walk(resolve(items), v, at + "[]", out);
                }
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        Map<String, List<JsonNode>> props = new LinkedHashMap<>();
        List<JsonNode> additional = new ArrayList<>();
        boolean[] open = {false};
        collect(schema, value, props, additional, open, 0);
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String name = field.getKey();
            String here = at.isEmpty() ? name : at + "." + name;
            List<JsonNode> known = props.get(name);
            if (known != null) {
                for (JsonNode s : known) {
                    walk(resolve(s), field.getValue(), here, out);
                }
            } else if (!additional.isEmpty()) {
                for (JsonNode s : additional) {
                    walk(resolve(s), field.getValue(), here, out);
                }
            } else if (!open[0]) {
                out.add(here);
            }
        }
    }

    /** Gathers what a schema (and everything it composes) says about an object's fields. */
    private static void collect(JsonNode schema, JsonNode value, Map<String, List<JsonNode>> props,
                                List<JsonNode> additional, boolean[] open, int depth) {
        schema = resolve(schema);
        if (depth > 32) {
            return;
        }
        JsonNode p = schema.get("properties");
        if (p != null) {
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                props.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
        }
        JsonNode ap = schema.get("additionalProperties");
        if (ap != null) {
            if (ap.isObject()) {
                additional.add(ap);
            } else if (ap.asBoolean()) {
                open[0] = true;
            }
        }
        JsonNode disc = schema.get("discriminator");
        boolean picks = disc != null && disc.has("mapping");
        for (String key : List.of("allOf", "oneOf", "anyOf")) {
            JsonNode list = schema.get(key);
            if (list != null && !(picks && !key.equals("allOf"))) {
                for (JsonNode s : list) {
                    collect(s, value, props, additional, open, depth + 1);
                }
            }
        }
        if (picks) {
            String name = disc.get("propertyName").asString();
            JsonNode chosen = value.get(name);
            if (chosen != null && chosen.isString() && disc.get("mapping").has(chosen.asString())) {
                JsonNode target = node(disc.get("mapping").get(chosen.asString()).asString());
                if (target != schema) {
                    collect(target, value, props, additional, open, depth + 1);
                }
            }
        }
        boolean describesNothing = p == null && ap == null && !schema.has("allOf") && !schema.has("oneOf")
                && !schema.has("anyOf") && !schema.has("items");
        if (describesNothing) {
            open[0] = true; // a free-form object (`type: object` alone): the spec allows any field
        }
    }

    private static JsonNode collectItems(JsonNode schema) {
        schema = resolve(schema);
        if (schema.has("items")) {
            return schema.get("items");
        }
        for (String key : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(key)) {
                for (JsonNode s : schema.get(key)) {
                    JsonNode items = collectItems(s);
                    if (items != null) {
                        return items;
                    }
                }
            }
        }
        return null;
    }

    private static JsonNode resolve(JsonNode schema) {
        int hops = 0;
        while (schema != null && schema.has("$ref") && hops++ < 16) {
            schema = node(schema.get("$ref").asString());
        }
        return schema;
    }

    private static JsonNode node(String ref) {
        load();
        Assertions.assertTrue(ref.startsWith("#/"), "only local refs are expected in the spec: " + ref);
        JsonNode n = doc.at(ref.substring(1));
        Assertions.assertFalse(n.isMissingNode(), "the Seqera spec has no " + ref);
        return n;
    }

    private static String qualified(String ref) {
        return ref.startsWith("#/") ? ref : "#/components/schemas/" + ref;
    }

    private static synchronized Schema schema(String ref) {
        load();
        return SCHEMAS.computeIfAbsent(ref, r -> {
            node(r); // fails clearly on an unknown name
            return registry.getSchema(SchemaLocation.of(base + r));
        });
    }

    private static synchronized void load() {
        if (doc != null) {
            return;
        }
        Path file = SeqeraSpec.path();
        doc = YAMLMapper.builder().build().readTree(file.toFile());
        base = "https://pharos.test/seqera-api.json";
        String text = JSON.writeValueAsString(selectingByDiscriminator(doc));
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
                b -> b.schemas(Map.of(base, text)));
    }

    /**
     * The spec as the validator reads it: a {@code oneOf} with a discriminator's {@code mapping} becomes a
     * {@code oneOf} of the mapped schemas, each joined with "my discriminator is this value, and is there".
     * That is what the discriminator means to the clients that read these answers: the value picks the one
     * schema, and an answer without it matches none. (The spec's subtypes are free-standing objects that all
     * accept each other's bodies, so a bare {@code oneOf} could never pass.) The copy lives in memory only.
     */
    private static JsonNode selectingByDiscriminator(JsonNode original) {
        JsonNode copy = original.deepCopy();
        tools.jackson.databind.node.ObjectNode schemas = (tools.jackson.databind.node.ObjectNode) copy.get("components").get("schemas");
        for (Map.Entry<String, JsonNode> e : schemas.properties()) {
            JsonNode s = e.getValue();
            JsonNode disc = s.get("discriminator");
            if (disc == null || !disc.has("mapping") || !s.has("oneOf")) {
                continue;
            }
            tools.jackson.databind.node.ObjectNode o = (tools.jackson.databind.node.ObjectNode) s;
            String property = disc.get("propertyName").asString();
            tools.jackson.databind.node.ArrayNode branches = o.arrayNode();
            for (Map.Entry<String, JsonNode> m : disc.get("mapping").properties()) {
                tools.jackson.databind.node.ObjectNode pin = o.objectNode();
                pin.putArray("required").add(property);
                pin.putObject("properties").putObject(property).putArray("enum").add(m.getKey());
                tools.jackson.databind.node.ObjectNode branch = o.objectNode();
                branch.putArray("allOf").add(o.objectNode().put("$ref", m.getValue().asString())).add(pin);
                branches.add(branch);
            }
            o.set("oneOf", branches);
            o.remove("discriminator");
        }
        return copy;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    /** For tests that check many answers: the findings of each, without failing at the first. */
    public static List<String> findings(Collection<Runnable> checks) {
        List<String> out = new ArrayList<>();
        for (Runnable r : checks) {
            try {
                r.run();
            } catch (AssertionError e) {
                out.add(e.getMessage());
            }
        }
        return out;
    }
}
