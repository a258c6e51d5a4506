package study_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
	"github.com/qbench/qbench/reports"
)

var (
	admin    = auth.Actor{Name: "admin", Role: auth.RoleAdmin}
	labSCTQ  = auth.Actor{Name: "lab", Role: auth.RoleLab, Lab: "SCTQ"}
	otherLab = auth.Actor{Name: "other", Role: auth.RoleLab, Lab: "OTHER"}
	reader   = auth.Actor{Name: "reader", Role: auth.RoleReader}
)

// openStudy makes an open study with every result uploaded through the
// use case, on the suite's database.
func openStudy(t *testing.T, svc *study.Service, st *store.Store, code string) *benchmark.Design {
	t.Helper()
	ctx := context.Background()
	d := fixture.Design(code, 3)
	if _, err := st.CreateStudy(ctx, d, auth.System); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetState(ctx, code, benchmark.StateOpen, auth.System, ""); err != nil {
		t.Fatal(err)
	}
	sum, err := svc.Upload(ctx, admin, code, strings.NewReader(fixture.ResultsCSV(d)), study.UploadOptions{Filename: "r.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Total == 0 || sum.Created != sum.Total {
		t.Fatalf("upload summary %+v", sum)
	}
	return d
}

func TestUploadAsksThePolicy(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	svc := study.New(st, study.Config{})
	ctx := context.Background()
	d := openStudy(t, svc, st, "UP-1")
	csv := fixture.ResultsCSV(d)
	for _, tc := range []struct {
		who  auth.Actor
		code string
	}{
		{reader, benchmark.EFORBIDDEN},
		{otherLab, benchmark.ENOTFOUND},
		{auth.Actor{}, benchmark.EFORBIDDEN},
	} {
		_, err := svc.Upload(ctx, tc.who, "UP-1", strings.NewReader(csv), study.UploadOptions{Filename: "r.csv"})
		if benchmark.ErrorCode(err) != tc.code {
			t.Errorf("upload as %+v: %v, want %s", tc.who, err, tc.code)
		}
	}
	// The lab names samples by their codes: refused, as it must use blind
	// codes.
	_, err := svc.Upload(ctx, labSCTQ, "UP-1", strings.NewReader(csv), study.UploadOptions{Filename: "r.csv"})
	var rows *lab.Problems
	if !errors.As(err, &rows) || len(rows.Errors) == 0 {
		t.Errorf("lab upload by sample code: %v", err)
	}
	// XML is refused before sniffing, whatever its bytes.
	_, err = svc.Upload(ctx, admin, "UP-1", strings.NewReader(csv), study.UploadOptions{ContentType: "application/xml"})
	var media *study.MediaError
	if !errors.As(err, &media) {
		t.Errorf("XML upload: %v", err)
	}
	// A reader past its limit is a ReadError holding the limit's error.
	body := http.MaxBytesReader(nil, ioNopCloser{strings.NewReader(csv)}, 10)
	_, err = svc.Upload(ctx, admin, "UP-1", body, study.UploadOptions{Filename: "r.csv"})
	var tooLarge *http.MaxBytesError
	var readErr *study.ReadError
	if !errors.As(err, &readErr) || !errors.As(err, &tooLarge) {
		t.Errorf("oversized upload: %v", err)
	}
}

type ioNopCloser struct{ *strings.Reader }

func (ioNopCloser) Close() error { return nil }

func TestProfileIsCachedPerRevision(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	svc := study.New(st, study.Config{})
	ctx := context.Background()
	d := openStudy(t, svc, st, "PR-1")
	if _, _, err := svc.Profile(ctx, reader, "PR-1"); benchmark.ErrorCode(err) != benchmark.ENOTFOUND {
		t.Errorf("reader, open study: %v", err)
	}
	if _, _, err := svc.Profile(ctx, labSCTQ, "PR-1"); benchmark.ErrorCode(err) != benchmark.EFORBIDDEN {
		t.Errorf("lab: %v", err)
	}
	first, rev, err := svc.Profile(ctx, admin, "PR-1")
	if err != nil {
		t.Fatal(err)
	}
	again, rev2, err := svc.Profile(ctx, admin, "PR-1")
	if err != nil || rev2 != rev || !bytes.Equal(first, again) {
		t.Fatalf("second profile: rev %d/%d, equal %v, %v", rev, rev2, bytes.Equal(first, again), err)
	}
	// The profile is the engine's, encoded as the API serves it.
	_, results, err := st.LoadStudyData(ctx, "PR-1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := study.EncodeProfile(p)
	if !bytes.Equal(first, want) {
		t.Error("profile differs from benchmark.Analyze's")
	}
	// A change bumps the revision: the cached profile is not served.
	v := 99.0
	r := results[0]
	r.Value, r.Reported = &v, "99"
	if _, err := st.SaveResults(ctx, "PR-1", []benchmark.Result{r}, store.Upload{Format: "csv", Reason: "test", Actor: auth.System}); err != nil {
		t.Fatal(err)
	}
	changed, rev3, err := svc.Profile(ctx, admin, "PR-1")
	if err != nil || rev3 <= rev || bytes.Equal(changed, first) {
		t.Errorf("after a change: rev %d → %d, changed %v, %v", rev, rev3, !bytes.Equal(changed, first), err)
	}
}

// TestReportTakesTheGateBeforeAnalysing holds every slot of the gate: a
// report waits before doing any work and gives up when its caller does.
func TestReportTakesTheGateBeforeAnalysing(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	svc := study.New(st, study.Config{HeavyConcurrency: 1})
	ctx := context.Background()
	openStudy(t, svc, st, "RP-1")
	if _, err := st.SetState(ctx, "RP-1", benchmark.StateClosed, auth.System, ""); err != nil {
		t.Fatal(err)
	}
	gate := svc.Gate()
	if err := gate.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() {
		_, err := svc.Report(cctx, admin, "RP-1", "zh")
		errc <- err
	}()
	for gate.Waiting() == 0 {
		select {
		case err := <-errc:
			t.Fatalf("report did not wait for the gate: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled report: %v", err)
	}
	if list, err := st.FindReports(ctx, "RP-1"); err != nil || len(list) != 0 {
		t.Errorf("reports stored: %v %v", list, err)
	}
	gate.Release()
	rep, err := svc.Report(ctx, admin, "RP-1", "en")
	if err != nil || rep.Size == 0 || gate.InUse() != 0 {
		t.Fatalf("report: %+v %v (gate in use %d)", rep, err, gate.InUse())
	}
	if _, err := svc.Report(ctx, reader, "RP-1", "en"); benchmark.ErrorCode(err) != benchmark.EFORBIDDEN {
		t.Errorf("reader report: %v", err)
	}
	if _, err := svc.Report(ctx, admin, "RP-1", "fr"); benchmark.ErrorCode(err) != benchmark.EINVALID {
		t.Errorf("lang fr: %v", err)
	}
}

// TestRenderingStopsWhenCancelled: a cancelled context stops the report
// (the renderer checks between sections) and nothing is returned.
func TestRenderingStopsWhenCancelled(t *testing.T) {
	d := fixture.Design("RC-1", 3)
	results, err := study.ReadResults(d, []byte(fixture.ResultsCSV(d)), lab.CSV, nil, lab.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rep, err := study.RenderReport(ctx, study.ReportInput{Design: d, Results: results}, "zh"); !errors.Is(err, context.Canceled) || rep != nil {
		t.Errorf("RenderReport on a cancelled context: %v", err)
	}
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reports.RenderContext(ctx, &buf, reports.Input{Design: d, Results: results, Profile: p}, "zh"); !errors.Is(err, context.Canceled) || buf.Len() != 0 {
		t.Errorf("RenderContext on a cancelled context: %v, %d bytes written", err, buf.Len())
	}
	// Uncancelled, the CLI's path gives the bytes of reports.Render.
	rep, err := study.RenderReport(context.Background(), study.ReportInput{Design: d, Results: results}, "zh")
	if err != nil {
		t.Fatal(err)
	}
	var annex bytes.Buffer
	if err := reports.WriteDataAnnex(&annex, d, results); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rep.Annex, annex.Bytes()) {
		t.Error("RenderReport's data annex differs from reports.WriteDataAnnex's")
	}
	sum := sha256.Sum256(annex.Bytes())
	buf.Reset()
	if err := reports.Render(&buf, reports.Input{Design: d, Results: results, Profile: p, Date: reports.DateFromData(d, results),
		DataAnnexSHA256: hex.EncodeToString(sum[:])}, "zh"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rep.PDF, buf.Bytes()) {
		t.Error("RenderReport's PDF differs from reports.Render's")
	}
}

func TestGate(t *testing.T) {
	g := study.NewGate(2)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := g.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if err := g.Acquire(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("third acquire on a full gate: %v", err)
	}
	if g.Waiting() != 0 || g.InUse() != 2 {
		t.Errorf("waiting %d, in use %d", g.Waiting(), g.InUse())
	}
	g.Release()
	if err := g.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestDetectFormatWordsItsRefusals(t *testing.T) {
	for _, tc := range []struct {
		ctype, name string
		body        []byte
		zh          string
	}{
		{"", "r.xls", []byte("x"), "不支持 XLS 工作簿"},
		{"", "", []byte{0, 1, 2, 3}, "无法识别的结果文件"},
		{"multipart/form-data; boundary=x", "", []byte("a,b\n"), "不接受 multipart/form-data"},
	} {
		_, err := study.DetectFormat(tc.ctype, tc.name, tc.body)
		var media *study.MediaError
		if !errors.As(err, &media) || media.Msg.IsZero() {
			t.Fatalf("%q %q: %v", tc.ctype, tc.name, err)
		}
		if got := i18n.For(i18n.ZH).Message(media.Msg); !strings.HasPrefix(got, tc.zh) {
			t.Errorf("%q %q: zh %q", tc.ctype, tc.name, got)
		}
	}
	if f, err := study.DetectFormat("text/csv", "", []byte("a,b\n")); err != nil || f != lab.CSV {
		t.Errorf("CSV: %v %v", f, err)
	}
}

// TestDryRunWritesNothing: the preview checks the file as an upload does
// and says what it would create, replace and leave unchanged, and the
// study's results and revision stay as they were.
func TestDryRunWritesNothing(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	svc := study.New(st, study.Config{})
	ctx := context.Background()
	d := openStudy(t, svc, st, "DRY-1")
	before, err := st.FindStudyByCode(ctx, "DRY-1")
	if err != nil {
		t.Fatal(err)
	}
	csv := fixture.ResultsCSV(d)
	plan, err := svc.Preview(ctx, admin, "DRY-1", strings.NewReader(csv), study.UploadOptions{Filename: "r.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Total == 0 || plan.Unchanged != plan.Total || plan.Created != 0 || plan.Replaced != 0 || plan.ID != 0 {
		t.Fatalf("plan of the same file: %+v", plan)
	}
	// One value changed: one replacement, named by its key.
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	cols := strings.Split(lines[1], ",")
	header := strings.Split(lines[0], ",")
	for i, h := range header {
		if h == "value" {
			cols[i] = "999"
		}
	}
	lines[1] = strings.Join(cols, ",")
	changed := strings.Join(lines, "\n") + "\n"
	// A lab knows samples by their blind codes only: the real codes are
	// refused by its preview as by its upload.
	if _, err := svc.Upload(ctx, labSCTQ, "DRY-1", strings.NewReader(changed), study.UploadOptions{Filename: "r.csv", DryRun: true}); err == nil {
		t.Fatal("a lab's dry run accepted real sample codes")
	}
	plan, err = svc.Preview(ctx, admin, "DRY-1", strings.NewReader(changed), study.UploadOptions{Filename: "r.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Replaced != 1 || len(plan.ReplacedKeys) != 1 || plan.Unchanged != plan.Total-1 {
		t.Fatalf("plan of a changed file: %+v", plan)
	}
	sum, err := svc.Upload(ctx, admin, "DRY-1", strings.NewReader(changed), study.UploadOptions{Filename: "r.csv", DryRun: true})
	if err != nil || sum.Replaced != 1 || sum.ID != 0 {
		t.Fatalf("Upload with DryRun = %+v, %v", sum, err)
	}
	after, err := st.FindStudyByCode(ctx, "DRY-1")
	if err != nil {
		t.Fatal(err)
	}
	if after.Revision != before.Revision || after.ResultCount != before.ResultCount {
		t.Fatalf("dry run changed the study: revision %d → %d, results %d → %d",
			before.Revision, after.Revision, before.ResultCount, after.ResultCount)
	}
	// A file with a bad row is refused by the preview as by the upload.
	bad := strings.Replace(changed, "999", "abc", 1)
	if _, err := svc.Preview(ctx, admin, "DRY-1", strings.NewReader(bad), study.UploadOptions{Filename: "r.csv"}); err == nil {
		t.Fatal("preview accepted a non-numeric value")
	}
}
