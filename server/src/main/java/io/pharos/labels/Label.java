package io.pharos.labels;

import java.time.Instant;

/**
 * A row of labels. A simple label has a name; a resource label ({@code resource}) also has a
 * value. {@code labelValue} is stored as '' for a simple label (see V6); {@link #value()} is null then.
 * A default label ({@code isDefault}) is put on every run its owner launches.
 */
public record Label(long id, long ownerId, String name, String labelValue, boolean resource, boolean isDefault,
                    Instant dateCreated, Instant lastUpdated) {

    /** The value of a resource label; null for a simple one. */
    public String value() {
        return labelValue == null || labelValue.isEmpty() ? null : labelValue;
    }

    /** A label on a run, as the runs' label lists read it. */
    public record OnRun(String workflowId, long id, long ownerId, String name, String labelValue, boolean resource,
                        boolean isDefault, Instant dateCreated, Instant lastUpdated) {
        public Label label() {
            return new Label(id, ownerId, name, labelValue, resource, isDefault, dateCreated, lastUpdated);
        }
    }
}
