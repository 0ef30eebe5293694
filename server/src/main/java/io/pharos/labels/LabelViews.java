package io.pharos.labels;

import io.pharos.auth.Principal;
import io.pharos.workflow.RunAdditions;
import io.pharos.workflow.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of labels and stars, in the Seqera Platform API's shapes (LabelDbDto, the create and
 * update responses, ListLabelsResponse, CreateWorkflowStarResponse), and what runs carry of them
 * in the Seqera shape of the run list and describe: each run of a list has {@code starred}, and
 * {@code labels} when asked for with {@code attributes=labels} (else null);
 * a described run has {@code labels} when asked for.
 */
public final class LabelViews implements RunAdditions {
    private final LabelService labels;
    private final StarService stars;

    public LabelViews(LabelService labels, StarService stars) {
        this.labels = labels;
        this.stars = stars;
    }

    /** LabelDbDto; a simple label has no value key (the spec's value is a string, never null). */
    public static Map<String, Object> label(Label l) {
        Map<String, Object> m = created(l);
        m.put("isDynamic", false);
        m.put("isInterpolated", false);
        m.put("dateCreated", l.dateCreated());
        return m;
    }

    /** CreateLabelResponse: UpdateLabelResponse's keys with {@code resource} before {@code isDefault}. */
    public static Map<String, Object> created(Label l) {
        Map<String, Object> m = identity(l);
        m.put("resource", l.resource());
        m.put("isDefault", l.isDefault());
        return m;
    }

    /** UpdateLabelResponse. */
    public static Map<String, Object> updated(Label l) {
        Map<String, Object> m = identity(l);
        m.put("isDefault", l.isDefault());
        return m;
    }

    /** What every label answer starts with: id, name and (for a resource label) its value. */
    private static Map<String, Object> identity(Label l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("name", l.name());
        putValue(m, l);
        return m;
    }

    /** ListLabelsResponse. */
    public static Map<String, Object> list(LabelService.LabelPage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", labelList(page.labels()));
        m.put("totalSize", page.total());
        return m;
    }

    /** CreateWorkflowStarResponse (the answer of every star call). */
    public static Map<String, Object> star(String workflowId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflowId", workflowId);
        return m;
    }

    @Override
    public List<Added> toList(Principal caller, List<String> ids, Shape shape) {
        boolean withLabels = shape.has(Shape.Attribute.LABELS);
        Map<String, List<Label>> onRuns = withLabels ? labels.onRuns(ids) : Map.of();
        Set<String> starred = stars.starredAmong(caller, ids);
        List<Added> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(new Added(withLabels ? labelList(onRuns.getOrDefault(id, List.of())) : null, starred.contains(id)));
        }
        return out;
    }

    @Override
    public Object toDescribe(Principal caller, String id, Shape shape) {
        if (!shape.has(Shape.Attribute.LABELS)) {
            return null;
        }
        return labelList(labels.onRuns(List.of(id)).getOrDefault(id, List.of()));
    }

    private static List<Map<String, Object>> labelList(List<Label> list) {
        List<Map<String, Object>> out = new ArrayList<>(list.size());
        for (Label l : list) {
            out.add(label(l));
        }
        return out;
    }

    private static void putValue(Map<String, Object> m, Label l) {
        if (l.value() != null) {
            m.put("value", l.value());
        }
    }
}
