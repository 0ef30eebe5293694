-- Which user a task folder belongs to (docs/security.md, "Task files"). A reporter names each
-- task's folder, so a folder is bound to the owner of the first run that reported it: a later
-- run of another user that names the same folder cannot read it through Pharos. Claims outlive
-- the run (its files stay on disk after a run is deleted), so there is no foreign key to workflows.
-- folder_key is the SHA-256 (hex) of the folder's path as reported, without a file:// prefix.
CREATE TABLE task_folders (
    folder_key    VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_id      BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workflow_id   VARCHAR(16)  NOT NULL,
    date_created  TIMESTAMP WITH TIME ZONE NOT NULL
);
