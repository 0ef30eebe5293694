package io.pharos.workflow;

import io.pharos.error.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The run list: the runs a caller may see, filtered by a search, newest first, paged. SQL is
 * assembled from fixed fragments; every value a client sends is a bound parameter, never SQL text.
 */
final class RunQueries {
    /** {@code lookup}: a clause finds its runs through another index (search index, labels, owners, id). */
    private record Where(String sql, Map<String, Object> params, boolean lookup) {
    }

    /** Runs visible to a caller (all for an admin: {@code ownerId} null), newest first; is:starred means the caller's stars. */
    /**
     * A run of a list page: its id, owner, and whether it can no longer change (ended and
     * completed: its row, progress and tasks are then what they will always be).
     */
    record Ref(String id, long ownerId, String ownerName, boolean fixed) {
    }

    /** The runs with these ids (those that still exist), with their owner's name. */
    static Map<String, Workflow> runs(Handle h, List<String> ids) {
        Map<String, Workflow> out = new HashMap<>();
        if (!ids.isEmpty()) {
            h.createQuery("SELECT " + WorkflowStore.WORKFLOW_COLUMNS
                            + " FROM workflows w JOIN users u ON u.id = w.owner_id WHERE w.id IN (<ids>)")
                    .bindList("ids", ids).mapTo(Workflow.class).forEach(w -> out.put(w.id(), w));
        }
        return out;
    }

    /** A page of the runs a caller sees, newest first: only what tells them apart, not their wide rows. */
    static Page<Ref> listPage(Handle h, Long ownerId, long callerId, String search, int max, int offset) {
        Where where = runFilter(h, ownerId, callerId, search, true);
        // The filter reads workflows alone, so the count and the page's ids come from an index
        // (date_created, id) or (owner_id, date_created, id) without touching the wide rows; only
        // the page's own rows are read, with their owner's name (a deferred join, as for tasks).
        String from = " FROM workflows w WHERE " + where.sql();
        long total;
        if (SearchTerms.terms(search).isEmpty()) {
            // No search: the owners' kept counts (V12), not a count of every visible run.
            total = ownerId == null
                    ? h.createQuery("SELECT COALESCE(SUM(run_count), 0) FROM users").mapTo(Long.class).one()
                    : h.createQuery("SELECT run_count FROM users WHERE id = :ownerId").bind("ownerId", ownerId)
                            .mapTo(Long.class).findOne().orElse(0L);
        } else {
            var count = h.createQuery("SELECT COUNT(*)" + from);
            where.params().forEach(count::bind);
            total = count.mapTo(Long.class).one();
        }
        if (total > INDEXED_PAGE_MAX) {
            // Many matches: newest first along (date_created, id), testing each run, finds a page
            // after about (offset + max) / share runs, sooner than sorting every match; the
            // planner cannot tell, since it has no estimate of how many runs hold a term.
            where = runFilter(h, ownerId, callerId, search, false);
        }
        // One owner's runs without a lookup: walked newest first along (owner_id, date_created,
        // id), stopping at the page. H2 does that only when the owner is named in the order and
        // the index is named too (in a derived table it picks the owner_id index and sorts every
        // run of the owner: over 10 s at 1,000,000 runs); PostgreSQL plans it either way.
        boolean walkOwner = ownerId != null && !where.lookup();
        String order = (walkOwner ? "w.owner_id DESC, " : "") + "w.date_created DESC, w.id DESC";
        String table = walkOwner && isH2(h) ? " FROM workflows w USE INDEX (workflows_owner_created_ix) WHERE "
                : " FROM workflows w WHERE ";
        var q = h.createQuery("SELECT w.id, w.owner_id, u.name, w.status, w.complete IS NOT NULL FROM (SELECT w.id"
                + table + where.sql() + " ORDER BY " + order + " LIMIT :max OFFSET :offset) p"
                + " JOIN workflows w ON w.id = p.id JOIN users u ON u.id = w.owner_id"
                + " ORDER BY w.date_created DESC, w.id DESC");
        where.params().forEach(q::bind);
        List<Ref> items = q.bind("max", max).bind("offset", offset)
                .map((rs, ctx) -> new Ref(rs.getString(1), rs.getLong(2), rs.getString(3),
                        WorkflowStatus.fixed(rs.getString(4), rs.getBoolean(5))))
                .list();
        return new Page<>(items, total);
    }

    /** Above this many matches a page is found by walking the runs newest first, not through the search index. */
    static final long INDEXED_PAGE_MAX = 2_000;

    private static boolean isH2(Handle h) {
        try {
            return h.getConnection().getMetaData().getDatabaseProductName().equals("H2");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Where runFilter(Handle h, Long ownerId, long callerId, String search, boolean useIndex) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (ownerId != null) {
            clauses.add("w.owner_id = :ownerId");
            params.put("ownerId", ownerId);
        }
        int n = 0;
        for (SearchTerms.Term term : SearchTerms.terms(search)) {
            String p = "p" + n++;
            String key = term.key();
            String value = term.value();
            switch (key) {
                case "status" -> {
                    clauses.add("w.status = :" + p);
                    params.put(p, runStatus(value));
                }
                case "runname" -> clauses.add(narrowed(useIndex, params, p, value,
                        SearchTerms.match(params, p, value, "w.run_name")));
                case "projectname" -> clauses.add(narrowed(useIndex, params, p, value,
                        SearchTerms.match(params, p, value, "w.project_name")));
                case "sessionid" -> clauses.add(narrowed(useIndex, params, p, value,
                        SearchTerms.match(params, p, value, "w.session_id")));
                // the owner's Pharos name, or the user name Nextflow reported
                case "username" -> {
                    String found = useIndex ? indexed(params, p, value) : null;
                    String reported = SearchTerms.match(params, p, value, "w.user_name");
                    if (found == null) {
                        clauses.add("(w.owner_id IN (SELECT u.id FROM users u WHERE "
                                + SearchTerms.match(params, p, value, "u.name") + ") OR " + reported + ")");
                    } else {
                        clauses.add(username(h, params, p, value, found, reported));
                    }
                }
                // ids are case-sensitive: exact, or a pattern with '*'
                case "workflowid" -> {
                    clauses.add(value.contains("*") ? "w.id LIKE :" + p + " ESCAPE '!'" : "w.id = :" + p);
                    params.put(p, value.contains("*") ? SearchTerms.pattern(value) : value);
                }
                case "label" -> clauses.add(label(params, p, value));
                case "is" -> {
                    if (!value.equalsIgnoreCase("starred")) {
                        throw ApiException.badRequest("Invalid search 'is:" + value + "': use is:starred");
                    }
                    clauses.add("EXISTS (SELECT 1 FROM workflow_stars s WHERE s.workflow_id = w.id AND s.user_id = :"
                            + p + ")");
                    params.put(p, callerId);
                }
                case "after" -> {
                    clauses.add("w.date_created >= :" + p);
                    params.put(p, instant(value));
                }
                case "before" -> {
                    clauses.add("w.date_created < :" + p);
                    params.put(p, instant(value));
                }
                case "" -> clauses.add(narrowed(useIndex, params, p, value,
                        SearchTerms.match(params, p, value, "w.run_name", "w.project_name", "w.session_id")));
                default -> throw ApiException.badRequest("Unknown search key '" + key + ":': use status:, runName:,"
                        + " projectName:, username:, sessionId:, workflowId:, label:, is:starred, after: or before:");
            }
        }
        // Clauses that find their runs through another index: a subquery's IN (search index,
        // labels, owners) or one run's id.
        boolean lookup = clauses.stream().anyMatch(c -> c.contains(" IN (") || c.startsWith("w.id = "));
        return new Where(clauses.isEmpty() ? "1 = 1" : String.join(" AND ", clauses), params, lookup);
    }

    /**
     * label:NAME (any case; a resource label with any value), label:NAME=VALUE (a resource label
     * with that value); either side may have '*' wildcards.
     */
    private static String label(Map<String, Object> params, String p, String value) {
        int eq = value.indexOf('=');
        String name = eq < 0 ? value : value.substring(0, eq);
        if (name.isEmpty()) {
            throw ApiException.badRequest("Invalid search 'label:" + value + "': name a label, as label:NAME or label:NAME=VALUE");
        }
        params.put(p, SearchTerms.pattern(name.toLowerCase(Locale.ROOT)));
        // From the few matching labels to their runs (workflow_labels_label_ix), not from every run to its labels.
        String sql = "w.id IN (SELECT wl.workflow_id FROM labels l JOIN workflow_labels wl ON wl.label_id = l.id"
                + " WHERE LOWER(l.name) LIKE :" + p + " ESCAPE '!'";
        if (eq >= 0) {
            params.put(p + "v", SearchTerms.pattern(value.substring(eq + 1).toLowerCase(Locale.ROOT)));
            sql += " AND l.resource AND LOWER(l.label_value) LIKE :" + p + "v ESCAPE '!'";
        }
        return sql + ")";
    }

    /**
     * username: through the index. The matching owners are read first (users is small), so the
     * planner sees their ids, not a subquery it must guess the size of: with a guess it read
     * every run. No owner matches: the runs the index finds whose reported user name matches.
     * Some do: those owners' runs too (an index on owner_id), the OR tested on both sets only.
     */
    private static String username(Handle h, Map<String, Object> params, String p, String value, String found,
                                   String reported) {
        Map<String, Object> q = new LinkedHashMap<>();
        var owners = h.createQuery("SELECT u.id FROM users u WHERE " + SearchTerms.match(q, "name", value, "u.name"));
        q.forEach(owners::bind);
        List<Long> ids = owners.mapTo(Long.class).list();
        if (ids.isEmpty()) {
            return "w.id IN (" + found + ") AND " + reported;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            names.add(":" + p + "o" + i);
            params.put(p + "o" + i, ids.get(i));
        }
        String in = String.join(", ", names);
        return "w.id IN (SELECT o.id FROM workflows o WHERE o.owner_id IN (" + in + ") UNION " + found
                + ") AND (w.owner_id IN (" + in + ") OR " + reported + ")";
    }

    /** {@code match} tested only on the runs the search index finds for the term, when it can. */
    private static String narrowed(boolean useIndex, Map<String, Object> params, String p, String value,
                                   String match) {
        String found = useIndex ? indexed(params, p, value) : null;
        return found == null ? match : "w.id IN (" + found + ") AND " + match;
    }

    /**
     * The ids of the runs with a text that holds the term's longest literal part (or, past
     * RunSearchIndex.WIDTH characters, its start): one range of run_search's primary key. Null
     * when the index cannot narrow the term.
     */
    private static String indexed(Map<String, Object> params, String p, String value) {
        long[] range = RunSearchIndex.range(value.toLowerCase(Locale.ROOT));
        if (range == null) {
            return null;
        }
        params.put(p + "from", range[0]);
        params.put(p + "to", range[1]);
        return "SELECT s.workflow_id FROM run_search s WHERE s.piece >= :" + p + "from AND s.piece < :" + p + "to";
    }

    private static String runStatus(String value) {
        try {
            return WorkflowStatus.valueOf(value.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid status '" + value
                    + "': use SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED or UNKNOWN");
        }
    }

    /** A date (its start, UTC) or an ISO instant: after: includes it, before: excludes it. */
    private static Instant instant(String value) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid date '" + value + "': use YYYY-MM-DD or an ISO-8601 instant");
        }
    }

    private RunQueries() {
    }
}
