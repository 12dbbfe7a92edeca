-- Workload steps: the declared metric extraction rules (WorkloadSpec as JSON) stay with the step,
-- so that `dsbench reparse` extracts the same metrics from the stored raw output.
ALTER TABLE steps ADD COLUMN workload_spec TEXT;

CREATE INDEX metrics_step ON metrics (step_id);
