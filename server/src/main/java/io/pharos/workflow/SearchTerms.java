package io.pharos.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The search language of run and task lists: terms, quoted phrases, and the LIKE clause they become. */
final class SearchTerms {
    /** "(LOWER(c1) LIKE :p OR ...)": {@code value} anywhere in any of the columns, any case; binds :p. */
    static String like(Map<String, Object> params, String p, String value, String... columns) {
        List<String> ors = new ArrayList<>();
        for (String c : columns) {
            ors.add("LOWER(" + c + ") LIKE :" + p + " ESCAPE '!'");
        }
        params.put(p, "%" + value.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        return "(" + String.join(" OR ", ors) + ")";
    }

    /**
     * The run search's match: like {@link #like} (anywhere in the value), but a value with
     * {@code *} is a pattern of the whole value, each {@code *} standing for any text:
     * {@code hello*} starts with hello, {@code *_fix} ends with _fix, {@code a*b} both.
     */
    static String match(Map<String, Object> params, String p, String value, String... columns) {
        if (!value.contains("*")) {
            return like(params, p, value, columns);
        }
        List<String> ors = new ArrayList<>();
        for (String c : columns) {
            ors.add("LOWER(" + c + ") LIKE :" + p + " ESCAPE '!'");
        }
        params.put(p, pattern(value.toLowerCase(Locale.ROOT)));
        return "(" + String.join(" OR ", ors) + ")";
    }

    /** A LIKE pattern (escape '!') of a value: '*' is any text; '%', '_' and '!' are themselves. */
    static String pattern(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_").replace('*', '%');
    }

    /** One search term: {@code key:value}, or free text with an empty key. Keys are lower case. */
    record Term(String key, String value) {
    }

    static List<Term> terms(String search) {
        List<Term> out = new ArrayList<>();
        for (String token : tokens(search)) {
            int colon = token.indexOf(':');
            out.add(colon > 0 ? new Term(token.substring(0, colon).toLowerCase(Locale.ROOT), token.substring(colon + 1))
                    : new Term("", token));
        }
        return out;
    }

    /** Splits a search on whitespace, keeping "quoted phrases" whole. */
    static List<String> tokens(String search) {
        List<String> out = new ArrayList<>();
        if (search == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : search.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    private SearchTerms() {
    }
}
