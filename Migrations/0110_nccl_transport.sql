-- The NCCL_DEBUG transport summary of a step (NcclTransportSummary JSON: network, devices,
-- per-channel transports, ranks and nodes, channel counts, NVLS, NCCL_* set by environment,
-- WARN lines), made by the parser as it reads the lines. The health rules read this instead of
-- decoding every NCCL_DEBUG line again (issue 20: the lines' JSON was a third of a large
-- ingest); debug_lines is no longer written (an empty array) and is read only for rows stored
-- before this migration, whose transport is NULL. The raw artifact keeps every line.
ALTER TABLE nccl_summaries ADD COLUMN transport TEXT;
