package io.pharos;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a start has opened, closed in reverse order in one place: by {@link App#close()}, and by
 * a start that fails halfway. A resource that fails to close is logged and the rest still close.
 */
final class Resources implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Resources.class);

    private record Entry(String name, AutoCloseable resource) {
    }

    private final Deque<Entry> open = new ArrayDeque<>();

    /** Registers a resource just opened; returns it, so construction and registration are one line. */
    <T extends AutoCloseable> T add(String name, T resource) {
        open.push(new Entry(name, resource));
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!open.isEmpty()) {
            Entry e = open.pop();
            try {
                e.resource().close();
            } catch (Exception ex) {
                LOG.warn("Closing {} failed: {}", e.name(), ex.toString());
            }
        }
    }
}
