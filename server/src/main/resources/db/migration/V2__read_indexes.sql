-- Indexes for task pages of large runs (issue 4, docs/benchmarks-read.md). A page sorted by
-- one of these keys reads only index entries up to its offset and then its own rows, instead of
-- sorting the whole run. Each index is one more entry to write per task insert and per update
-- that changes its key, so only the sort orders clients use most have one.

-- sortBy=name: the V1 index (workflow_id, name) could not give the task_id tie-break order, so
-- every name page sorted the whole run. Replaced, not added: same write cost as before.
DROP INDEX tasks_name_ix;
CREATE INDEX tasks_name_ix ON tasks (workflow_id, name, task_id);

-- sortBy=realtime&sortDir=desc, the longest tasks first. Key order is exactly the query's:
-- realtime DESC NULLS LAST, task_id DESC (running tasks have no realtime yet and come last).
CREATE INDEX tasks_realtime_ix ON tasks (workflow_id, realtime DESC NULLS LAST, task_id DESC);
