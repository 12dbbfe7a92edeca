-- Pairwise plans (issue 16). step_pairs: which nodes or GPUs a step measured together, in which
-- round and batch (steps of one batch ran at once); members is a JSON array of node names or GPU
-- indices. pair_matrices: the pair matrix of a run per series (step name and env variant) as the
-- health pass built it (PairMatrix JSON: cells, expected busbw, fleet median, culprits), so
-- `show` and `report` draw what the verdict was judged on.
CREATE TABLE step_pairs (
    step_id  INTEGER PRIMARY KEY REFERENCES steps(id) ON DELETE CASCADE,
    run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    pattern  TEXT NOT NULL,          -- pairs | pairs-quick | k-batch | gpu-pairs
    scope    TEXT NOT NULL,          -- nodes | gpus
    round    INTEGER NOT NULL,
    batch    INTEGER NOT NULL,
    members  TEXT NOT NULL
);
CREATE INDEX step_pairs_run ON step_pairs(run_id);

CREATE TABLE pair_matrices (
    run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    series   TEXT NOT NULL,
    json     TEXT NOT NULL,
    PRIMARY KEY (run_id, series)
);
