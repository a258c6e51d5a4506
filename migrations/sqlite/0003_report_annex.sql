-- qbench schema, version 3 (SQLite): a report keeps its XLSX data annex
-- (the raw results and the sample list) beside the PDF, which prints the
-- annex's SHA-256 (issue 11). Reports stored before have none: NULL and ''.
ALTER TABLE reports ADD COLUMN annex BLOB;
ALTER TABLE reports ADD COLUMN annex_sha256 TEXT NOT NULL DEFAULT '';
