package io.pharos.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.Ids;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Compute environments are the server's: every user who may launch can use them, and only an
 * admin creates or deletes them, since their scripts and variables run on the server host.
 */
public final class ComputeEnvService {
    private final ComputeEnvStore store;
    private final CredentialStore credentials;
    private final ObjectMapper json;
    private final Clock clock;

    public ComputeEnvService(Jdbi jdbi, ObjectMapper json, Clock clock) {
        this.store = jdbi.onDemand(ComputeEnvStore.class);
        this.credentials = jdbi.onDemand(CredentialStore.class);
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
                write(cfg), true, clock.instant(), null);
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
        String credentialsId = null;
        if (ComputeEnv.SLURM.equals(platform)) {
            checkSlurm(cfg);
            if (cfg.hostName() != null && !cfg.hostName().isBlank()) {
                if (req.credentialsId() == null || credentials.find(req.credentialsId()).isEmpty()) {
                    throw ApiException.badRequest("Invalid credentialsId '" + req.credentialsId() + "': a Slurm environment "
                            + "reached over SSH needs the id of an SSH key stored with POST /api/credentials");
                }
                credentialsId = req.credentialsId();
            }
        }
        store.insert(id, caller.userId(), req.name(), req.description(), platform, write(cfg), false, clock.instant(),
                credentialsId);
        return store.find(id).orElseThrow();
    }

    /** The platform from {@code platform} and/or {@code config.discriminator}, which must agree. */
    private static String platform(String platform, String discriminator) {
        if (platform != null && discriminator != null && !platform.equals(discriminator)) {
            throw ApiException.badRequest("Invalid config.discriminator '" + discriminator + "': the platform is '"
                    + platform + "'");
        }
        String p = platform != null ? platform : discriminator != null ? discriminator : ComputeEnv.LOCAL;
        if (!ComputeEnv.LOCAL.equals(p) && !ComputeEnv.SLURM.equals(p)) {
            throw ApiException.badRequest("Invalid platform '" + p + "': this server supports local-platform and slurm-platform");
        }
        return p;
    }

    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    /** SlurmComputeConfig's fields: names that reach a command line are plain names, never options. */
    private static void checkSlurm(ComputeEnvConfig cfg) {
        if (cfg.hostName() != null && !cfg.hostName().isBlank() && !HOST.matcher(cfg.hostName()).matches()) {
            throw ApiException.badRequest("Invalid config.hostName '" + cfg.hostName() + "': use a host name or address");
        }
        if (cfg.hostName() != null && !cfg.hostName().isBlank()
                && (cfg.userName() == null || !NAME.matcher(cfg.userName()).matches())) {
            throw ApiException.badRequest("Invalid config.userName '" + cfg.userName() + "': a login name is required with a hostName");
        }
        if (cfg.port() != null && (cfg.port() < 1 || cfg.port() > 65535)) {
            throw ApiException.badRequest("Invalid config.port " + cfg.port() + ": use 1 to 65535");
        }
        for (String[] q : new String[][] {{"headQueue", cfg.headQueue()}, {"computeQueue", cfg.computeQueue()}}) {
            if (q[1] != null && !q[1].isBlank() && !NAME.matcher(q[1]).matches()) {
                throw ApiException.badRequest("Invalid config." + q[0] + " '" + q[1] + "': use a partition name");
            }
        }
        if (cfg.launchDir() != null && !cfg.launchDir().isBlank() && !cfg.launchDir().startsWith("/")) {
            throw ApiException.badRequest("Invalid config.launchDir '" + cfg.launchDir() + "': use an absolute path");
        }
        if (cfg.maxQueueSize() != null && (cfg.maxQueueSize() < 1 || cfg.maxQueueSize() > 100000)) {
            throw ApiException.badRequest("Invalid config.maxQueueSize " + cfg.maxQueueSize() + ": use 1 to 100000");
        }
        if (cfg.headJobOptions() != null && cfg.headJobOptions().chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.badRequest("Invalid config.headJobOptions: one line of sbatch options");
        }
    }

    // ---- credentials: write-only secrets that environments log in with ----

    /** POST /api/credentials: the spec's {credentials: {name, provider: "ssh", keys: {privateKey, passphrase}}}. */
    public record NewCredential(String name, String provider, Keys keys) {
        public record Keys(String privateKey, String passphrase) {
            @Override
            public String toString() {
                return "Keys[hidden]";
            }
        }
    }

    public CredentialStore.Credential createCredential(Principal caller, NewCredential req) {
        requireAdmin(caller);
        if (req.name() == null || !req.name().matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
            throw ApiException.badRequest("Invalid name '" + req.name() + "': 1 to 100 letters, digits, spaces, '.', '_' or '-'");
        }
        if (!"ssh".equals(req.provider())) {
            throw ApiException.badRequest("Invalid provider '" + req.provider() + "': this server stores ssh keys");
        }
        String key = req.keys() == null ? null : req.keys().privateKey();
        if (key == null || !key.contains("PRIVATE KEY-----")) {
            throw ApiException.badRequest("Invalid keys.privateKey: paste a private key in OpenSSH or PEM form");
        }
        if (credentials.countNamed(req.name()) > 0) {
            throw ApiException.conflict("A credential named '" + req.name() + "' already exists");
        }
        String id = Ids.entityId();
        credentials.insert(id, caller.userId(), req.name(), "ssh", key, req.keys().passphrase(), clock.instant());
        return credentials.find(id).orElseThrow();
    }

    public List<CredentialStore.Credential> credentials(Principal caller) {
        requireAdmin(caller);
        return credentials.list();
    }

    public void deleteCredential(Principal caller, String id) {
        requireAdmin(caller);
        if (credentials.find(id).isEmpty()) {
            throw ApiException.notFound("Unknown credentials '" + id + "'");
        }
        credentials.delete(id, clock.instant());
    }

    /** The secret an environment logs in with (for the SSH shell only). */
    Optional<CredentialStore.Secret> secretOf(ComputeEnv env) {
        return env.credentialsId() == null ? Optional.empty() : credentials.secret(env.credentialsId());
    }

    void recordHostKey(ComputeEnv env, String hostKey) {
        store.recordHostKey(env.id(), hostKey, clock.instant());
    }

    void setStatus(String envId, String status, String message) {
        store.setStatus(envId, status, message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message,
                clock.instant());
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
