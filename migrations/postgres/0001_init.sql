-- qbench schema, version 1 (PostgreSQL).

CREATE TABLE studies (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    lab_code    TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'draft'
                CHECK (state IN ('draft', 'open', 'closed', 'published')),
    -- The design exactly as accepted (JSON text, not jsonb, so that GET
    -- returns the bureau's key order and number spelling).
    design      TEXT NOT NULL,
    -- Bumped by every change of design, state or results: the profile cache key.
    revision    BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX studies_lab_code ON studies (lab_code);

-- Blind codes are drawn when a study opens; the lab sees only these.
CREATE TABLE blind_codes (
    study_id    BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    sample_code TEXT NOT NULL,
    blind_code  TEXT NOT NULL,
    PRIMARY KEY (study_id, sample_code),
    UNIQUE (study_id, blind_code)
);

CREATE TABLE uploads (
    id             BIGSERIAL PRIMARY KEY,
    study_id       BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    format         TEXT NOT NULL,
    filename       TEXT NOT NULL DEFAULT '',
    sha256         TEXT NOT NULL,
    rows_total     INTEGER NOT NULL,
    rows_created   INTEGER NOT NULL,
    rows_replaced  INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    actor_name     TEXT NOT NULL,
    actor_role     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX uploads_study ON uploads (study_id);

CREATE TABLE results (
    id             BIGSERIAL PRIMARY KEY,
    study_id       BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    sample_code    TEXT NOT NULL,
    indicator_code TEXT NOT NULL,
    replicate      INTEGER NOT NULL CHECK (replicate > 0),
    reported       TEXT NOT NULL,
    value          DOUBLE PRECISION,
    non_detect     BOOLEAN NOT NULL,
    lod            DOUBLE PRECISION,
    unit           TEXT NOT NULL,
    method         TEXT NOT NULL,
    lab_code       TEXT NOT NULL,
    tested_on      TEXT NOT NULL DEFAULT '',
    analyst        TEXT NOT NULL DEFAULT '',
    upload_id      BIGINT NOT NULL REFERENCES uploads (id),
    UNIQUE (study_id, sample_code, indicator_code, replicate)
);
CREATE INDEX results_upload ON results (upload_id);

CREATE TABLE audit_events (
    id          BIGSERIAL PRIMARY KEY,
    -- Kept when a study is deleted: the trail outlives what it describes.
    study_code  TEXT NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL,
    actor_name  TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_study ON audit_events (study_code, id);

CREATE TABLE tokens (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'lab', 'reader')),
    lab_code    TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the token; the token itself is shown once and never stored.
    hash        TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);

CREATE TABLE findings (
    study_id    BIGINT PRIMARY KEY REFERENCES studies (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT NOT NULL
);

CREATE TABLE reports (
    id          TEXT PRIMARY KEY,
    study_id    BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    pdf         BYTEA NOT NULL,
    -- The profile JSON the report was rendered from.
    profile     TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX reports_study ON reports (study_id);
