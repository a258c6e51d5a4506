// Package migrations holds qbench's versioned SQL schema, one folder per
// dialect (a single file cannot serve both: SQLite has no BIGSERIAL), and
// applies it. Each file NNNN_name.sql is one version, applied in one
// transaction and recorded in schema_migrations. The files are embedded, so
// the binary carries the schema it expects.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Dialects.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// advisoryLockKey serialises migrations between replicas starting at once on
// one PostgreSQL database (an arbitrary constant: "qbench" in ASCII).
const advisoryLockKey = 0x71626e6368

// ErrSchemaNewer means the database was migrated by a newer qbench; running
// an older binary on it could corrupt data, so it refuses.
var ErrSchemaNewer = errors.New("database schema is newer than this qbench")

// ErrPending means migrations are waiting to be applied.
var ErrPending = errors.New("database schema has pending migrations")

// Migration is one schema version.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// List returns the migrations of a dialect in version order.
func List(dialect string) ([]Migration, error) {
	if dialect != Postgres && dialect != SQLite {
		return nil, fmt.Errorf("unknown dialect %q", dialect)
	}
	entries, err := fs.ReadDir(files, dialect)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil || version <= 0 {
			return nil, fmt.Errorf("migration file %s: want NNNN_name.sql", name)
		}
		body, err := files.ReadFile(path.Join(dialect, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: version, Name: rest, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := range out {
		if out[i].Version != i+1 {
			return nil, fmt.Errorf("migrations of %s: version %d missing", dialect, i+1)
		}
	}
	return out, nil
}

// Latest is the schema version this binary expects.
func Latest(dialect string) (int, error) {
	ms, err := List(dialect)
	if err != nil {
		return 0, err
	}
	return len(ms), nil
}

const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
)`

// Apply brings the database to the latest version and returns the versions
// it applied. On PostgreSQL it holds an advisory lock meanwhile, so that
// several replicas may start at once; on SQLite each migration's
// transaction takes the write lock and re-reads the version inside it. It
// refuses (ErrSchemaNewer) a database migrated by a newer binary.
func Apply(ctx context.Context, db *sql.DB, dialect string) ([]int, error) {
	ms, err := List(dialect)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Close()
	if dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, advisoryLockKey); err != nil {
			return nil, fmt.Errorf("migrate: take advisory lock: %w", err)
		}
		// Unlock with a fresh context: the caller's may be cancelled already.
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, advisoryLockKey) //nolint:errcheck // the lock also ends with the session
	}
	if _, err := conn.ExecContext(ctx, createTable); err != nil {
		return nil, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	var applied []int
	for _, m := range ms {
		done, err := applyOne(ctx, conn, dialect, m, len(ms))
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.Version)
		}
	}
	return applied, nil
}

// applyOne applies m unless the database has it already, in one transaction.
func applyOne(ctx context.Context, conn *sql.Conn, dialect string, m Migration, latest int) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate %04d_%s: begin: %w", m.Version, m.Name, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	current, err := version(ctx, tx)
	if err != nil {
		return false, err
	}
	if current > latest {
		return false, fmt.Errorf("%w: database is at version %d, this binary knows up to %d", ErrSchemaNewer, current, latest)
	}
	if current >= m.Version {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("migrate %04d_%s: %w", m.Version, m.Name, err)
	}
	insert := `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`
	if dialect == Postgres {
		insert = `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`
	}
	if _, err := tx.ExecContext(ctx, insert, m.Version, m.Name, time.Now().UTC()); err != nil {
		return false, fmt.Errorf("migrate %04d_%s: record: %w", m.Version, m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate %04d_%s: commit: %w", m.Version, m.Name, err)
	}
	return true, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// version is the highest recorded version, 0 for a fresh database.
func version(ctx context.Context, q queryer) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Check compares the database's version with this binary's: nil when equal,
// ErrPending when older, ErrSchemaNewer when newer.
func Check(ctx context.Context, db *sql.DB, dialect string) error {
	latest, err := Latest(dialect)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, createTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	current, err := version(ctx, db)
	if err != nil {
		return err
	}
	switch {
	case current > latest:
		return fmt.Errorf("%w: database is at version %d, this binary knows up to %d", ErrSchemaNewer, current, latest)
	case current < latest:
		return fmt.Errorf("%w: database is at version %d, latest is %d (run qbench migrate)", ErrPending, current, latest)
	}
	return nil
}
