package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
	"github.com/qbench/qbench/migrations"
)

// TestMigration2TiesEventsToTokens migrates a version-1 database holding
// events by name only and active tokens sharing names: each event gets the
// token id where exactly one token had its name and role, later active
// duplicates are renamed, and from then on active names are unique.
func TestMigration2TiesEventsToTokens(t *testing.T) {
	ctx := context.Background()
	s := storetest.OpenDSN(t, storetest.DSN(t), store.Options{})
	ms, err := migrations.List(s.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	db := s.DB()
	exec := func(q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`)
	exec(ms[0].SQL)
	exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'init', '2026-01-01 00:00:00')`)
	for _, tok := range []struct{ name, role, lab, hash, revoked string }{
		{"bureau", "admin", "", "h1", "NULL"}, {"bureau", "admin", "", "h2", "NULL"}, {"lims", "lab", "SCTQ", "h3", "NULL"},
		{"old", "reader", "", "h4", "'2026-01-02 00:00:00'"}, {"old", "reader", "", "h5", "NULL"},
	} {
		exec(fmt.Sprintf(`INSERT INTO tokens (name, role, lab_code, hash, created_at, revoked_at) VALUES ('%s', '%s', '%s', '%s', '2026-01-01 00:00:00', %s)`,
			tok.name, tok.role, tok.lab, tok.hash, tok.revoked))
	}
	for _, ev := range [][2]string{{"bureau", "admin"}, {"lims", "lab"}, {"old", "reader"}, {"cli", "system"}} {
		exec(fmt.Sprintf(`INSERT INTO audit_events (at, actor_name, actor_role, action) VALUES ('2026-01-03 00:00:00', '%s', '%s', 'study.created')`, ev[0], ev[1]))
	}
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) != len(ms)-1 || applied[0] != 2 {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	toks, err := s.FindTokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	var lims int64
	for _, tok := range toks {
		names[tok.ID] = tok.Name
		if tok.Name == "lims" {
			lims = tok.ID
		}
	}
	want := []string{"bureau", fmt.Sprintf("bureau #%d", toks[1].ID), "lims", "old", "old"}
	for i, tok := range toks {
		if tok.Name != want[i] {
			t.Errorf("token %d is named %q after migrating, want %q", tok.ID, tok.Name, want[i])
		}
	}
	renamed, err := s.FindAudit(ctx, store.AuditFilter{Action: "token.renamed"})
	if err != nil || len(renamed) != 1 || renamed[0].Subject != "bureau" || renamed[0].ActorRole != auth.RoleSystem ||
		string(renamed[0].Detail) != fmt.Sprintf(`{"id":%d}`, toks[1].ID) {
		t.Errorf("renaming events = %+v, %v", renamed, err)
	}
	events, err := s.FindAudit(ctx, store.AuditFilter{Action: "study.created"})
	if err != nil || len(events) != 4 {
		t.Fatalf("FindAudit = %d events, %v", len(events), err)
	}
	for _, ev := range events {
		var got int64
		if ev.TokenID != nil {
			got = *ev.TokenID
		}
		wantID := int64(0) // several tokens had the name, or none (the CLI)
		if ev.ActorName == "lims" {
			wantID = lims
		}
		if got != wantID {
			t.Errorf("event by %s: token_id %d, want %d", ev.ActorName, got, wantID)
		}
	}
	// From now on, active names are unique; revoked ones free their name.
	for _, name := range []string{"bureau", "lims", "old", " lims "} {
		_, err := s.CreateToken(ctx, name, auth.RoleReader, "", "secret-"+name, auth.System)
		if benchmark.ErrorCode(err) != benchmark.ECONFLICT {
			t.Errorf("CreateToken(%q) = %v, want a conflict", name, err)
		}
	}
	if _, err := s.RevokeToken(ctx, lims, auth.System); err != nil {
		t.Fatal(err)
	}
	tok, err := s.CreateToken(ctx, "lims", auth.RoleLab, "SCTQ", "secret-lims-2", auth.System)
	if err != nil {
		t.Fatalf("CreateToken after revoking the namesake: %v", err)
	}
	events, err = s.FindAudit(ctx, store.AuditFilter{Action: "token.created"})
	if err != nil || len(events) != 1 || events[0].TokenID != nil {
		t.Errorf("token.created by the CLI = %+v, %v (want no token id)", events, err)
	}
	ev := auth.Actor{Name: tok.Name, Role: tok.Role, Lab: tok.Lab, TokenID: tok.ID}
	if got := tok.Actor(); got != ev {
		t.Errorf("Actor() = %+v, want %+v", got, ev)
	}
}

// TestTokenNamesAndLabsAreChecked covers the text rule and the lab-code rule
// on tokens (issue 16 items 6 and 8).
func TestTokenNamesAndLabsAreChecked(t *testing.T) {
	s := storetest.Open(t, store.Options{})
	ctx := context.Background()
	for _, tc := range []struct{ name, role, lab string }{
		{"a\x00b", "reader", ""}, {"bad\xffname", "reader", ""}, {"line\nbreak", "reader", ""}, {"   ", "reader", ""},
		{"lims", "lab", "../../etc"}, {"lims", "lab", ".."}, {"lims", "lab", "SC TQ"},
	} {
		_, err := s.CreateToken(ctx, tc.name, tc.role, tc.lab, "s-"+tc.name+tc.lab, auth.System)
		if benchmark.ErrorCode(err) != benchmark.EINVALID {
			t.Errorf("CreateToken(%q, %q, %q) = %v, want EINVALID", tc.name, tc.role, tc.lab, err)
		}
	}
	tok, err := s.CreateToken(ctx, "  sctq-lims  ", "lab", "SCTQ", "s-ok", auth.System)
	if err != nil || tok.Name != "sctq-lims" {
		t.Errorf("CreateToken with blanks around the name = %+v, %v", tok, err)
	}
}
