package io.pharos.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.Ids;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Compute environments are the server's: every user who may launch can use them, and only an
 * admin creates or deletes them, since their scripts and variables run on the server host.
 */
public final class ComputeEnvService {
    private final ComputeEnvStore store;
    private final ObjectMapper json;
    private final Clock clock;

    public ComputeEnvService(Jdbi jdbi, ObjectMapper json, Clock clock) {
        this.store = jdbi.onDemand(ComputeEnvStore.class);
        this.json = json;
        this.clock = clock;
    }

    /** A create body: today's Seqera shape (CreateComputeEnvRequest's computeEnv) and Pharos' earlier one alike. */
    public record NewComputeEnv(String name, String description, String platform, ComputeEnvConfig config,
                                String credentialsId) {
    }

    /** On first start: a local environment working under the data folder. */
    public void ensureDefault(long adminId, Path dataDir, String nextflowCommand) {
        if (!store.list().isEmpty()) {
            return;
        }
        ComputeEnvConfig cfg = ComputeEnvConfig.local(dataDir.toAbsolutePath().normalize().resolve("work").toString(),
                nextflowCommand, ComputeEnvConfig.DEFAULT_MAX_RUNNING);
        store.insert(Ids.entityId(), adminId, "local", "Runs head jobs on the Pharos host", ComputeEnv.LOCAL,
                write(cfg), true, clock.instant());
    }

    public ComputeEnv create(Principal caller, NewComputeEnv req) {
        requireAdmin(caller);
        if (req.name() == null || !req.name().matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
            throw ApiException.badRequest("Invalid name '" + req.name() + "': 1 to 100 letters, digits, spaces, '.', '_' or '-'");
        }
        ComputeEnvConfig cfg = req.config();
        if (cfg == null) {
            throw ApiException.badRequest("Field 'config' is required");
        }
        String platform = platform(req.platform(), cfg.discriminator());
        cfg = cfg.withDiscriminator(platform);
        if (cfg.workDir() == null || cfg.workDir().isBlank()) {
            throw ApiException.badRequest("Field 'config.workDir' is required");
        }
        if (!Path.of(cfg.workDir()).isAbsolute()) {
            throw ApiException.badRequest("Invalid config.workDir '" + cfg.workDir() + "': use an absolute path");
        }
        if (cfg.maxRunning() != null && (cfg.maxRunning() < 1 || cfg.maxRunning() > 1000)) {
            throw ApiException.badRequest("Invalid config.maxRunning " + cfg.maxRunning() + ": use 1 to 1000");
        }
        checkEnvironment(cfg.environmentOrEmpty());
        if (store.countNamed(req.name()) > 0) {
            throw ApiException.conflict("A compute environment named '" + req.name() + "' already exists");
        }
        String id = Ids.entityId();
        store.insert(id, caller.userId(), req.name(), req.description(), platform, write(cfg), false, clock.instant());
        return store.find(id).orElseThrow();
    }

    /** The platform from {@code platform} and/or {@code config.discriminator}, which must agree. */
    private static String platform(String platform, String discriminator) {
        if (platform != null && discriminator != null && !platform.equals(discriminator)) {
            throw ApiException.badRequest("Invalid config.discriminator '" + discriminator + "': the platform is '"
                    + platform + "'");
        }
        String p = platform != null ? platform : discriminator != null ? discriminator : ComputeEnv.LOCAL;
        if (!ComputeEnv.LOCAL.equals(p)) {
            throw ApiException.badRequest("Invalid platform '" + p + "': this server supports local-platform");
        }
        return p;
    }

    private static void checkEnvironment(List<EnvVar> vars) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (EnvVar v : vars) {
            if (v.name() == null || !v.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw ApiException.badRequest("Invalid config.environment name '" + v.name() + "'");
            }
            if (!seen.add(v.name())) {
                throw ApiException.badRequest("Invalid config.environment: '" + v.name() + "' is given twice");
            }
        }
    }

    public List<ComputeEnv> list() {
        return store.list();
    }

    public ComputeEnv get(String id) {
        return store.find(id).orElseThrow(() -> ApiException.notFound("Unknown compute environment '" + id + "'"));
    }

    public void delete(Principal caller, String id) {
        requireAdmin(caller);
        get(id);
        store.delete(id, clock.instant());
    }

    public void touch(String id) {
        store.touch(id, clock.instant());
    }

    public ComputeEnvConfig config(ComputeEnv env) {
        return readConfig(json, env);
    }

    static ComputeEnvConfig readConfig(ObjectMapper json, ComputeEnv env) {
        try {
            return json.readValue(env.config(), ComputeEnvConfig.class).withDiscriminator(env.platform());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored compute environment config is unreadable", e);
        }
    }

    private static void requireAdmin(Principal caller) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only an administrator manages compute environments");
        }
    }

    private String write(ComputeEnvConfig cfg) {
        try {
            return json.writeValueAsString(cfg);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
