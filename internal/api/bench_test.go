package api_test

// Benchmarks of the API on a real server on loopback and a real database
// (SQLite by default, PostgreSQL under QBENCH_TEST_POSTGRES), each next to
// its floor: the upload of 100,000 results against PostgreSQL's COPY of the
// same rows into the same table, the profile of a 100,000-result study
// against a bare SQL read of its rows and Analyze alone. scripts/bench runs
// them and writes BENCHMARKS.md.
//
// The harness here (apiServer) is also what the fault tests use: it takes
// any store, so that a test can put a proxy between qbench and PostgreSQL.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
	"github.com/qbench/qbench/lab"
	"github.com/qbench/qbench/reports"
)

// apiServer is a qbench API on a loopback port over a given store, with an
// admin token. Its api.Server can be replaced (fresh) to start from cold
// caches while the listener and the store stay.
type apiServer struct {
	url    string
	store  *store.Store
	admin  string
	srv    atomic.Pointer[api.Server]
	client *http.Client
}

func startAPI(tb testing.TB, st *store.Store) *apiServer {
	tb.Helper()
	s := &apiServer{store: st, client: &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: 64},
		Timeout:   2 * time.Minute,
	}}
	s.fresh()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.srv.Load().Handler().ServeHTTP(w, r)
	}))
	tb.Cleanup(func() {
		s.client.CloseIdleConnections()
		hs.Close()
	})
	s.url = hs.URL
	secret, err := auth.NewToken()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.CreateToken(context.Background(), "bench-admin", auth.RoleAdmin, "", secret, auth.System); err != nil {
		tb.Fatal(err)
	}
	s.admin = secret
	return s
}

// fresh replaces the API server by a new one on the same store: empty
// profile cache.
func (s *apiServer) fresh() {
	s.srv.Store(api.New(s.store, api.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
}

// reply is a finished request.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// call sends a request as admin. It does not fail the test, so that
// goroutines may use it.
func (s *apiServer) call(ctx context.Context, method, path, contentType string, body []byte) (*reply, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.url+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+s.admin)
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// must sends a request as admin and fails the test unless it answers with
// the wanted status.
func (s *apiServer) must(tb testing.TB, want int, method, path, contentType string, body []byte) *reply {
	tb.Helper()
	r, err := s.call(context.Background(), method, path, contentType, body)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	if r.status != want {
		tb.Fatalf("%s %s: status %d, want %d: %.500s", method, path, r.status, want, r.body)
	}
	return r
}

// createOpenStudy creates a study from d and opens it for results.
func (s *apiServer) createOpenStudy(tb testing.TB, d *benchmark.Design) {
	tb.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		tb.Fatal(err)
	}
	s.must(tb, http.StatusCreated, "POST", "/api/v1/studies", "application/json", b)
	s.must(tb, http.StatusOK, "POST", "/api/v1/studies/"+d.Code+"/lifecycle", "application/json", []byte(`{"state": "open"}`))
}

// upload posts a results CSV and returns the number of rows stored.
func (s *apiServer) upload(tb testing.TB, code string, csv []byte) int {
	tb.Helper()
	r := s.must(tb, http.StatusCreated, "POST", "/api/v1/studies/"+code+"/results", "text/csv", csv)
	var sum struct {
		Created int `json:"created"`
	}
	if err := json.Unmarshal(r.body, &sum); err != nil {
		tb.Fatal(err)
	}
	return sum.Created
}

// bigStudyOptions size the 100,000-result study of the benchmarks: 5
// regions of 200 samples, 20 indicators, 5 replicates, 10% non-detects.
var bigStudyOptions = gen.Options{Code: "BIG", Regions: 5, SamplesPerRegion: 200, Indicators: 20, Replicates: 5, NDShare: 0.1, Seed: 1}

// bigStudy is the 100,000-result study and its CSV file, made once.
var bigStudy = sync.OnceValues(func() (*bigStudyData, error) {
	d, results, err := gen.Study(bigStudyOptions)
	if err != nil {
		return nil, err
	}
	var csv bytes.Buffer
	if err := gen.WriteCSV(&csv, results); err != nil {
		return nil, err
	}
	return &bigStudyData{design: d, results: results, csv: csv.Bytes()}, nil
})

type bigStudyData struct {
	design  *benchmark.Design
	results []benchmark.Result
	csv     []byte
}

// withCode returns a copy of the design under another study code.
func (b *bigStudyData) withCode(code string) *benchmark.Design {
	d := *b.design
	d.Code = code
	return &d
}

func loadBigStudy(tb testing.TB) *bigStudyData {
	tb.Helper()
	b, err := bigStudy()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkUpload100k uploads a CSV file of 100,000 results (6.6 MB)
// through the API into a new open study: parse, check, one transaction.
func BenchmarkUpload100k(b *testing.B) {
	big := loadBigStudy(b)
	s := startAPI(b, storetest.Open(b, store.Options{}))
	b.SetBytes(int64(len(big.csv)))
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		code := fmt.Sprintf("UP-%d", i)
		s.createOpenStudy(b, big.withCode(code))
		b.StartTimer()
		if n := s.upload(b, code, big.csv); n != len(big.results) {
			b.Fatalf("stored %d rows, want %d", n, len(big.results))
		}
	}
	b.ReportMetric(float64(len(big.results)*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCopyFloor100k is the floor of BenchmarkUpload100k: PostgreSQL's
// COPY of the same 100,000 rows, already parsed, into the same table in one
// transaction, through pgx on the store's own pool.
func BenchmarkCopyFloor100k(b *testing.B) {
	if !storetest.Postgres() {
		b.Skip("the COPY floor needs PostgreSQL: set " + storetest.EnvPostgres + " (scripts/bench does)")
	}
	big := loadBigStudy(b)
	st := storetest.Open(b, store.Options{})
	s := startAPI(b, st)
	ctx := context.Background()
	columns := []string{"study_id", "sample_code", "indicator_code", "replicate", "reported", "value", "non_detect", "lod",
		"unit", "method", "lab_code", "tested_on", "analyst", "upload_id"}
	rows := make([][]any, len(big.results))
	for i := range big.results {
		r := &big.results[i]
		rows[i] = []any{nil, r.Sample, r.Indicator, int32(r.Replicate), r.Reported, r.Value, r.NonDetect, r.LOD,
			r.Unit, r.Method, r.Lab, r.TestedOn, r.Analyst, nil}
	}
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		code := fmt.Sprintf("CP-%d", i)
		s.createOpenStudy(b, big.withCode(code))
		var studyID, uploadID int64
		if err := conn.QueryRowContext(ctx, "SELECT id FROM studies WHERE code = $1", code).Scan(&studyID); err != nil {
			b.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, `INSERT INTO uploads (study_id, format, sha256, rows_total, rows_created,
			rows_replaced, rows_unchanged, actor_name, actor_role, created_at) VALUES ($1, 'csv', '', $2, $2, 0, 0, 'bench', 'admin', now())
			RETURNING id`, studyID, len(rows)).Scan(&uploadID); err != nil {
			b.Fatal(err)
		}
		for _, row := range rows {
			row[0], row[13] = studyID, uploadID
		}
		b.StartTimer()
		err := conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			tx, err := pc.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
			n, err := tx.CopyFrom(ctx, pgx.Identifier{"results"}, columns, pgx.CopyFromRows(rows))
			if err != nil {
				return err
			}
			if int(n) != len(rows) {
				return fmt.Errorf("copied %d rows, want %d", n, len(rows))
			}
			return tx.Commit(ctx)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// profileStudy starts a server with the 100,000-result study stored.
func profileStudy(b *testing.B) (*apiServer, *bigStudyData) {
	big := loadBigStudy(b)
	s := startAPI(b, storetest.Open(b, store.Options{}))
	s.createOpenStudy(b, big.design)
	if n := s.upload(b, big.design.Code, big.csv); n != len(big.results) {
		b.Fatalf("stored %d rows", n)
	}
	return s, big
}

// BenchmarkProfile100k asks for the profile of a 100,000-result study with
// a cold cache every time: read design and results from one snapshot,
// Analyze, encode.
func BenchmarkProfile100k(b *testing.B) {
	s, big := profileStudy(b)
	path := "/api/v1/studies/" + big.design.Code + "/profile"
	for b.Loop() {
		b.StopTimer()
		s.fresh()
		b.StartTimer()
		s.must(b, http.StatusOK, "GET", path, "", nil)
	}
}

// BenchmarkProfile100kCached is the same request answered from the cache:
// the study's header and the token are still read from the database.
func BenchmarkProfile100kCached(b *testing.B) {
	s, big := profileStudy(b)
	path := "/api/v1/studies/" + big.design.Code + "/profile"
	s.must(b, http.StatusOK, "GET", path, "", nil)
	for b.Loop() {
		s.must(b, http.StatusOK, "GET", path, "", nil)
	}
}

// BenchmarkBareRead100k is the first floor of BenchmarkProfile100k: the
// study's rows read with one SQL query and scanned into plain variables
// that are dropped — through pgx itself on PostgreSQL, through
// database/sql (the only interface of the SQLite driver) on SQLite.
func BenchmarkBareRead100k(b *testing.B) {
	s, big := profileStudy(b)
	ctx := context.Background()
	conn, err := s.store.DB().Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	var studyID int64
	if err := conn.QueryRowContext(ctx, "SELECT id FROM studies WHERE code = '"+big.design.Code+"'").Scan(&studyID); err != nil {
		b.Fatal(err)
	}
	q := "SELECT id, sample_code, indicator_code, replicate, reported, value, non_detect, lod, unit, method, lab_code, tested_on, analyst FROM results WHERE study_id = " + fmt.Sprint(studyID)
	var id int64
	var r benchmark.Result
	var rep int32
	read := func(next func() bool, scan func(dest ...any) error) int {
		n := 0
		for next() {
			if err := scan(&id, &r.Sample, &r.Indicator, &rep, &r.Reported, &r.Value, &r.NonDetect, &r.LOD,
				&r.Unit, &r.Method, &r.Lab, &r.TestedOn, &r.Analyst); err != nil {
				b.Fatal(err)
			}
			n++
		}
		return n
	}
	for b.Loop() {
		var n int
		if storetest.Postgres() {
			err = conn.Raw(func(dc any) error {
				rows, err := dc.(*stdlib.Conn).Conn().Query(ctx, q)
				if err != nil {
					return err
				}
				defer rows.Close()
				n = read(rows.Next, rows.Scan)
				return rows.Err()
			})
		} else {
			var rows *sql.Rows
			if rows, err = conn.QueryContext(ctx, q); err == nil {
				n = read(rows.Next, rows.Scan)
				err = rows.Err()
				rows.Close()
			}
		}
		if err != nil {
			b.Fatal(err)
		}
		if n != len(big.results) {
			b.Fatalf("read %d rows", n)
		}
	}
}

// BenchmarkAnalyze100k is the second floor of BenchmarkProfile100k:
// benchmark.Analyze of the same study, in memory.
func BenchmarkAnalyze100k(b *testing.B) {
	big := loadBigStudy(b)
	for b.Loop() {
		if _, err := benchmark.Analyze(big.design, big.results); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportDemo renders the PDF report of the green-tea demo study
// (Chinese; profile computed before).
func BenchmarkReportDemo(b *testing.B) {
	var d benchmark.Design
	if err := json.Unmarshal(examples.GreenTeaDesign, &d); err != nil {
		b.Fatal(err)
	}
	table, err := lab.Parse(bytes.NewReader(examples.GreenTeaResults), lab.CSV)
	if err != nil {
		b.Fatal(err)
	}
	results, err := lab.Check(&d, table, lab.CheckOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var f benchmark.Findings
	if err := json.Unmarshal(examples.GreenTeaFindings, &f); err != nil {
		b.Fatal(err)
	}
	benchmarkReport(b, &d, results, &f)
}

// BenchmarkReport100x10 renders the report of a study of 100 indicators
// and 10 regions (10 samples each, 2 replicates).
func BenchmarkReport100x10(b *testing.B) {
	d, results, err := gen.Study(gen.Options{Code: "R100", Regions: 10, SamplesPerRegion: 10, Indicators: 100, Replicates: 2, NDShare: 0.1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	benchmarkReport(b, d, results, nil)
}

func benchmarkReport(b *testing.B, d *benchmark.Design, results []benchmark.Result, f *benchmark.Findings) {
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		b.Fatal(err)
	}
	in := reports.Input{Design: d, Results: results, Profile: p, Findings: f}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := reports.Render(&buf, in, "zh"); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
