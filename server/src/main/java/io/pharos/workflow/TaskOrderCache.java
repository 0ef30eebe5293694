package io.pharos.workflow;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The sorted task ids of ended runs, so that a page deep into a sorted list costs one primary
 * key lookup of the page's rows instead of walking an index past every skipped row.
 *
 * <p>Only an ended, completed run may be cached: ingestion refuses any change to it (409), so
 * its order never goes stale; a deleted run is forgotten. Entries are dropped least recently
 * used first once they hold more than {@code maxIds} ids in all (8 bytes each). Two requests
 * for the same missing order share one query.
 */
final class TaskOrderCache {
    /** One sorted, filtered list of a run's tasks. */
    record Key(String workflowId, String search, String column, String dir) {
    }

    private final long maxIds;
    private final LinkedHashMap<Key, long[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Key, CompletableFuture<long[]>> loading = new HashMap<>();
    private long held;

    TaskOrderCache(long maxIds) {
        this.maxIds = maxIds;
    }

    long[] get(Key key, Supplier<long[]> load) {
        CompletableFuture<long[]> mine;
        CompletableFuture<long[]> theirs;
        synchronized (this) {
            long[] ids = entries.get(key);
            if (ids != null) {
                return ids;
            }
            theirs = loading.get(key);
            mine = theirs == null ? new CompletableFuture<>() : null;
            if (mine != null) {
                loading.put(key, mine);
            }
        }
        if (theirs != null) {
            return join(theirs);
        }
        try {
            long[] ids = load.get();
            synchronized (this) {
                // a run deleted while its order was read is not cached
                if (loading.remove(key) == mine && ids.length <= maxIds) {
                    entries.put(key, ids);
                    held += ids.length;
                    evict();
                }
            }
            mine.complete(ids);
            return ids;
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(key, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Drops every order of a run (it was deleted). */
    synchronized void forget(String workflowId) {
        for (Iterator<Map.Entry<Key, long[]>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, long[]> e = it.next();
            if (e.getKey().workflowId().equals(workflowId)) {
                held -= e.getValue().length;
                it.remove();
            }
        }
        loading.keySet().removeIf(k -> k.workflowId().equals(workflowId));
    }

    synchronized long heldIds() {
        return held;
    }

    private void evict() {
        for (Iterator<long[]> it = entries.values().iterator(); held > maxIds && it.hasNext(); ) {
            held -= it.next().length;
            it.remove();
        }
    }

    private static long[] join(CompletableFuture<long[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a task order", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
