package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/internal/metrics"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
)

func scrape(t *testing.T, h http.Handler, token string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("GET", "/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

// TestRecordersAreIndependent checks that two recorders (two servers in one
// process) neither share nor clash over metrics.
func TestRecordersAreIndependent(t *testing.T) {
	t.Parallel()
	a := metrics.New(nil, metrics.BuildInfo{Version: "v1.0.0", Commit: "abc", BuildDate: "2026-01-02"})
	b := metrics.New(nil, metrics.BuildInfo{Version: "v2.0.0"})
	a.ObserveRequest("/api/v1/studies/:code", "GET", 200, 30*time.Millisecond)
	a.ObserveRequest("/api/v1/studies/:code", "GET", 200, 2*time.Second)
	a.RowsUploaded(500)
	a.RowsRejected(7)
	a.ObserveProfile(time.Millisecond)
	a.ObserveReport(time.Second)

	_, body := scrape(t, a.Handler(), "")
	for _, want := range []string{
		`qbench_http_requests_total{method="GET",route="/api/v1/studies/:code",status="200"} 2`,
		`qbench_http_request_duration_seconds_bucket{method="GET",route="/api/v1/studies/:code",status="200",le="0.05"} 1`,
		`qbench_http_request_duration_seconds_bucket{method="GET",route="/api/v1/studies/:code",status="200",le="2.5"} 2`,
		`qbench_results_rows_uploaded_total 500`,
		`qbench_results_rows_rejected_total 7`,
		`qbench_profile_duration_seconds_count 1`,
		`qbench_report_duration_seconds_sum 1`,
		`qbench_build_info{build_date="2026-01-02",commit="abc",goversion="go`,
		`process_`, `go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	families, err := b.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		switch f.GetName() {
		case "qbench_http_requests_total":
			t.Errorf("the second recorder has %d request series, want none", len(f.GetMetric()))
		case "qbench_results_rows_uploaded_total":
			if v := f.GetMetric()[0].GetCounter().GetValue(); v != 0 {
				t.Errorf("the second recorder counts %v rows uploaded", v)
			}
		}
	}
	if strings.Contains(body, "v2.0.0") {
		t.Error("one recorder shows the other's build")
	}
}

func TestDatabasePoolStatistics(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, store.Options{})
	r := metrics.New(st.DB(), metrics.BuildInfo{})
	_, body := scrape(t, r.Handler(), "")
	for _, want := range []string{`go_sql_open_connections{db_name="qbench"}`, `go_sql_wait_count_total{db_name="qbench"}`, `go_sql_max_open_connections{db_name="qbench"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestRequireToken(t *testing.T) {
	t.Parallel()
	h := metrics.New(nil, metrics.BuildInfo{}).Handler()
	if code, _ := scrape(t, metrics.RequireToken("", h), ""); code != http.StatusOK {
		t.Errorf("no token configured: %d, want 200", code)
	}
	protected := metrics.RequireToken("s3cret", h)
	for _, tok := range []string{"", "wrong", "s3cre", "s3cret2"} {
		code, body := scrape(t, protected, tok)
		if code != http.StatusUnauthorized || !strings.Contains(body, "urn:qbench:problem:unauthorized") {
			t.Errorf("token %q: %d %s", tok, code, body)
		}
	}
	if code, body := scrape(t, protected, "s3cret"); code != http.StatusOK || !strings.Contains(body, "qbench_build_info") {
		t.Errorf("right token: %d", code)
	}
}
