-- nvbandwidth (issue 14): one row per testcase a run printed, and one per measured matrix cell,
-- per (run, step, node, testcase, source, destination). The cells are also metric series in
-- `metrics` (`nvbandwidth.<testcase>` with source/destination labels), which the comparison with
-- baselines and the fleet check read; these tables keep the tool's own shape for show and report.
CREATE TABLE nvbandwidth_testcases (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id     INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    artifact_id INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    node        TEXT NOT NULL,
    seq         INTEGER NOT NULL,           -- order in the output
    testcase    TEXT,                       -- NULL: a waived testcase the text form did not name
    status      TEXT NOT NULL,              -- Passed, Waived, Not Found, Error, Incomplete
    description TEXT,
    unit        TEXT,
    sum         REAL,
    message     TEXT
);
CREATE INDEX nvbandwidth_testcases_run ON nvbandwidth_testcases (run_id, node);
CREATE INDEX nvbandwidth_testcases_step ON nvbandwidth_testcases (step_id);

CREATE TABLE nvbandwidth_cells (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id     INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    artifact_id INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    node        TEXT NOT NULL,
    testcase    TEXT NOT NULL,
    source      TEXT NOT NULL,              -- CPU0, GPU3: the kind from the description, the tool's label
    destination TEXT NOT NULL,
    value       REAL NOT NULL,
    unit        TEXT NOT NULL
);
CREATE INDEX nvbandwidth_cells_run ON nvbandwidth_cells (run_id, node, testcase);
CREATE INDEX nvbandwidth_cells_step ON nvbandwidth_cells (step_id);
