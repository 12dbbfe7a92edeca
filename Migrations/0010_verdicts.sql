-- The verdict of a run (Judge.verdict): one row per run, the latest judgement replacing the one
-- before (a `compare` against another baseline re-judges the run). `show` and `report` render this
-- row, so they say what the `check` or `compare` that wrote it said and exited with.
-- json is the whole Verdict (status, reason, baseline, every check with its evidence); status and
-- exit_code are beside it for SQL (auto baselines pass over runs whose verdict is not `pass`).
CREATE TABLE verdicts (
    run_id      INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,              -- pass | fail | error | no_verdict
    exit_code   INTEGER NOT NULL,
    baseline    TEXT,                       -- the baseline's label, NULL without one
    judged_by   TEXT NOT NULL,              -- run | check | compare | ingest | reparse
    judged_at   TEXT NOT NULL,
    json        TEXT NOT NULL
);
