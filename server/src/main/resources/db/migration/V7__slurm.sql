-- Slurm compute environments (docs/launch.md).

-- Secrets that compute environments use, written once and never read back by the API: for now
-- the private key (and its passphrase) of an SSH login to a cluster.
CREATE TABLE credentials (
    id            VARCHAR(22)  NOT NULL PRIMARY KEY,
    owner_id      BIGINT       NOT NULL REFERENCES users (id),
    name          VARCHAR(100) NOT NULL,
    provider      VARCHAR(20)  NOT NULL,
    secret        ${text}      NOT NULL,
    passphrase    ${text},
    date_created  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_updated  TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted       TIMESTAMP WITH TIME ZONE
);

-- The credential an environment logs in with, and the host key recorded on an admin's first
-- connection (OpenSSH known_hosts line), which every later connection must present.
ALTER TABLE compute_envs ADD COLUMN credentials_id VARCHAR(22);
ALTER TABLE compute_envs ADD COLUMN host_key VARCHAR(4000);

-- A launch's head job on a batch scheduler: its job id, the folder it runs in on the cluster, how
-- much of its console Pharos has copied, and its scheduler state as last seen.
CREATE TABLE head_jobs (
    launch_id       VARCHAR(22)   NOT NULL PRIMARY KEY,
    workflow_id     VARCHAR(16)   NOT NULL,
    compute_env_id  VARCHAR(22)   NOT NULL,
    job_id          VARCHAR(64)   NOT NULL,
    job_dir         VARCHAR(2048) NOT NULL,
    console_offset  BIGINT        NOT NULL DEFAULT 0,
    job_state       VARCHAR(32),
    date_created    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_updated    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX head_jobs_workflow_ix ON head_jobs (workflow_id);
