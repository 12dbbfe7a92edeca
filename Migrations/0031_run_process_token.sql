-- A token dsbench puts into the environment of every local process a run starts
-- (DSBENCH_RUN_TOKEN). When the run's dsbench process is found gone, the command that finds it
-- stops the processes that still carry the token (LeftoverProcesses): what the watchdog of the
-- dead process could not stop (it was killed too, say). NULL for runs from before and for ingests.
ALTER TABLE runs ADD COLUMN process_token TEXT;
