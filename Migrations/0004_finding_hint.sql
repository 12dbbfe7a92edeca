-- Health rules say what to check next to what is wrong; the hint is kept with the finding.
ALTER TABLE findings ADD COLUMN hint TEXT;
