package io.pharos.nf;

import java.util.Collection;
import java.util.List;
import nextflow.Session;
import nextflow.trace.TraceObserver;
import nextflow.trace.TraceObserverFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gives Nextflow a {@link PharosObserver} for runs where reporting to Pharos is enabled. */
public class PharosFactory implements TraceObserverFactory {
    private static final Logger log = LoggerFactory.getLogger(PharosFactory.class);

    @Override
    public Collection<TraceObserver> create(Session session) {
        Settings settings;
        try {
            settings = Settings.resolve(session.getConfig(), System.getenv());
        } catch (IllegalArgumentException e) {
            // a bad setting must not stop the pipeline: say so and run without reporting
            log.warn("nf-pharos: reporting to Pharos is off -- {}", e.getMessage());
            return List.of();
        }
        if (!settings.enabled()) {
            return List.of();
        }
        return List.of(new PharosObserver(settings, new PharosClient(settings)));
    }
}
