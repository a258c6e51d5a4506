-- qbench schema, version 2 (SQLite): audit events name the credential; active
-- token names are unique (issue 16).

-- Every event records the token it was done with (NULL: the CLI, or an
-- older event whose token cannot be told).
ALTER TABLE audit_events ADD COLUMN token_id BIGINT;

-- Older events name an actor only: tie each to its token where exactly
-- one token ever had that name and role; where several did, the truth is
-- unknown and token_id stays NULL.
UPDATE audit_events
   SET token_id = (SELECT t.id FROM tokens t
                    WHERE t.name = audit_events.actor_name AND t.role = audit_events.actor_role)
 WHERE actor_role IN ('admin', 'lab', 'reader')
   AND (SELECT COUNT(*) FROM tokens t
         WHERE t.name = audit_events.actor_name AND t.role = audit_events.actor_role) = 1;

CREATE INDEX audit_events_token ON audit_events (token_id);

-- Active tokens that share a name keep working: all but the oldest get
-- their id appended ("lab #7"), so that names tell credentials apart from
-- now on; the trail records each renaming. Revoked tokens keep their names.
INSERT INTO audit_events (study_code, at, actor_name, actor_role, action, subject, reason, detail, token_id)
SELECT '', CURRENT_TIMESTAMP, 'migration 0002', 'system', 'token.renamed', name,
       'active token names are unique from schema version 2: renamed to ' || name || ' #' || CAST(id AS TEXT),
       '{"id":' || CAST(id AS TEXT) || '}', NULL
  FROM tokens
 WHERE revoked_at IS NULL
   AND EXISTS (SELECT 1 FROM tokens o
                WHERE o.name = tokens.name AND o.revoked_at IS NULL AND o.id < tokens.id)
 ORDER BY id;

UPDATE tokens
   SET name = name || ' #' || CAST(id AS TEXT)
 WHERE revoked_at IS NULL
   AND EXISTS (SELECT 1 FROM tokens o
                WHERE o.name = tokens.name AND o.revoked_at IS NULL AND o.id < tokens.id);

CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL;
