-- Version 3 is reserved for the report helper's migration (issue 11). This
-- placeholder keeps the versions contiguous on the console branch until
-- that migration lands; the lead replaces it with the real 0003 when both
-- are merged.
SELECT 1;
