package io.pharos.workflow;

import io.pharos.auth.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What other features add to the runs of a list and to a described run, for the caller: the
 * labels package adds labels and stars. {@code attributes} are those the request asked for.
 */
public interface RunAdditions {
    RunAdditions NONE = new RunAdditions() {
        @Override
        public void toList(Principal caller, List<String> ids, List<Map<String, Object>> items, Set<String> attributes) {
        }

        @Override
        public void toDescribe(Principal caller, String id, Map<String, Object> out, Set<String> attributes) {
        }
    };

    /** Adds to each list item (one per id, in the same order). */
    void toList(Principal caller, List<String> ids, List<Map<String, Object>> items, Set<String> attributes);

    void toDescribe(Principal caller, String id, Map<String, Object> out, Set<String> attributes);
}
