-- Per-iteration CUDA-event times of nccl-tests rows (`-I 1` with `-J`, nccl-tests ≥ 2.19.2): the
-- samples compare feeds to Mann–Whitney when both sides have them. One row per nccl_results row,
-- keyed like it (step_id, seq), both halves in it; a row exists only where the JSON had times.
--
-- The times are a BLOB of little-endian IEEE-754 float64, 8 bytes a sample, in iteration order,
-- the `-K` iterations already left out (their number kept beside) and, with several processes,
-- the max over processes per iteration. Why a BLOB: one bound value per row keeps ingest at one
-- insert per result row (a row per sample would be 20–1000 inserts per row, and a year of nightly
-- 64-node runs with -I would hold ~10^8 of them), and reading is one copy per row, where a JSON
-- array would be parsed number by number at every compare. float64 because the JSON has six
-- decimals on up to five-digit µs values, more than float32 keeps.
CREATE TABLE nccl_iterations (
    step_id     INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,           -- nccl_results.seq of the row
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    artifact_id INTEGER,                    -- the JSON artifact the times were read from
    oop_skipped INTEGER,                    -- skipped_iterations (-K) of the out-of-place half
    oop_times   BLOB,                       -- NULL when the half had no times
    ip_skipped  INTEGER,
    ip_times    BLOB,
    PRIMARY KEY (step_id, seq)
) WITHOUT ROWID;
CREATE INDEX nccl_iterations_run ON nccl_iterations (run_id);
