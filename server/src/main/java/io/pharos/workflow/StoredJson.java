package io.pharos.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * JSON that Pharos stores as text (a run's params, manifest, nextflow, stats..., a task's
 * module), as an answer shows it: parsed, reshaped by a view, written. The written bytes are
 * kept per view and text, so a text seen before is neither parsed nor written again: parsing
 * these texts was over a quarter of a run list's CPU. The key is the text itself, so nothing
 * kept can go stale; at most {@link #MAX_CHARS} characters (texts and answers) are kept, the
 * least recently used going first, and a text longer than {@link #MAX_TEXT} is never kept.
 */
final class StoredJson {
    static final long MAX_CHARS = 8L * 1024 * 1024;
    static final int MAX_TEXT = 64 * 1024;

    private final ObjectMapper json;
    private final Map<Key, SerializedString> kept = new LinkedHashMap<>(256, 0.75f, true);
    private long keptChars;

    private record Key(Object view, String text) {
    }

    StoredJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@code text} parsed, reshaped by {@code view} and written as the server's UTF-8 generator
     * writes it (pre-encoded, for {@code JsonGenerator.writeRawValue}). {@code viewId} names the
     * view (one per distinct {@code view}).
     */
    SerializedString render(Object viewId, String text, UnaryOperator<JsonNode> view) {
        Key key = new Key(viewId, text);
        SerializedString out;
        synchronized (kept) {
            out = kept.get(key);
        }
        if (out != null) {
            return out;
        }
        out = new SerializedString(new String(write(view.apply(parse(text))), StandardCharsets.UTF_8));
        if (text.length() <= MAX_TEXT) {
            synchronized (kept) {
                if (kept.put(key, out) == null) {
                    keptChars += text.length() + out.getValue().length();
                }
                Iterator<Map.Entry<Key, SerializedString>> eldest = kept.entrySet().iterator();
                while (keptChars > MAX_CHARS && eldest.hasNext()) {
                    Map.Entry<Key, SerializedString> e = eldest.next();
                    keptChars -= e.getKey().text().length() + e.getValue().getValue().length();
                    eldest.remove();
                }
            }
        }
        return out;
    }

    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private byte[] write(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }
}
