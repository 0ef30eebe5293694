package io.pharos.launch;

import java.time.Instant;

/** A place where head jobs run: a row of compute_envs, its config as JSON text; hostKey is the SSH host key recorded for it. */
public record ComputeEnv(String id, long ownerId, String name, String description, String platform, String config,
                         String status, String message, boolean isPrimary, Instant dateCreated,
                         Instant lastUpdated, Instant lastUsed, Instant deleted, String credentialsId,
                         String hostKey) {
    public static final String LOCAL = "local-platform";
    public static final String SLURM = "slurm-platform";
}
