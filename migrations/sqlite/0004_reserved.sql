-- Placeholder for schema version 4, which is reserved for another branch
-- (the migration runner refuses gaps). The programmes branch keeps this
-- empty file only so that its 0005 applies; drop it at merge.
SELECT 1;
