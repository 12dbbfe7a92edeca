-- dsbench schema v1: runs, nodes, inventory, steps, artifacts, parsed results.
-- Times are ISO-8601 UTC text ('2026-11-22T09:45:50.319Z'); sizes are bytes; bandwidths GB/s (1e9).

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    suite_name      TEXT NOT NULL,
    suite_hash      TEXT NOT NULL,          -- sha256 of the suite text ('' for ingested logs)
    suite_text      TEXT,                   -- the exact suite that was run
    source          TEXT NOT NULL DEFAULT 'run' CHECK (source IN ('run', 'ingest')),
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    status          TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    dsbench_version TEXT NOT NULL,
    user_name       TEXT,
    host_name       TEXT,
    labels          TEXT NOT NULL DEFAULT '{}',  -- JSON object
    pid             INTEGER                 -- process running it on host_name: a live run is never marked interrupted
);
CREATE INDEX runs_suite ON runs (suite_name, started_at);

CREATE TABLE nodes (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    hostname TEXT,                          -- as the node reports itself
    status   TEXT NOT NULL DEFAULT 'ok',    -- ok, unreachable, failed
    error    TEXT,
    UNIQUE (run_id, name)
);

CREATE TABLE steps (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,          -- order in the plan
    step_key     TEXT NOT NULL,             -- planned identity: name[variant]#repeat@node
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,             -- nccl, inventory, command, ingest
    node         TEXT NOT NULL,
    variant      TEXT,
    variant_env  TEXT NOT NULL DEFAULT '{}', -- JSON object of the variant's env
    repeat_index INTEGER NOT NULL DEFAULT 0,
    argv         TEXT NOT NULL DEFAULT '[]', -- JSON array of the main command
    env          TEXT NOT NULL DEFAULT '{}', -- JSON object: env the step set (never the inherited env)
    status       TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'timed_out', 'interrupted', 'skipped')),
    exit_code    INTEGER,
    signal       INTEGER,
    started_at   TEXT,
    ended_at     TEXT,
    error        TEXT,
    UNIQUE (run_id, seq)
);
CREATE INDEX steps_run ON steps (run_id, name);

-- Raw bytes as they came, zlib-compressed, with the sha256 of the uncompressed bytes.
CREATE TABLE artifacts (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id     INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    node        TEXT NOT NULL,
    name        TEXT NOT NULL,              -- e.g. 'stdout', 'stderr', 'query-gpu.stdout', 'dmon.stdout'
    parser      TEXT,                       -- parser kind to rebuild records from it (nccl-tests, dmon, ...)
    encoding    TEXT NOT NULL DEFAULT 'zlib' CHECK (encoding IN ('zlib', 'identity')),
    size        INTEGER NOT NULL,           -- uncompressed bytes
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX artifacts_step ON artifacts (step_id);
CREATE INDEX artifacts_run ON artifacts (run_id);

-- Parser diagnostics ('file:line: msg' as data), per artifact.
CREATE TABLE diagnostics (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id     INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    artifact_id INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    severity    TEXT NOT NULL,              -- error, warning, note
    line        INTEGER,
    message     TEXT NOT NULL
);
CREATE INDEX diagnostics_run ON diagnostics (run_id, step_id);
CREATE INDEX diagnostics_artifact ON diagnostics (artifact_id);

CREATE TABLE inventory_gpus (
    id                  INTEGER PRIMARY KEY,
    run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id             INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    artifact_id         INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    node                TEXT NOT NULL,
    gpu_index           INTEGER NOT NULL,
    name                TEXT,
    uuid                TEXT,
    pci_bus_id          TEXT,
    driver_version      TEXT,
    vbios_version       TEXT,
    memory_total_mib    REAL,
    pcie_gen_current    INTEGER,
    pcie_gen_max        INTEGER,
    pcie_width_current  INTEGER,
    pcie_width_max      INTEGER,
    compute_cap         TEXT,
    persistence_mode    TEXT,
    power_limit_w       REAL,
    clocks_max_sm_mhz   REAL,
    clocks_max_mem_mhz  REAL,
    fields              TEXT NOT NULL DEFAULT '{}', -- every queried field, raw text (null for [N/A])
    unavailable         TEXT NOT NULL DEFAULT '{}'  -- field → reason for bracketed values ('N/A', 'Not Supported')
);
CREATE INDEX inventory_gpus_run ON inventory_gpus (run_id, node);

-- Node-level facts: cuda_version, nccl_version, nccl_tests_version, kernel, os, topology, nvlink.
CREATE TABLE inventory_facts (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    artifact_id INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    node    TEXT NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,                  -- text, or JSON for structured facts (topology, nvlink)
    UNIQUE (run_id, node, key, step_id)
);

CREATE TABLE nccl_summaries (
    step_id             INTEGER PRIMARY KEY REFERENCES steps(id) ON DELETE CASCADE,
    run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    artifact_id         INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    node                TEXT NOT NULL,
    program             TEXT,               -- all_reduce_perf, …
    collective          TEXT,               -- all_reduce, …
    nccl_tests_version  TEXT,
    nccl_version        TEXT,
    ranks               INTEGER,
    n_threads           INTEGER,
    n_gpus              INTEGER,
    min_bytes           INTEGER,
    max_bytes           INTEGER,
    iters               INTEGER,
    warmup_iters        INTEGER,
    validation          INTEGER,
    parameters          TEXT,               -- JSON of the whole '# nThread …' line, NULL if not printed
    reduced_max_bytes   INTEGER,            -- '# Reducing maxBytes to N due to memory limitation'
    banner_count        INTEGER NOT NULL DEFAULT 0,
    avg_busbw           REAL,
    out_of_bounds       INTEGER,
    out_of_bounds_ok    INTEGER,            -- 1 OK, 0 FAILED, NULL not printed
    complete            INTEGER NOT NULL,   -- footer seen
    row_count           INTEGER NOT NULL,
    errors              TEXT NOT NULL DEFAULT '[]',  -- JSON array of error lines
    devices             TEXT NOT NULL DEFAULT '[]',  -- JSON array of device lines
    debug_lines         TEXT NOT NULL DEFAULT '[]'   -- JSON array of NCCL_DEBUG lines (transport fallbacks show here)
);
CREATE INDEX nccl_summaries_run ON nccl_summaries (run_id);

CREATE TABLE nccl_results (
    id            INTEGER PRIMARY KEY,
    step_id       INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,         -- row order in the output (repeated sweeps repeat sizes)
    size          INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    type          TEXT NOT NULL,
    redop         TEXT NOT NULL,
    root          INTEGER NOT NULL,
    oop_time_us   REAL,
    oop_algbw     REAL,
    oop_busbw     REAL,
    oop_wrong     INTEGER,                  -- NULL when N/A
    ip_time_us    REAL,
    ip_algbw      REAL,
    ip_busbw      REAL,
    ip_wrong      INTEGER,
    ip_present    INTEGER NOT NULL DEFAULT 1, -- 0 when the row was cut before its in-place half
    -- per-iteration statistics printed with -I 1 (µs; cv in %)
    oop_iter_min_us REAL, oop_iter_max_us REAL, oop_iter_p99_us REAL, oop_iter_cv_pct REAL,
    ip_iter_min_us  REAL, ip_iter_max_us  REAL, ip_iter_p99_us  REAL, ip_iter_cv_pct  REAL,
    sampled_at    TEXT,                     -- '-S 1' timestamp, node-local
    UNIQUE (step_id, seq)
);
-- Indexes on the two bulk tables only append (ids and seq grow): a (run_id, size) index cost
-- 40 % of the ingest rate, and per-size lookups go through the step anyway.
CREATE INDEX nccl_results_run ON nccl_results (run_id);

CREATE TABLE dmon_samples (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id   INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    -- no artifact_id here: a foreign key would need one more index on the largest table
    node      TEXT NOT NULL,
    seq       INTEGER NOT NULL,             -- sample round in the capture
    gpu       INTEGER NOT NULL,
    sampled_at TEXT,                        -- node-local 'YYYY-MM-DD HH:MM:SS' from -o DT
    pwr REAL, gtemp REAL, mtemp REAL,
    sm REAL, mem REAL, enc REAL, dec REAL, jpg REAL, ofa REAL,
    mclk REAL, pclk REAL,
    pviol REAL, tviol REAL,
    fb REAL, bar1 REAL, ccpm REAL,
    sbecc REAL, dbecc REAL, pci REAL,
    rxpci REAL, txpci REAL,
    extra     TEXT                          -- JSON object of any other column, NULL if none
);
CREATE INDEX dmon_samples_step ON dmon_samples (step_id, node, seq, gpu);
CREATE INDEX dmon_samples_run ON dmon_samples (run_id);

-- Generic metrics (workloads and derived numbers); direction is declared, never guessed.
CREATE TABLE metrics (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id   INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    node      TEXT,
    name      TEXT NOT NULL,
    value     REAL NOT NULL,
    unit      TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    labels    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX metrics_run ON metrics (run_id, name);
