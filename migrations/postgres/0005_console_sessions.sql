-- qbench schema, version 5 (PostgreSQL): the web console's sessions (issue
-- 13). A session is a random id held in an HttpOnly cookie; only its
-- SHA-256 is stored, so that a copy of the database opens no session. A
-- session acts with its token: revoking the token ends every session opened
-- with it.
CREATE TABLE console_sessions (
    id          BIGSERIAL PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    token_id    BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX console_sessions_token ON console_sessions (token_id);
