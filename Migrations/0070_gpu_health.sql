-- Per-GPU health readings (issue 14): one row per reading, keyed by the canonical names of
-- `GPUHealthKey` (`remapped_rows.pending`, `clocks_event.hw_slowdown`, `ecc.volatile.dram_uncorrectable`,
-- `nvlink.link3.crc_errors`), from `nvidia-smi -q` (text or XML), the health --query-gpu and
-- `nvidia-smi nvlink -e`. Key-value, not a column per reading: the sets differ by GPU generation
-- and driver, and a new reading needs no migration. `number` is the value's leading number.
CREATE TABLE gpu_health (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id     INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    artifact_id INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    node        TEXT NOT NULL,
    gpu_index   INTEGER NOT NULL,
    pci_bus_id  TEXT,
    source      TEXT NOT NULL,   -- smi-q, smi-q-xml, smi-health, nvlink-errors
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    number      REAL
);
CREATE INDEX gpu_health_run ON gpu_health (run_id, node, gpu_index);

-- Xid / SXid lines of the kernel log (dmesg, journalctl -k), one row per line.
CREATE TABLE kernel_events (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step_id      INTEGER REFERENCES steps(id) ON DELETE CASCADE,
    artifact_id  INTEGER REFERENCES artifacts(id) ON DELETE CASCADE,
    node         TEXT NOT NULL,
    kind         TEXT NOT NULL,  -- Xid, SXid
    code         INTEGER NOT NULL,
    pci_address  TEXT,
    pid          INTEGER,
    process_name TEXT,
    detail       TEXT NOT NULL,
    logged_at    TEXT,           -- the line's own timestamp text
    line         INTEGER NOT NULL
);
CREATE INDEX kernel_events_run ON kernel_events (run_id, node);
