// Package store is qbench's persistence: it opens the embedded SQLite
// database or PostgreSQL, applies the migrations, and maps rows to the
// domain types of package benchmark. It is the only package that imports
// gorm; callers see domain values and *benchmark.Error codes only.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/gormlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/migrations"
)

// DefaultDSN is the embedded database used when none is configured.
const DefaultDSN = "qbench.db"

// Options tune a Store.
type Options struct {
	// Now is the clock; time.Now when nil. Tests inject a fixed clock.
	Now func() time.Time
	// MaxOpenConns bounds the PostgreSQL pool (0: 16).
	MaxOpenConns int
	// ResultsWritten, when set, is called inside an upload's transaction
	// once all its rows and its audit event are written, just before the
	// commit: a fault test's hook (the server killed at that point must
	// leave nothing of the upload). nil in production.
	ResultsWritten func(ctx context.Context)
}

// Store is a qbench database.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect string
	now     func() time.Time
	// resultsWritten is Options.ResultsWritten.
	resultsWritten func(ctx context.Context)
	// writeSlot serialises this process's write transactions on SQLite,
	// which admits one writer at a time: waiting here is orderly and ends
	// with the caller's context, where SQLite's busy handler polls and
	// gives up after busy_timeout.
	writeSlot chan struct{}
}

// IsPostgres reports whether a DSN names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqliteDSN turns a path (or a file: URI) into a DSN with the pragmas qbench
// needs: foreign keys on (off by default in SQLite), WAL so that readers do
// not block the writer, a busy timeout, and immediate transactions so that
// a transaction that reads before it writes cannot fail to upgrade its lock.
func sqliteDSN(dsn string) (string, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" {
		return "", appError(benchmark.EINVALID, "store.empty_sqlite_path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("database: create directory %s: %w", dir, err)
		}
	}
	v, err := url.ParseQuery(query)
	if err != nil {
		return "", appError(benchmark.EINVALID, "store.bad_sqlite_options", query, err.Error())
	}
	// busy_timeout first: the pragmas after it wait for a lock instead of
	// failing when several processes open a new file at once.
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)"} {
		v.Add("_pragma", p)
	}
	if v.Get("_txlock") == "" {
		v.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + v.Encode(), nil
}

// Open connects to the database named by dsn: a postgres:// URL, or else the
// path of an SQLite file (created if missing). It does not migrate.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	if dsn == "" {
		dsn = DefaultDSN
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Store{now: opts.Now, writeSlot: make(chan struct{}, 1), resultsWritten: opts.ResultsWritten}
	var dialector gorm.Dialector
	if IsPostgres(dsn) {
		s.dialect = migrations.Postgres
		dialector = postgres.Open(dsn)
	} else {
		s.dialect = migrations.SQLite
		full, err := sqliteDSN(dsn)
		if err != nil {
			return nil, err
		}
		dialector = gormlite.Open(full)
	}
	db, err := openGorm(ctx, dialector, &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return opts.Now().UTC() },
		// Silent: every failed statement comes back as an error that callers
		// handle and the API logs with its request; gorm's own log would
		// print it again, with the user's data in the SQL.
		Logger: logger.Discard,
	})
	if err != nil {
		return nil, unavailable("open database", err)
	}
	s.db = db
	if s.sqlDB, err = db.DB(); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if s.dialect == migrations.Postgres {
		n := opts.MaxOpenConns
		if n <= 0 {
			n = 16
		}
		s.sqlDB.SetMaxOpenConns(n)
		s.sqlDB.SetMaxIdleConns(n)
		s.sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := s.Ping(ctx); err != nil {
		s.sqlDB.Close()
		return nil, err
	}
	return s, nil
}

// openGorm opens the database, retrying while SQLite answers BUSY: when
// several processes create a new database file at once, switching it to WAL
// needs a lock that SQLite does not wait for (busy_timeout does not apply).
func openGorm(ctx context.Context, dialector gorm.Dialector, cfg *gorm.Config) (*gorm.DB, error) {
	const attempts = 100
	for i := 1; ; i++ {
		db, err := gorm.Open(dialector, cfg)
		if err == nil || !errors.Is(err, sqlite3.BUSY) || i == attempts {
			return db, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(time.Duration(i) * 5 * time.Millisecond):
		}
	}
}

// Dialect is migrations.Postgres or migrations.SQLite.
func (s *Store) Dialect() string { return s.dialect }

// DB exposes the pool for statistics (metrics) and tests.
func (s *Store) DB() *sql.DB { return s.sqlDB }

// Close closes the pool.
func (s *Store) Close() error { return s.sqlDB.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return unavailable("reach database", err)
	}
	return nil
}

// Migrate applies pending migrations and returns the versions applied.
func (s *Store) Migrate(ctx context.Context) ([]int, error) {
	applied, err := migrations.Apply(ctx, s.sqlDB, s.dialect)
	if err != nil {
		return applied, fmt.Errorf("migrate %s database: %w", s.dialect, err)
	}
	return applied, nil
}

// CheckSchema returns nil when the database is at this binary's version.
func (s *Store) CheckSchema(ctx context.Context) error {
	return migrations.Check(ctx, s.sqlDB, s.dialect)
}

// write runs fn in a read-write transaction.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.dialect == migrations.SQLite {
		select {
		case s.writeSlot <- struct{}{}:
			defer func() { <-s.writeSlot }()
		case <-ctx.Done():
			return fmt.Errorf("wait for the database: %w", ctx.Err())
		}
	}
	return finish(s.db.WithContext(ctx).Transaction(fn))
}

// readOnly marks transactions that only read: on SQLite they then take no
// write lock.
var readOnly = &sql.TxOptions{ReadOnly: true}

// read runs fn in a read-only transaction.
func (s *Store) read(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return finish(s.db.WithContext(ctx).Transaction(fn, readOnly))
}

// finish translates what the statements inside a transaction could not:
// failures to begin or to commit it, when the database went away.
func finish(err error) error {
	if err != nil && benchmark.ErrorCode(err) == benchmark.EINTERNAL && (isConnectionError(err) || errors.Is(err, sqlite3.BUSY)) {
		return unavailable("database transaction", err)
	}
	return err
}

// unavailable wraps a connection failure as EUNAVAILABLE.
func unavailable(step string, err error) error {
	return appError(benchmark.EUNAVAILABLE, "store.unavailable", step, err.Error())
}

// translate turns database errors into application errors: not-found and
// unique violations get their codes, connection failures EUNAVAILABLE;
// anything else is wrapped with the step that failed.
func translate(step string, err error) error {
	var appErr *benchmark.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &appErr):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return appError(benchmark.ENOTFOUND, "store.not_found", step)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return appError(benchmark.ECONFLICT, "store.exists", step)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: %w", step, err)
	case isConnectionError(err), errors.Is(err, sqlite3.BUSY):
		// BUSY: another process held SQLite's write lock past busy_timeout;
		// a retry may well succeed.
		return unavailable(step, err)
	}
	return fmt.Errorf("%s: %w", step, err)
}
