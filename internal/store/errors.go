package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/qbench/qbench/internal/textcheck"
)

// storable reports whether a key (a code, an id, a filter) could be stored
// text at all. Keys that could not are looked up nowhere: PostgreSQL
// refuses NUL and invalid UTF-8 in a query with an error (SQLSTATE 22021)
// where SQLite finds nothing, and both must answer alike.
func storable(key string) bool { return textcheck.Line(key) == nil }

// isConnectionError reports whether err means the database cannot be reached
// (as opposed to a statement that failed), so the API answers 503 and a
// retry may succeed.
func isConnectionError(err error) bool {
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &netErr), errors.As(err, &connectErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 57P01-57P03: the server is shutting
		// down or starting.
		return pgErr.Code[:2] == "08" || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	return pgconn.SafeToRetry(err)
}
