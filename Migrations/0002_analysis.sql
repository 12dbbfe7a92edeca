-- Analysis results: findings (health rules, regressions, outliers) and named baselines.

-- Findings of a run. `source` says which analysis wrote them (rules, compare, fleet, …) so that
-- re-running one analysis replaces only its own findings.
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    rule        TEXT NOT NULL,
    severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    node        TEXT,
    gpu         INTEGER,
    step_key    TEXT,
    message     TEXT NOT NULL,
    evidence    TEXT NOT NULL DEFAULT '',
    observed    REAL,
    expected    REAL,
    created_at  TEXT NOT NULL
);
CREATE INDEX findings_run ON findings (run_id, source);

-- A named baseline points at one or more runs (their median is the reference).
CREATE TABLE baselines (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    note        TEXT,
    created_by  TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE baseline_runs (
    baseline_id INTEGER NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE RESTRICT,
    PRIMARY KEY (baseline_id, run_id)
);
