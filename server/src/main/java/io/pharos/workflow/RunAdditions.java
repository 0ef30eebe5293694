package io.pharos.workflow;

import io.pharos.auth.Principal;
import java.util.List;
import java.util.Map;

/**
 * What other features add to the runs of a list and to a described run in the Seqera shape, for
 * the caller: the labels package fills in labels and stars ({@link SeqeraViews} leaves them empty).
 */
public interface RunAdditions {
    /** Adds to each list item (one per id, in the same order). */
    void toList(Principal caller, List<String> ids, List<Map<String, Object>> items, Shape shape);

    void toDescribe(Principal caller, String id, Map<String, Object> out, Shape shape);
}
