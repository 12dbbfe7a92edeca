-- A run that `dsbench run` or `check` made is finished in the same transaction as its verdict
-- (Store.saveVerdictFinishingRun): it stays `running` until the health rules, the comparison and
-- the verdict are stored, so a kill before that leaves it `running` (then `interrupted`), never
-- `completed` without its findings. verdict_required = 1 marks such runs: a completed one without a
-- verdict row was never judged and is no auto baseline. 0: runs from before this migration (their
-- databases predate the rule; they keep being judged by their findings alone) and ingested runs.
ALTER TABLE runs ADD COLUMN verdict_required INTEGER NOT NULL DEFAULT 0;
