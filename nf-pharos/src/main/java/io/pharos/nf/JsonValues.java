package io.pharos.nf;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Nextflow's objects (workflow metadata, stats, manifest, paths, durations) into plain
 * maps, lists, strings, numbers and booleans, rendered the way the Tower protocol expects, and
 * clips strings to the sizes a Tower server's columns take (with a warning, as Nextflow does).
 */
final class JsonValues {
    private static final Logger log = LoggerFactory.getLogger(JsonValues.class);

    /** Largest length per dotted field path; what is not listed is not clipped. */
    static final Map<String, Integer> LIMITS = limits();

    private static final java.util.Set<String> SKIPPED = java.util.Set.of("class", "declaringClass", "metaClass");

    private JsonValues() {
    }

    private static Map<String, Integer> limits() {
        Map<String, Integer> m = new java.util.HashMap<>();
        Object[] pairs = {
            "workflow.id", 16, "workflow.projectDir", 255, "workflow.profile", 100, "workflow.homeDir", 255,
            "workflow.workDir", 255, "workflow.container", 255, "workflow.commitId", 40, "workflow.errorMessage", 255,
            "workflow.repository", 255, "workflow.containerEngine", 255, "workflow.scriptFile", 255,
            "workflow.userName", 40, "workflow.launchDir", 255, "workflow.runName", 80, "workflow.sessionId", 36,
            "workflow.scriptId", 40, "workflow.revision", 100, "workflow.nextflow.version", 20,
            "workflow.nextflow.build", 10, "workflow.projectName", 100, "workflow.scriptName", 100,
            "workflow.operationId", 110, "workflow.outFile", 255, "workflow.logFile", 255,
            "workflow.manifest.nextflowVersion", 20, "workflow.manifest.defaultBranch", 20,
            "workflow.manifest.version", 20, "workflow.manifest.homePage", 200, "workflow.manifest.description", 1024,
            "workflow.manifest.name", 150, "workflow.manifest.mainScript", 100, "workflow.manifest.author", 150,
            "workflow.manifest.gitmodules", 150, "workflow.manifest.doi", 100, "workflow.stats.computeTimeFmt", 50,
            "processNames", 255, "workflowId", 16,
            "tasks.env", 2048, "tasks.script", 10240, "tasks.status", 10, "tasks.hash", 34, "tasks.name", 255,
            "tasks.process", 255, "tasks.tag", 255, "tasks.container", 255, "tasks.scratch", 255,
            "tasks.workdir", 512, "tasks.queue", 100, "tasks.errorAction", 10, "tasks.nativeId", 100,
            "tasks.module", 255, "tasks.executor", 25, "tasks.machineType", 25, "tasks.cloudZone", 15,
            "tasks.priceModel", 15, "progress.name", 255, "metrics.process", 255, "metrics.cpuUsage.minLabel", 255,
        };
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return Map.copyOf(m);
    }

    /** A plain copy of {@code value}; {@code path} is its dotted field path (list items share their list's). */
    static Object plain(Object value, String path) {
        if (value == null || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof CharSequence s) {
            return clip(s.toString(), path);
        }
        if (value instanceof Character || value instanceof UUID || value instanceof URL || value instanceof URI) {
            return clip(value.toString(), path);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Path p) {
            return clip(nextflow.extension.FilesEx.toUriString(p), path);
        }
        if (value instanceof nextflow.util.Duration d) {
            return d.getMillis();
        }
        if (value instanceof nextflow.NextflowMeta meta) {
            return plain(meta.toJsonMap(), path);
        }
        if (value instanceof TemporalAccessor t) {
            return t.toString();
        }
        if (value instanceof Date d) {
            return isoUtc(d);
        }
        if (value instanceof Calendar c) {
            return isoUtc(c.getTime());
        }
        if (value instanceof nextflow.trace.ProgressRecord r) {
            return Payloads.processProgress(r);
        }
        if ("workflow.manifest.gitmodules".equals(path) && value instanceof Collection<?> c) {
            // a list of submodules is sent as one comma-separated string
            return clip(String.join(",", c.stream().map(String::valueOf).toList()), path);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, plain(e.getValue(), child(path, key)));
            }
            return out;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(v -> out.add(plain(v, path)));
            return out;
        }
        if (value.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (Object v : (Object[]) boxed(value)) {
                out.add(plain(v, path));
            }
            return out;
        }
        if (value instanceof groovy.lang.Closure<?> c) {
            return plain(c.call(), path);
        }
        if (path != null && path.chars().filter(c -> c == '.').count() > 6) {
            // objects that refer back to themselves (a Groovy writer would loop): stop here
            log.debug("nf-pharos: {} at {} is nested too deep; sent as text", value.getClass().getName(), path);
            return clip(value.toString(), path);
        }
        // Any other object goes as its Groovy bean properties, the way Groovy's JSON writer does.
        Map<Object, Object> props = new LinkedHashMap<>();
        try {
            for (groovy.lang.MetaProperty mp : org.codehaus.groovy.runtime.InvokerHelper.getMetaClass(value).getProperties()) {
                // only public state: static members (loggers, formats) and private fields stay out
                int mod = mp.getModifiers();
                if (java.lang.reflect.Modifier.isStatic(mod) || !java.lang.reflect.Modifier.isPublic(mod)
                        || SKIPPED.contains(mp.getName())) {
                    continue;
                }
                try {
                    props.put(mp.getName(), mp.getProperty(value));
                } catch (RuntimeException unreadable) {
                    // write-only or failing getter: leave it out
                }
            }
        } catch (RuntimeException e) {
            log.debug("nf-pharos: cannot read properties of {} at {}: {}", value.getClass().getName(), path, e.toString());
            return null;
        }
        return plain(props, path);
    }

    private static Object boxed(Object array) {
        if (array instanceof Object[]) {
            return array;
        }
        int n = java.lang.reflect.Array.getLength(array);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = java.lang.reflect.Array.get(array, i);
        }
        return out;
    }

    static String child(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    static String clip(String s, String path) {
        Integer max = path == null ? null : LIMITS.get(path);
        if (s == null || max == null || s.length() <= max) {
            return s;
        }
        String preview = s.length() > 100 ? s.substring(0, 100) + "(truncated)" : s;
        log.warn("nf-pharos: field `{}` is longer than {} characters and is cut: `{}`", path, max, preview);
        return s.substring(0, max);
    }

    static String isoUtc(Date d) {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(d);
    }

    /**
     * JSON text of a plain value (maps, lists, strings, numbers, booleans, null), pure ASCII
     * (other characters as backslash-u escapes), character for character what Groovy's
     * {@code JsonOutput} writes (JsonValuesTest holds them together). Written here because
     * Groovy's generator cost about half of the reporter's time per task update; a number
     * JSON cannot hold (NaN, infinite) goes as null, where Groovy's would fail the whole call.
     */
    static String toJson(Object plainValue) {
        StringBuilder b = new StringBuilder(16_384); // a progress call of 100 tasks is about 70 KB
        write(b, plainValue);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof CharSequence s) {
            string(b, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte || v instanceof java.math.BigInteger) {
            b.append(v);
        } else if (v instanceof Double d) {
            b.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Float f) {
            b.append(f.isNaN() || f.isInfinite() ? "null" : f.toString());
        } else if (v instanceof java.math.BigDecimal d) {
            b.append(d.toString());
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Iterable<?> it) {
            b.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, o);
            }
            b.append(']');
        } else {
            // plain() leaves nothing else; anything that slips through goes as Groovy would write it
            b.append(groovy.json.JsonOutput.toJson(v));
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void string(StringBuilder b, CharSequence s) {
        b.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
