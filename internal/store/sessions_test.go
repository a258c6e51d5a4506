package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
)

// TestConsoleSessions: a session finds its token until it is ended, it
// expires, or its token is revoked; the database holds only the hash of
// the session's id.
func TestConsoleSessions(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := storetest.Open(t, store.Options{Now: func() time.Time { return now }})
	secret, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.CreateToken(ctx, "lims", auth.RoleLab, "SCTQ", secret, auth.System)
	if err != nil {
		t.Fatal(err)
	}
	notFound := func(what string, err error) {
		t.Helper()
		if benchmark.ErrorCode(err) != benchmark.ENOTFOUND {
			t.Fatalf("%s: got %v, want ENOTFOUND", what, err)
		}
	}
	sess := []string{"qb_session_one", "qb_session_two", "qb_session_three"}
	for _, id := range sess {
		if err := s.CreateSession(ctx, id, tok.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FindSession(ctx, sess[0])
	if err != nil || got.ID != tok.ID || got.Actor().Lab != "SCTQ" {
		t.Fatalf("FindSession = %+v, %v", got, err)
	}
	var stored int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM console_sessions WHERE hash LIKE 'qb_%'`).Scan(&stored); err != nil || stored != 0 {
		t.Fatalf("session ids stored in clear: %d, %v", stored, err)
	}
	_, err = s.FindSession(ctx, "qb_unknown")
	notFound("unknown session", err)

	if err := s.EndSession(ctx, sess[0]); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindSession(ctx, sess[0])
	notFound("ended session", err)
	if _, err := s.FindSession(ctx, sess[1]); err != nil {
		t.Fatalf("ending one session ended another: %v", err)
	}

	now = now.Add(time.Hour)
	_, err = s.FindSession(ctx, sess[1])
	notFound("expired session", err)
	now = now.Add(-time.Minute)

	if _, err := s.RevokeToken(ctx, tok.ID, auth.System); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindSession(ctx, sess[2])
	notFound("session of a revoked token", err)
	err = s.CreateSession(ctx, "qb_session_four", tok.ID, time.Hour)
	notFound("new session of a revoked token", err)
}
