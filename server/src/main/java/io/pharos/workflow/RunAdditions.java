package io.pharos.workflow;

import io.pharos.auth.Principal;
import java.util.List;

/**
 * What other features add to the runs of a list and to a described run in the Seqera shape, for
 * the caller: the labels package gives labels and stars ({@link SeqeraViews} writes them).
 */
public interface RunAdditions {
    /**
     * What one run of a list carries for the caller.
     *
     * @param labels  the run's labels as JSON values (attributes=labels), else null
     * @param starred whether the caller starred the run
     */
    record Added(Object labels, boolean starred) {
    }

    /** One per id, in the same order. */
    List<Added> toList(Principal caller, List<String> ids, Shape shape);

    /** A described run's labels as JSON values (attributes=labels), else null. */
    Object toDescribe(Principal caller, String id, Shape shape);
}
