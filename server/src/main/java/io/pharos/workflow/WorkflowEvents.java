package io.pharos.workflow;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-process event bus: every committed change of a run is published here. */
public final class WorkflowEvents {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowEvents.class);
    private final CopyOnWriteArrayList<Consumer<WorkflowEvent>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; the returned handle removes it. Listeners must be quick and never block. */
    public AutoCloseable subscribe(Consumer<WorkflowEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(WorkflowEvent event) {
        for (Consumer<WorkflowEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                // One broken listener must not stop ingestion or the other listeners.
                LOG.warn("Event listener failed on {}", event, e);
            }
        }
    }
}
