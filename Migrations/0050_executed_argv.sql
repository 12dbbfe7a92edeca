-- What ran is what is stored: `steps.argv` becomes the argv the main command was executed with
-- (`gpus: auto` resolved to the node's GPU count, `-J <file>` added where nccl-tests accepts it),
-- written when the command starts. planned_argv keeps the plan's argv beside it where the two
-- differ (NULL when they are the same, or the step never started a command).
ALTER TABLE steps ADD COLUMN planned_argv TEXT;
