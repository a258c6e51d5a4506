package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
	"github.com/qbench/qbench/migrations"
)

var admin = auth.Actor{Name: "bureau", Role: auth.RoleAdmin}

func fixedClock() func() time.Time {
	t0 := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	return func() time.Time { return t0 }
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t, store.Options{Now: fixedClock()})
}

// results builds one result per sample and indicator of d.
func results(d *benchmark.Design, value func(i int) float64) []benchmark.Result {
	var out []benchmark.Result
	for i, s := range d.Samples {
		for _, ind := range d.Indicators {
			v := value(i)
			out = append(out, benchmark.Result{Sample: s.Code, Indicator: ind.Code, Replicate: 1,
				Reported: fmt.Sprint(v), Value: &v, Unit: ind.Unit, Method: ind.Method, Lab: d.Lab.Code})
		}
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := benchmark.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func createOpenStudy(t *testing.T, s *store.Store, code string) *benchmark.Design {
	t.Helper()
	ctx := context.Background()
	d := fixture.Design(code, 4)
	if _, err := s.CreateStudy(ctx, d, admin); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetState(ctx, code, benchmark.StateOpen, admin, ""); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMigrateIsIdempotentAndRefusesNewerSchema(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second Migrate() = %v, %v; want nothing applied", applied, err)
	}
	if err := s.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema() = %v", err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckSchema(ctx); !errors.Is(err, migrations.ErrSchemaNewer) {
		t.Errorf("CheckSchema() on a newer schema = %v, want ErrSchemaNewer", err)
	}
	if _, err := s.Migrate(ctx); !errors.Is(err, migrations.ErrSchemaNewer) {
		t.Errorf("Migrate() on a newer schema = %v, want ErrSchemaNewer", err)
	}
}

func TestPendingSchemaIsReported(t *testing.T) {
	s := storetest.OpenDSN(t, storetest.DSN(t), store.Options{})
	if err := s.CheckSchema(context.Background()); !errors.Is(err, migrations.ErrPending) {
		t.Errorf("CheckSchema() on an empty database = %v, want ErrPending", err)
	}
}

// TestConcurrentMigrate starts several "replicas" on one database at once.
func TestConcurrentMigrate(t *testing.T) {
	dsn := storetest.DSN(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			_, err = s.Migrate(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent Migrate() = %v", err)
		}
	}
}

func TestCreateAndFindStudy(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	d := fixture.Design("BZ-GT-2016", 3)
	if _, err := s.CreateStudy(ctx, d, admin); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindStudyByCode(ctx, d.Code)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got.Design, cmpopts.IgnoreFields(benchmark.Design{}, "Document")); diff != "" {
		t.Errorf("design (-want +got):\n%s", diff)
	}
	if want, _ := json.Marshal(d); string(got.Design.Document) != string(want) {
		t.Errorf("stored document = %s, want %s", got.Design.Document, want)
	}
	if got.State != benchmark.StateDraft || got.Revision != 1 || got.BlindCodes != nil {
		t.Errorf("new study = state %s rev %d blind %v; want draft, 1, none", got.State, got.Revision, got.BlindCodes)
	}
	_, err = s.CreateStudy(ctx, d, admin)
	wantCode(t, err, benchmark.ECONFLICT)
	_, err = s.FindStudyByCode(ctx, "nope")
	wantCode(t, err, benchmark.ENOTFOUND)
}

func TestFindStudiesPagesAndFilters(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	for i := range 5 {
		d := fixture.Design(fmt.Sprintf("S-%d", i), 2)
		if i == 4 {
			d.Lab.Code = "OTHER"
		}
		if _, err := s.CreateStudy(ctx, d, admin); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetState(ctx, "S-1", benchmark.StateOpen, admin, ""); err != nil {
		t.Fatal(err)
	}
	page, total, err := s.FindStudies(ctx, store.StudyFilter{Limit: 2, Offset: 2})
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 || len(page) != 2 || page[0].Code != "S-2" || page[1].Code != "S-3" {
		t.Errorf("page = %+v total %d; want S-2, S-3 of 5", page, total)
	}
	open, total, err := s.FindStudies(ctx, store.StudyFilter{States: []string{benchmark.StateOpen}, Limit: 10})
	if err != nil || total != 1 || open[0].Code != "S-1" {
		t.Errorf("open studies = %+v, %d, %v; want S-1", open, total, err)
	}
	_, total, err = s.FindStudies(ctx, store.StudyFilter{Lab: "OTHER", Limit: 10})
	if err != nil || total != 1 {
		t.Errorf("studies of lab OTHER = %d, %v; want 1", total, err)
	}
}

func TestLifecycleAndBlindCodes(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	d := fixture.Design("LC", 3)
	if _, err := s.CreateStudy(ctx, d, admin); err != nil {
		t.Fatal(err)
	}
	d2 := fixture.Design("LC", 4)
	if _, err := s.UpdateDesign(ctx, "LC", d2, admin, "one more sample"); err != nil {
		t.Fatalf("UpdateDesign in draft: %v", err)
	}
	_, err := s.SetState(ctx, "LC", benchmark.StatePublished, admin, "")
	wantCode(t, err, benchmark.ECONFLICT)
	st, err := s.SetState(ctx, "LC", benchmark.StateOpen, admin, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.BlindCodes) != len(d2.Samples) {
		t.Fatalf("blind codes = %d, want one per sample (%d)", len(st.BlindCodes), len(d2.Samples))
	}
	seen := map[string]bool{}
	for sample, code := range st.BlindCodes {
		if seen[code] || len(code) != 8 || code[:2] != "Q-" {
			t.Errorf("blind code %q of %s is duplicate or malformed", code, sample)
		}
		seen[code] = true
	}
	_, err = s.UpdateDesign(ctx, "LC", d2, admin, "")
	wantCode(t, err, benchmark.ECONFLICT)
	_, err = s.SetState(ctx, "LC", benchmark.StateClosed, admin, "")
	wantCode(t, err, benchmark.ECONFLICT) // no results yet
	if _, err := s.SaveResults(ctx, "LC", results(d2, func(i int) float64 { return float64(i) }), store.Upload{Format: "csv", Actor: admin}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetState(ctx, "LC", benchmark.StateClosed, admin, ""); err != nil {
		t.Fatal(err)
	}
	_, err = s.SetState(ctx, "LC", benchmark.StateOpen, admin, "")
	wantCode(t, err, benchmark.EINVALID) // reopening needs a reason
	reopened, err := s.SetState(ctx, "LC", benchmark.StateOpen, admin, "lab corrects BZ-02")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(st.BlindCodes, reopened.BlindCodes); diff != "" {
		t.Errorf("blind codes changed on reopening (-want +got):\n%s", diff)
	}
	events, err := s.FindAudit(ctx, store.AuditFilter{Study: "LC", Action: "study.state_changed"})
	if err != nil || len(events) != 3 {
		t.Fatalf("state change events = %d, %v; want 3", len(events), err)
	}
	if events[2].Reason != "lab corrects BZ-02" || events[2].ActorName != "bureau" {
		t.Errorf("last event = %+v", events[2])
	}
}

func TestSaveResultsReplacesWithReasonAndAudits(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	d := fixture.Design("R", 3)
	if _, err := s.CreateStudy(ctx, d, admin); err != nil {
		t.Fatal(err)
	}
	lab := auth.Actor{Name: "sctq-lims", Role: auth.RoleLab, Lab: "SCTQ"}
	first := results(d, func(i int) float64 { return float64(i) + 0.5 })
	_, err := s.SaveResults(ctx, "R", first, store.Upload{Format: "csv", Actor: lab})
	wantCode(t, err, benchmark.ECONFLICT) // draft: not open yet
	if _, err := s.SetState(ctx, "R", benchmark.StateOpen, admin, ""); err != nil {
		t.Fatal(err)
	}
	sum, err := s.SaveResults(ctx, "R", first, store.Upload{Format: "csv", Actor: lab})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != len(first) || sum.Replaced != 0 {
		t.Errorf("first upload = %+v", sum)
	}
	sum, err = s.SaveResults(ctx, "R", first, store.Upload{Format: "csv", Actor: lab})
	if err != nil || sum.Unchanged != len(first) {
		t.Errorf("identical re-upload = %+v, %v; want all unchanged", sum, err)
	}
	second := results(d, func(i int) float64 { return float64(i) + 0.5 })
	v := 99.0
	second[0].Reported, second[0].Value = "99", &v
	_, err = s.SaveResults(ctx, "R", second, store.Upload{Format: "csv", Actor: lab})
	wantCode(t, err, benchmark.EINVALID)
	stored, err := s.FindResults(ctx, "R")
	if err != nil {
		t.Fatal(err)
	}
	if got := find(stored, second[0].Key()); got.Reported != first[0].Reported {
		t.Fatalf("refused replacement changed the stored value to %q", got.Reported)
	}
	sum, err = s.SaveResults(ctx, "R", second, store.Upload{Format: "csv", Actor: lab, Reason: "transcription error"})
	if err != nil || sum.Replaced != 1 || sum.Unchanged != len(first)-1 {
		t.Fatalf("replacement = %+v, %v", sum, err)
	}
	stored, err = s.FindResults(ctx, "R")
	if err != nil || len(stored) != len(first) {
		t.Fatalf("stored = %d, %v", len(stored), err)
	}
	if got := find(stored, second[0].Key()); got.Reported != "99" || *got.Value != 99 {
		t.Errorf("replaced result = %+v", got)
	}
	events, err := s.FindAudit(ctx, store.AuditFilter{Study: "R", Action: "result.replaced"})
	if err != nil || len(events) != 1 {
		t.Fatalf("replacement events = %v, %v", events, err)
	}
	e := events[0]
	wantDetail := fmt.Sprintf(`{"upload_id":%d,"old":{"lab":"SCTQ","method":"%s","unit":"%s","value":"%s"},"new":{"lab":"SCTQ","method":"%s","unit":"%s","value":"99"}}`,
		sum.ID, second[0].Method, second[0].Unit, first[0].Reported, second[0].Method, second[0].Unit)
	if e.Reason != "transcription error" || e.ActorName != "sctq-lims" || string(e.Detail) != wantDetail {
		t.Errorf("audit event = %+v\n detail %s\n want   %s", e, e.Detail, wantDetail)
	}
}

func find(rs []benchmark.Result, k benchmark.ResultKey) benchmark.Result {
	for _, r := range rs {
		if r.Key() == k {
			return r
		}
	}
	return benchmark.Result{}
}

// TestConcurrentUploads runs uploads of different files for one study at the
// same time: every one must succeed, no row may be lost, none may deadlock.
func TestConcurrentUploads(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	d := createOpenStudy(t, s, "C")
	all := results(d, func(i int) float64 { return float64(i) })
	const writers = 6
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		var part []benchmark.Result
		for i := w; i < len(all); i += writers {
			part = append(part, all[i])
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.SaveResults(ctx, "C", part, store.Upload{Format: "csv", Actor: admin})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent upload: %v", err)
		}
	}
	stored, err := s.FindResults(ctx, "C")
	if err != nil || len(stored) != len(all) {
		t.Errorf("stored %d results (%v), want %d", len(stored), err, len(all))
	}
	st, err := s.FindStudyByCode(ctx, "C")
	if err != nil || st.Revision != 2+writers {
		t.Errorf("revision = %d, want %d (create, open, one per upload)", st.Revision, 2+writers)
	}
}

func TestLargeUploadRoundTrips(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	d := createOpenStudy(t, s, "L")
	var rs []benchmark.Result
	for rep := 1; rep <= 300; rep++ { // 3,600 rows: several insert chunks on SQLite
		for _, r := range results(d, func(i int) float64 { return float64(i*rep) / 7 }) {
			r.Replicate = rep
			if rep%5 == 0 {
				r.Reported, r.Value, r.NonDetect = "ND", nil, true
				lod := 0.01
				r.LOD = &lod
			}
			rs = append(rs, r)
		}
	}
	if _, err := s.SaveResults(ctx, "L", rs, store.Upload{Format: "csv", Actor: admin}); err != nil {
		t.Fatal(err)
	}
	stored, err := s.FindResults(ctx, "L")
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[benchmark.ResultKey]benchmark.Result{}
	for _, r := range rs {
		byKey[r.Key()] = r
	}
	if len(stored) != len(rs) {
		t.Fatalf("stored %d, want %d", len(stored), len(rs))
	}
	for _, got := range stored {
		if diff := cmp.Diff(byKey[got.Key()], got); diff != "" {
			t.Fatalf("result %v (-want +got):\n%s", got.Key(), diff)
		}
	}
}

func TestTokens(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	secret, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateToken(ctx, "lab", auth.RoleLab, "", secret, auth.System)
	wantCode(t, err, benchmark.EINVALID)
	tok, err := s.CreateToken(ctx, "sctq", auth.RoleLab, "SCTQ", secret, auth.System)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindTokenBySecret(ctx, secret)
	if err != nil || got.ID != tok.ID || got.Lab != "SCTQ" {
		t.Fatalf("FindTokenBySecret = %+v, %v", got, err)
	}
	var hashes int
	if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM tokens WHERE hash = '"+auth.HashToken(secret)+"'").Scan(&hashes); err != nil || hashes != 1 {
		t.Errorf("token stored by hash: %d rows, %v", hashes, err)
	}
	if _, err := s.RevokeToken(ctx, tok.ID, auth.System); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindTokenBySecret(ctx, secret)
	wantCode(t, err, benchmark.ENOTFOUND)
	_, err = s.RevokeToken(ctx, 12345, auth.System)
	wantCode(t, err, benchmark.ENOTFOUND)
}

func TestFindingsAndReports(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	createOpenStudy(t, s, "F")
	f, _, err := s.FindFindings(ctx, "F")
	if err != nil || f != nil {
		t.Fatalf("findings before any = %v, %v", f, err)
	}
	want := &benchmark.Findings{Conclusions: []benchmark.Text{benchmark.PlainText("富硒")},
		Recommendations: []benchmark.Text{{ZH: "加强农药管控", EN: "Tighten pesticide control"}},
		Causes:          []benchmark.Cause{{Indicator: "bifenthrin", Text: benchmark.PlainText("春茶期用药")}},
		Report:          &benchmark.ReportInfo{Number: "BZZJ-2016-017", Issuer: "巴中市质量技术监督局"}}
	if err := s.PutFindings(ctx, "F", want, admin); err != nil {
		t.Fatal(err)
	}
	want.Conclusions = append(want.Conclusions, benchmark.PlainText("second"))
	if err := s.PutFindings(ctx, "F", want, admin); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.FindFindings(ctx, "F")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	_, err = s.CreateReport(ctx, "F", "zh", []byte("%PDF-1.3 test"), []byte(`{"study":"F"}`), admin)
	wantCode(t, err, benchmark.ECONFLICT) // open: results may still change
	d := fixture.Design("F", 4)
	if _, err := s.SaveResults(ctx, "F", results(d, func(i int) float64 { return float64(i) }), store.Upload{Format: "csv", Actor: admin}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetState(ctx, "F", benchmark.StateClosed, admin, ""); err != nil {
		t.Fatal(err)
	}
	rep, err := s.CreateReport(ctx, "F", "zh", []byte("%PDF-1.3 test"), []byte(`{"study":"F"}`), admin)
	if err != nil {
		t.Fatal(err)
	}
	back, st, err := s.FindReport(ctx, rep.ID)
	if err != nil || string(back.PDF) != "%PDF-1.3 test" || st.Design.Code != "F" || back.SHA256 != rep.SHA256 {
		t.Fatalf("FindReport = %+v, %v", back, err)
	}
	list, err := s.FindReports(ctx, "F")
	if err != nil || len(list) != 1 || list[0].ID != rep.ID {
		t.Errorf("FindReports = %+v, %v", list, err)
	}
	_, _, err = s.FindReport(ctx, "missing")
	wantCode(t, err, benchmark.ENOTFOUND)
}
