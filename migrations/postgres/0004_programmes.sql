-- qbench schema, version 5 (PostgreSQL): programmes and rounds (issue 14).

-- A programme groups the studies of a benchmarking action (e.g. 22 products
-- in 4 industries), repeated round after round.
CREATE TABLE programmes (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    title_en    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL
);

-- A study's place among others, copied from its design whenever the design
-- is stored, so that a programme's studies and a study's successors are
-- found by index instead of by decoding every design.
ALTER TABLE studies ADD COLUMN programme_code   TEXT NOT NULL DEFAULT '';
ALTER TABLE studies ADD COLUMN industry         TEXT NOT NULL DEFAULT '';
ALTER TABLE studies ADD COLUMN round_label      TEXT NOT NULL DEFAULT '';
ALTER TABLE studies ADD COLUMN predecessor_code TEXT NOT NULL DEFAULT '';

UPDATE studies
   SET programme_code   = COALESCE(design::jsonb ->> 'programme', ''),
       industry         = COALESCE(design::jsonb ->> 'industry', ''),
       round_label      = COALESCE(design::jsonb ->> 'round', ''),
       predecessor_code = COALESCE(design::jsonb ->> 'predecessor', '');

CREATE INDEX studies_programme ON studies (programme_code);
CREATE INDEX studies_predecessor ON studies (predecessor_code);

-- A programme's summary report (总报告), stored like a study's report.
CREATE TABLE programme_reports (
    id           TEXT PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    lang         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         BIGINT NOT NULL,
    pdf          BYTEA NOT NULL,
    -- The studies it shows, as a JSON list of {"code", "revision"}: readers
    -- may download it once every one of them is published.
    studies      TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX programme_reports_programme ON programme_reports (programme_id);

