package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
	"github.com/qbench/qbench/migrations"
)

// TestMigration5PlacesStoredStudies migrates a database at version 4
// whose studies' designs already name a programme, a round and a
// predecessor: their rows get those fields, so that the programme finds
// them.
func TestMigrationProgrammesPlacesStoredStudies(t *testing.T) {
	ctx := context.Background()
	s := storetest.OpenDSN(t, storetest.DSN(t), store.Options{})
	ms, err := migrations.List(s.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	// Every migration before the programmes' one is applied by hand.
	before := slices.IndexFunc(ms, func(m migrations.Migration) bool { return strings.Contains(m.Name, "programmes") })
	if before < 0 {
		t.Fatal("no programmes migration")
	}
	db := s.DB()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`)
	for _, m := range ms[:before] {
		exec(m.SQL)
		exec(fmt.Sprintf(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%s', '2026-01-01 00:00:00')`, m.Version, m.Name))
	}
	for i, code := range []string{"T-2016", "T-2017", "PLAIN"} {
		d := fixture.Design(code, 2)
		if code != "PLAIN" {
			d.Programme, d.Industry, d.Round = "TEA", "轻工", fmt.Sprint(2016+i)
		}
		if code == "T-2017" {
			d.Predecessor = "T-2016"
		}
		body, err := d.JSON()
		if err != nil {
			t.Fatal(err)
		}
		q := `INSERT INTO studies (code, title, lab_code, state, design, revision, created_at, updated_at)
		      VALUES ($1, $2, $3, 'draft', $4, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')`
		if s.Dialect() == "sqlite" {
			q = strings.NewReplacer("$1", "?", "$2", "?", "$3", "?", "$4", "?").Replace(q)
		}
		exec(q, code, d.Title, d.Lab.Code, string(body))
	}
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) != len(ms)-before || applied[0] != ms[before].Version {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	if _, err := s.CreateProgramme(ctx, store.Programme{Code: "TEA", Title: "茶叶"}, admin); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindProgrammeStudies(ctx, "TEA", store.StudyFilter{})
	if err != nil || len(got) != 2 {
		t.Fatalf("FindProgrammeStudies = %+v, %v", got, err)
	}
	if got[0].Code != "T-2016" || got[0].Round != "2016" || got[0].Industry != "轻工" || got[0].Predecessor != "" ||
		got[1].Code != "T-2017" || got[1].Round != "2017" || got[1].Predecessor != "T-2016" {
		t.Errorf("placed studies: %+v", got)
	}
}

// TestProgrammesAndPlacement: programmes are created once and audited;
// a study's place is checked when it is stored and kept in its row as its
// design changes; the filters of FindProgrammeStudies hold.
func TestProgrammesAndPlacement(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if _, err := s.CreateProgramme(ctx, store.Programme{Code: " TEA ", Title: "茶叶", Description: "两行\n说明"}, admin); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateProgramme(ctx, store.Programme{Code: "TEA", Title: "again"}, admin)
	wantCode(t, err, benchmark.ECONFLICT)
	_, err = s.CreateProgramme(ctx, store.Programme{Code: "a b", Title: "x\ny"}, admin)
	wantCode(t, err, benchmark.EINVALID)
	list, err := s.FindProgrammes(ctx)
	if err != nil || len(list) != 1 || list[0].Code != "TEA" || list[0].CreatedBy != admin.Name || list[0].Description != "两行\n说明" {
		t.Fatalf("FindProgrammes = %+v, %v", list, err)
	}
	_, err = s.FindProgramme(ctx, "NONE")
	wantCode(t, err, benchmark.ENOTFOUND)

	first := fixture.Design("T-2016", 2)
	first.Programme, first.Round = "TEA", "2016"
	if _, err := s.CreateStudy(ctx, first, admin); err != nil {
		t.Fatal(err)
	}
	// Refused inside the transaction that would store it.
	orphan := fixture.Design("ORPHAN", 2)
	orphan.Programme = "NONE"
	_, err = s.CreateStudy(ctx, orphan, admin)
	wantCode(t, err, benchmark.EINVALID)
	second := fixture.Design("T-2017", 2)
	second.Programme, second.Round, second.Predecessor = "TEA", "2016", "T-2016"
	_, err = s.CreateStudy(ctx, second, admin)
	wantCode(t, err, benchmark.EINVALID)
	problems, err := s.PlacementProblems(ctx, store.PlacementOf(second))
	if err != nil || len(problems) != 1 || problems[0].Field != "predecessor" || problems[0].Msg.Key != "programmes.design.predecessor_round" {
		t.Errorf("PlacementProblems = %+v, %v", problems, err)
	}
	second.Round = "2017"
	if _, err := s.CreateStudy(ctx, second, admin); err != nil {
		t.Fatal(err)
	}
	// The first round cannot move past its successor, nor change product.
	later := *first
	later.Round, later.Product = "2019", "红茶"
	_, err = s.UpdateDesign(ctx, "T-2016", &later, admin, "")
	var verr *benchmark.ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 2 || verr.Problems[0].Field != "product" || verr.Problems[1].Field != "round" {
		t.Errorf("moving the first round past its successor: %v", err)
	}
	// A design change moves the row with it.
	moved := *second
	moved.Industry, moved.Round = "轻工", "2018"
	if _, err := s.UpdateDesign(ctx, "T-2017", &moved, admin, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetState(ctx, "T-2016", benchmark.StateOpen, admin, ""); err != nil {
		t.Fatal(err)
	}
	all, err := s.FindProgrammeStudies(ctx, "TEA", store.StudyFilter{})
	if err != nil || len(all) != 2 || all[1].Round != "2018" || all[1].Industry != "轻工" || all[1].Design.Round != "2018" {
		t.Errorf("FindProgrammeStudies = %+v, %v", all, err)
	}
	open, err := s.FindProgrammeStudies(ctx, "TEA", store.StudyFilter{States: []string{benchmark.StateOpen}})
	if err != nil || len(open) != 1 || open[0].Code != "T-2016" {
		t.Errorf("open studies = %+v, %v", open, err)
	}
	other, err := s.FindProgrammeStudies(ctx, "TEA", store.StudyFilter{Lab: "OTHER"})
	if err != nil || len(other) != 0 {
		t.Errorf("another lab's = %+v, %v", other, err)
	}
	events, err := s.FindAudit(ctx, store.AuditFilter{Action: "programme.created"})
	if err != nil || len(events) != 1 || events[0].Subject != "TEA" {
		t.Errorf("audit = %+v, %v", events, err)
	}
}

// TestProgrammeReportsAreStored with their SHA-256 and studies, listed
// newest first, found by id within their programme only, with the current
// states of their studies.
func TestProgrammeReportsAreStored(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	for _, code := range []string{"TEA", "STEEL"} {
		if _, err := s.CreateProgramme(ctx, store.Programme{Code: code, Title: code}, admin); err != nil {
			t.Fatal(err)
		}
	}
	createOpenStudy(t, s, "T-1")
	rep, err := s.CreateProgrammeReport(ctx, "TEA", "zh", []byte("%PDF-1.4 x"), []store.StudyRevision{{Code: "T-1", Revision: 2}}, admin)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256([]byte("%PDF-1.4 x")); rep.SHA256 != hex.EncodeToString(sum[:]) || rep.Size != 10 {
		t.Errorf("sha256 %q, size %d", rep.SHA256, rep.Size)
	}
	_, err = s.CreateProgrammeReport(ctx, "NONE", "zh", []byte("x"), nil, admin)
	wantCode(t, err, benchmark.ENOTFOUND)
	list, err := s.FindProgrammeReports(ctx, "TEA")
	if err != nil || len(list) != 1 || list[0].ID != rep.ID || len(list[0].Studies) != 1 || list[0].Studies[0].Revision != 2 {
		t.Fatalf("FindProgrammeReports = %+v, %v", list, err)
	}
	got, err := s.FindProgrammeReport(ctx, "TEA", rep.ID)
	if err != nil || string(got.PDF) != "%PDF-1.4 x" || got.States["T-1"] != benchmark.StateOpen {
		t.Errorf("FindProgrammeReport = %+v, %v", got, err)
	}
	_, err = s.FindProgrammeReport(ctx, "STEEL", rep.ID)
	wantCode(t, err, benchmark.ENOTFOUND)
	events, err := s.FindAudit(ctx, store.AuditFilter{Action: "programme.report_created"})
	if err != nil || len(events) != 1 || events[0].Subject != "TEA" {
		t.Errorf("audit = %+v, %v", events, err)
	}
}

func TestRoundBefore(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"2016", "2017", true}, {"9", "10", true}, {"2017", "2016", false}, {"2016", "2016", false},
		{"2016-H2", "2017-H1", true}, {"2017-H1", "2016-H2", false}} {
		if got := store.RoundBefore(c.a, c.b); got != c.want {
			t.Errorf("RoundBefore(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
