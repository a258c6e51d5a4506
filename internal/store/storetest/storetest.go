// Package storetest gives tests a fresh, migrated qbench database: an SQLite
// file in the test's temporary directory by default, or, when
// QBENCH_TEST_POSTGRES holds a postgres:// URL, a schema of its own in that
// PostgreSQL database, dropped when the test ends. CI runs the whole suite
// both ways; with the variable set, an unreachable server fails the tests
// instead of skipping them.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for schema set-up

	"github.com/qbench/qbench/internal/store"
)

// EnvPostgres names the variable that switches tests to PostgreSQL.
const EnvPostgres = "QBENCH_TEST_POSTGRES"

// DSN returns the DSN of a fresh, empty database for one test.
func DSN(tb testing.TB) string {
	tb.Helper()
	base := lookupPostgres()
	if base == "" {
		return filepath.Join(tb.TempDir(), "qbench.db")
	}
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand never fails on Linux
	schema := "qbench_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("storetest: open %s: %v", EnvPostgres, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		tb.Fatalf("storetest: PostgreSQL at %s: create schema: %v", EnvPostgres, err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("storetest: %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated store on a fresh database, closed when the test
// ends.
func Open(tb testing.TB, opts store.Options) *store.Store {
	tb.Helper()
	s := OpenDSN(tb, DSN(tb), opts)
	if _, err := s.Migrate(context.Background()); err != nil {
		tb.Fatalf("storetest: migrate: %v", err)
	}
	return s
}

// OpenDSN opens a store on an existing DSN without migrating it.
func OpenDSN(tb testing.TB, dsn string, opts store.Options) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), dsn, opts)
	if err != nil {
		tb.Fatalf("storetest: open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Postgres reports whether tests run against PostgreSQL.
func Postgres() bool { return lookupPostgres() != "" }

func lookupPostgres() string { return os.Getenv(EnvPostgres) }
