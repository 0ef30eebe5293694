package io.pharos.labels;

import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.workflow.WorkflowService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Labels and the runs they are on. A label lives in its owner's context ({@link #contextOf}): the
 * owner lists and uses it, and it goes only on runs of that owner. Changing a label is for its
 * owner or an admin ({@link Principal#mayAccess}). Every request is checked whole before anything
 * is written, so a refused one changes nothing.
 */
public final class LabelService {
    public static final int MAX_PAGE = 1_000;
    /** At most this many runs, and labels, in one add/apply/remove. */
    public static final int MAX_IDS = 1_000;
    public static final int MAX_LENGTH = 39;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,37}[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,38}");

    private final Jdbi jdbi;
    private final LabelStore store;
    private final WorkflowService workflows;
    private final Clock clock;

    public LabelService(Jdbi jdbi, WorkflowService workflows, Clock clock) {
        this.jdbi = jdbi;
        this.store = jdbi.onDemand(LabelStore.class);
        this.workflows = workflows;
        this.clock = clock;
    }

    /** CreateLabelRequest. */
    public record NewLabel(String name, String value, Boolean resource, Boolean isDefault) {
    }

    /** UpdateLabelRequest: what is left out stays as it is. */
    public record LabelChange(String name, String value, Boolean isDefault) {
    }

    public record LabelPage(List<Label> labels, long total) {
    }

    public enum Association { ADD, APPLY, REMOVE }

    /**
     * The owner of the labels a caller lists, creates and puts on runs: the caller, for now. The
     * one place to change when labels move into workspaces.
     */
    static long contextOf(Principal caller) {
        return caller.userId();
    }

    /** Creates a label, or returns the caller's label of that kind, name and value as it is. */
    public Label create(Principal caller, NewLabel req) {
        if (req == null) {
            throw ApiException.badRequest("A label needs a body: {\"name\": ...}");
        }
        boolean resource = Boolean.TRUE.equals(req.resource());
        String name = name(req.name());
        String value = value(req.value(), resource);
        long owner = contextOf(caller);
        return jdbi.inTransaction(h -> {
            LabelStore s = h.attach(LabelStore.class);
            return s.findNamed(owner, resource, name, value).orElseGet(() -> s.find(
                    s.insert(owner, name, value, resource, Boolean.TRUE.equals(req.isDefault()), clock.instant()))
                    .orElseThrow());
        });
    }

    public Label update(Principal caller, long id, LabelChange req) {
        if (req == null) {
            throw ApiException.badRequest("A label update needs a body: {\"name\": ..., \"isDefault\": ...}");
        }
        Label l = changeable(caller, id);
        String name = req.name() == null ? l.name() : name(req.name());
        String value = req.value() == null ? l.labelValue() : value(req.value(), l.resource());
        boolean isDefault = req.isDefault() == null ? l.isDefault() : req.isDefault();
        return jdbi.inTransaction(h -> {
            LabelStore s = h.attach(LabelStore.class);
            s.findNamed(l.ownerId(), l.resource(), name, value).filter(other -> other.id() != id).ifPresent(other -> {
                throw ApiException.conflict("A label " + describe(name, value) + " already exists (id " + other.id() + ")");
            });
            s.update(id, name, value, isDefault, clock.instant());
            return s.find(id).orElseThrow();
        });
    }

    /** Deletes a label; it leaves every run it was on. */
    public void delete(Principal caller, long id) {
        changeable(caller, id);
        store.delete(id);
    }

    /** The caller's labels by name (then value), filtered: search in name or value, type, default. */
    public LabelPage list(Principal caller, String search, String type, String isDefault, int max, int offset) {
        if (max < 1 || max > MAX_PAGE) {
            throw ApiException.badRequest("Invalid max " + max + ": use 1 to " + MAX_PAGE);
        }
        if (offset < 0) {
            throw ApiException.badRequest("Invalid offset " + offset + ": use 0 or more");
        }
        List<String> where = new ArrayList<>(List.of("owner_id = :ownerId"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("ownerId", contextOf(caller));
        if (search != null && !search.isBlank()) {
            where.add("(LOWER(name) LIKE :search ESCAPE '!' OR LOWER(label_value) LIKE :search ESCAPE '!')");
            params.put("search", "%" + search.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%");
        }
        String kind = type == null || type.isBlank() ? "all" : type.strip();
        switch (kind) {
            case "simple" -> where.add("resource = FALSE");
            case "resource" -> where.add("resource = TRUE");
            case "all" -> { }
            default -> throw ApiException.badRequest("Invalid type '" + type + "': use simple, resource or all");
        }
        if (isDefault != null && !isDefault.isBlank()) {
            if (!isDefault.equals("true") && !isDefault.equals("false")) {
                throw ApiException.badRequest("Invalid isDefault '" + isDefault + "': use true or false");
            }
            where.add("is_default = :isDefault");
            params.put("isDefault", Boolean.parseBoolean(isDefault));
        }
        String from = " FROM labels WHERE " + String.join(" AND ", where);
        return jdbi.withHandle(h -> {
            var count = h.createQuery("SELECT COUNT(*)" + from);
            params.forEach(count::bind);
            var page = h.createQuery("SELECT *" + from + " ORDER BY name, label_value, id LIMIT :max OFFSET :offset");
            params.forEach(page::bind);
            return new LabelPage(page.bind("max", max).bind("offset", offset).mapTo(Label.class).list(),
                    count.mapTo(Long.class).one());
        });
    }

    /**
     * Adds labels to runs, replaces the runs' labels with them (apply), or removes them. Every
     * run must be one the caller may change, every label one the caller may use on it; else
     * nothing changes (400 malformed, 404 unknown, 403 another user's).
     */
    public void associate(Principal caller, Association how, List<String> workflowIds, List<Long> labelIds) {
        if (workflowIds == null || workflowIds.isEmpty()) {
            throw ApiException.badRequest("Field 'workflowIds' is required: the runs to change");
        }
        if (labelIds == null) {
            throw ApiException.badRequest("Field 'labelIds' is required (an empty list removes every label with apply)");
        }
        Set<String> runs = new LinkedHashSet<>(checkedList("workflowIds", workflowIds));
        Set<Long> labels = new LinkedHashSet<>(checkedList("labelIds", labelIds));
        Map<String, Long> owners = new LinkedHashMap<>();
        for (String id : runs) {
            owners.put(id, workflows.checkAccess(caller, id));
        }
        Map<Long, Label> found = usable(caller, labels, "labelIds");
        for (Map.Entry<String, Long> run : owners.entrySet()) {
            sameOwner(found.values(), run.getValue(), "Workflow " + run.getKey());
        }
        jdbi.useTransaction(h -> {
            LabelStore s = h.attach(LabelStore.class);
            for (String run : runs) {
                if (how == Association.APPLY) {
                    s.detachAll(run);
                }
                for (long label : labels) {
                    if (how == Association.REMOVE) {
                        s.detach(run, label);
                    } else {
                        s.attach(run, label);
                    }
                }
            }
        });
    }

    /**
     * The labels a new run of the caller gets: those asked for (the caller's own; else 400 or
     * 403 naming the field) and the caller's default labels. Attach them with {@link #attach}.
     */
    public Set<Long> forLaunch(Principal caller, List<Long> labelIds) {
        Set<Long> out = new LinkedHashSet<>();
        if (labelIds != null) {
            Set<Long> asked = new LinkedHashSet<>(checkedList("labelIds", labelIds));
            Map<Long, Label> found;
            try {
                found = usable(caller, asked, "labelIds");
            } catch (ApiException e) {
                // An unknown id is a bad field of the launch body, as an unknown compute environment is.
                throw e.status() == 404 ? ApiException.badRequest(e.getMessage()) : e;
            }
            sameOwner(found.values(), contextOf(caller), "Invalid value for 'labelIds': a new run of "
                    + caller.user().name());
            out.addAll(asked);
        }
        out.addAll(store.defaults(contextOf(caller)));
        return out;
    }

    /** Puts labels on a new run, in the transaction that creates it. */
    public static void attach(Handle h, String workflowId, Collection<Long> labelIds) {
        LabelStore s = h.attach(LabelStore.class);
        for (long id : labelIds) {
            s.attach(workflowId, id);
        }
    }

    /** The labels of each run (a run without any is missing from the map). */
    public Map<String, List<Label>> onRuns(Collection<String> workflowIds) {
        Map<String, List<Label>> out = new HashMap<>();
        if (workflowIds.isEmpty()) {
            return out;
        }
        for (Label.OnRun r : store.onRuns(workflowIds)) {
            out.computeIfAbsent(r.workflowId(), k -> new ArrayList<>()).add(r.label());
        }
        return out;
    }

    /** A label the caller may change: 404 unknown, 403 another user's. */
    private Label changeable(Principal caller, long id) {
        Label l = store.find(id).orElseThrow(() -> ApiException.notFound("Unknown label id " + id));
        if (!caller.mayAccess(l.ownerId())) {
            throw ApiException.forbidden("Label " + id + " belongs to another user");
        }
        return l;
    }

    /** Every id names a label the caller may use: 404 for an unknown one, 403 for another user's. */
    private Map<Long, Label> usable(Principal caller, Set<Long> ids, String field) {
        Map<Long, Label> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        for (Label l : store.find(ids)) {
            found.put(l.id(), l);
        }
        for (long id : ids) {
            Label l = found.get(id);
            if (l == null) {
                throw ApiException.notFound("Invalid value for '" + field + "': unknown label id " + id);
            }
            if (!caller.mayAccess(l.ownerId())) {
                throw ApiException.forbidden("Invalid value for '" + field + "': label " + id + " belongs to another user");
            }
        }
        return found;
    }

    /** A label goes only on runs of its owner (an admin may not put one user's label on another's run). */
    private static void sameOwner(Collection<Label> labels, long runOwner, String what) {
        for (Label l : labels) {
            if (l.ownerId() != runOwner) {
                throw ApiException.badRequest(what + " cannot carry label " + l.id()
                        + ": a label goes only on runs of the user it belongs to");
            }
        }
    }

    private static <T> List<T> checkedList(String field, List<T> values) {
        if (values.size() > MAX_IDS) {
            throw ApiException.badRequest("Field '" + field + "' has " + values.size() + " entries: at most " + MAX_IDS);
        }
        if (values.contains(null)) {
            throw ApiException.badRequest("Field '" + field + "' may not contain null");
        }
        return values;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("Field 'name' is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("Invalid label name '" + name + "': use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
        }
        return name;
    }

    /** A resource label's value ('' stored for a simple label, which may not have one). */
    private static String value(String value, boolean resource) {
        if (!resource) {
            if (value != null && !value.isEmpty()) {
                throw ApiException.badRequest("Invalid label value: only resource labels (\"resource\": true) have a value");
            }
            return "";
        }
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Field 'value' is required for a resource label");
        }
        if (!VALUE.matcher(value).matches()) {
            throw ApiException.badRequest("Invalid label value '" + value + "': use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_', ':', '/', '@', '+' or '-', starting with a letter or digit");
        }
        return value;
    }

    private static String describe(String name, String value) {
        return value == null || value.isEmpty() ? "'" + name + "'" : "'" + name + "=" + value + "'";
    }
}
