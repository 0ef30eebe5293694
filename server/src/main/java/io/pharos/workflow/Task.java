package io.pharos.workflow;

import io.pharos.db.RecordShape;
import java.time.Instant;

/**
 * One task of a run: a row of the tasks table, every field of the seed's task object. The
 * fields are listed with their columns, sizes and API keys in {@link TaskField}; build a task
 * with {@link #builder()} or change one with {@link #toBuilder()}.
 */
public record Task(
        Long id, String workflowId, long taskId, String status, int statusRank,
        String hash, String name, String process, String tag, String module, String container,
        Integer attempt, String script, String scratch, String workdir, String queue,
        Integer cpus, Long memory, Long disk, Long time, String env, String errorAction, Integer exitStatus,
        Instant submit, Instant start, Instant complete, Long duration, Long realtime, String nativeId,
        Double pcpu, Double pmem, Long rss, Long vmem, Long peakRss, Long peakVmem,
        Long rchar, Long wchar, Long syscr, Long syscw, Long readBytes, Long writeBytes,
        Long volCtxt, Long invCtxt, String executor, String cloudZone, String machineType,
        String priceModel, Double cost, String cpuModel, Instant dateCreated, Instant lastUpdated) {

    public static Builder builder() {
        return new Builder(new Object[TaskField.values().length]);
    }

    /** A builder that starts with this task's values. */
    public Builder toBuilder() {
        return new Builder(Builder.SHAPE.values(this));
    }

    /** A task's values by {@link TaskField}; strings are cut to their column's size as they are set. */
    public static final class Builder {
        private static final RecordShape<Task> SHAPE = RecordShape.of(Task.class);
        private static final TaskField[] FIELDS = TaskField.values();
        /** For each record type copied from, the field each of its components fills (null: none). */
        private static final ClassValue<TaskField[]> SAME_NAMES = new ClassValue<>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            protected TaskField[] computeValue(Class<?> type) {
                RecordShape<?> from = RecordShape.of((Class) type);
                TaskField[] to = new TaskField[from.size()];
                for (int i = 0; i < to.length; i++) {
                    int j = SHAPE.index(from.names().get(i));
                    if (j >= 0 && RecordShape.fits(from.type(i), FIELDS[j].type())) {
                        to[i] = FIELDS[j];
                    }
                }
                return to;
            }
        };

        private final Object[] values;

        private Builder(Object[] values) {
            this.values = values;
        }

        public Builder set(TaskField field, Object value) {
            if (value != null && !RecordShape.box(field.type()).isInstance(value)) {
                throw new IllegalArgumentException("Task." + field.key() + " is a " + field.type().getSimpleName()
                        + ", not a " + value.getClass().getSimpleName());
            }
            values[field.ordinal()] = value instanceof String s ? field.clip(s) : value;
            return this;
        }

        public Object get(TaskField field) {
            return values[field.ordinal()];
        }

        /** Sets every field that {@code from} has a component of the same name and type for. */
        public <R extends Record> Builder copy(R from) {
            return copy(from, false);
        }

        /** Fills every field still null from {@code from}'s component of the same name and type. */
        public <R extends Record> Builder orElse(R from) {
            return copy(from, true);
        }

        @SuppressWarnings("unchecked")
        private <R extends Record> Builder copy(R from, boolean onlyNulls) {
            RecordShape<R> shape = RecordShape.of((Class<R>) from.getClass());
            TaskField[] to = SAME_NAMES.get(from.getClass());
            for (int i = 0; i < to.length; i++) {
                if (to[i] != null && (!onlyNulls || values[to[i].ordinal()] == null)) {
                    set(to[i], shape.get(from, i));
                }
            }
            return this;
        }

        public Task build() {
            return SHAPE.make(values);
        }
    }
}
