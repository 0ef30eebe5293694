-- Workflow fields Nextflow sends (24.10, 25.04) that V1 had no column for, so that Pharos keeps
-- everything it is told (issue 13). Appended to workflows in the order of workflow/WorkflowField.
-- fusion and wave are Nextflow's small {enabled, version} objects, kept as JSON text like manifest.
-- Paths get 1024 like the other folders of V1; operation_id the size the Seqera API gives it.
ALTER TABLE workflows ADD COLUMN output_dir VARCHAR(1024);
ALTER TABLE workflows ADD COLUMN log_file VARCHAR(1024);
ALTER TABLE workflows ADD COLUMN out_file VARCHAR(1024);
ALTER TABLE workflows ADD COLUMN operation_id VARCHAR(110);
ALTER TABLE workflows ADD COLUMN fusion ${text};
ALTER TABLE workflows ADD COLUMN wave ${text};
ALTER TABLE workflows ADD COLUMN preview BOOLEAN;
ALTER TABLE workflows ADD COLUMN stub_run BOOLEAN;
ALTER TABLE workflows ADD COLUMN fail_on_ignore BOOLEAN;
