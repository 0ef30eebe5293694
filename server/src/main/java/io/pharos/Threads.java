package io.pharos;

import java.util.concurrent.ThreadFactory;

/** Pharos's own background threads: named (they show in thread dumps) and daemons (they never keep the JVM up). */
public final class Threads {
    private Threads() {
    }

    public static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
