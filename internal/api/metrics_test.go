package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/api"
)

// metricValue returns the value of the sample whose name and labels are
// exactly series (labels in Prometheus's order: sorted by name), or -1 when
// there is none.
func metricValue(t *testing.T, body []byte, series string) float64 {
	t.Helper()
	for line := range strings.SplitSeq(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			if err != nil {
				t.Fatalf("metric line %q: %v", line, err)
			}
			return v
		}
	}
	return -1
}

// TestMetricsShowRequestsByRouteTemplate is the metrics acceptance test:
// after a few API calls, /metrics counts them under their route templates,
// never under raw paths with study codes, with the upload, profile, report,
// database pool and build metrics.
func TestMetricsShowRequestsByRouteTemplate(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("MX-SECRET-1", 3)
	e.setState("MX-SECRET-1", "open")
	e.do("GET", "/api/v1/studies/MX-SECRET-1", "admin", "", nil).must(t, http.StatusOK)
	e.do("GET", "/api/v1/studies/MX-SECRET-1", "lab", "", nil).must(t, http.StatusOK)
	e.do("GET", "/api/v1/studies/NO-SUCH-STUDY", "admin", "", nil).must(t, http.StatusNotFound)
	lines := resultLines(d, 1)
	bad := append([]string(nil), lines...)
	bad[0] = strings.Replace(bad[0], ",%,", ",g/kg,", 1) // a wrong unit
	bad[1] = strings.Replace(bad[1], "mg/kg", "g/kg", 1) // a wrong unit and lab: two problems, one row
	bad[1] = strings.Replace(bad[1], "SCTQ", "OTHER", 1)
	bad[2] = strings.Replace(bad[2], "SCTQ", "OTHER", 1) // a wrong lab
	e.do("POST", "/api/v1/studies/MX-SECRET-1/results", "admin", "text/csv", csvBody(bad)).must(t, http.StatusUnprocessableEntity)
	e.do("POST", "/api/v1/studies/MX-SECRET-1/results", "admin", "text/csv", csvBody(lines)).must(t, http.StatusCreated)
	e.do("GET", "/api/v1/studies/MX-SECRET-1/profile", "admin", "", nil).must(t, http.StatusOK)
	e.do("GET", "/api/v1/studies/MX-SECRET-1/profile", "admin", "", nil).must(t, http.StatusOK) // cached
	e.setState("MX-SECRET-1", "closed")
	e.do("POST", "/api/v1/studies/MX-SECRET-1/reports?lang=en", "admin", "", nil).must(t, http.StatusCreated)
	e.do("GET", "/api/v1/studies/MX-SECRET-1/nothing", "admin", "", nil).must(t, http.StatusNotFound)

	r := e.do("GET", "/metrics", "", "", nil).must(t, http.StatusOK)
	body := r.body
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want the Prometheus text format", ct)
	}
	if strings.Contains(string(body), "MX-SECRET-1") || strings.Contains(string(body), "NO-SUCH-STUDY") {
		t.Error("a study code shows in the metrics: routes must be labelled by template")
	}
	want := map[string]float64{
		`qbench_http_requests_total{method="GET",route="/api/v1/studies/:code",status="200"}`:                         2,
		`qbench_http_requests_total{method="GET",route="/api/v1/studies/:code",status="404"}`:                         1,
		`qbench_http_requests_total{method="POST",route="/api/v1/studies",status="201"}`:                              1,
		`qbench_http_requests_total{method="POST",route="/api/v1/studies/:code/lifecycle",status="200"}`:              2,
		`qbench_http_requests_total{method="POST",route="/api/v1/studies/:code/results",status="422"}`:                1,
		`qbench_http_requests_total{method="POST",route="/api/v1/studies/:code/results",status="201"}`:                1,
		`qbench_http_requests_total{method="GET",route="/api/v1/studies/:code/profile",status="200"}`:                 2,
		`qbench_http_requests_total{method="POST",route="/api/v1/studies/:code/reports",status="201"}`:                1,
		`qbench_http_requests_total{method="GET",route="unmatched",status="404"}`:                                     1,
		`qbench_http_request_duration_seconds_count{method="GET",route="/api/v1/studies/:code",status="200"}`:         2,
		`qbench_results_rows_uploaded_total`:                                                                          float64(len(lines)),
		`qbench_results_rows_rejected_total`:                                                                          3,
		`qbench_profile_duration_seconds_count`:                                                                       1,
		`qbench_report_duration_seconds_count`:                                                                        1,
		`qbench_build_info{build_date="unknown",commit="none",goversion="` + goVersion(t, body) + `",version="test"}`: 1,
	}
	for series, v := range want {
		if got := metricValue(t, body, series); got != v {
			t.Errorf("%s = %v, want %v", series, got, v)
		}
	}
	for _, name := range []string{`go_sql_max_open_connections{db_name="qbench"}`, `go_sql_open_connections{db_name="qbench"}`, "go_goroutines"} {
		if metricValue(t, body, name) < 0 {
			t.Errorf("no %s in the metrics", name)
		}
	}
	// The histogram has buckets, and every route label is a template.
	if !strings.Contains(string(body), `qbench_http_request_duration_seconds_bucket{method="GET",route="/api/v1/studies/:code",status="200",le="0.005"}`) {
		t.Error("no latency buckets")
	}
	routes := map[string]bool{"unmatched": true}
	for _, r := range e.server.Routes() {
		routes[strings.SplitN(r, " ", 2)[1]] = true
	}
	for _, m := range regexp.MustCompile(`route="([^"]*)"`).FindAllStringSubmatch(string(body), -1) {
		if !routes[m[1]] {
			t.Errorf("route label %q is not a route template", m[1])
		}
	}
}

func goVersion(t *testing.T, body []byte) string {
	t.Helper()
	m := regexp.MustCompile(`qbench_build_info\{[^}]*goversion="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no qbench_build_info in the metrics")
	}
	return string(m[1])
}

// TestMetricsToken checks that --metrics-token protects /metrics, and that
// API tokens do not open it.
func TestMetricsToken(t *testing.T) {
	e := newEnv(t, api.Config{MetricsToken: "scrape-secret"})
	e.tokens["scraper"] = "scrape-secret"
	e.tokens["wrong"] = "scrape-secreT"
	for _, who := range []string{"", "admin", "wrong"} {
		p := e.do("GET", "/metrics", who, "", nil).must(t, http.StatusUnauthorized).problem(t)
		if p.Type != "urn:qbench:problem:unauthorized" {
			t.Errorf("as %q: problem type %s", who, p.Type)
		}
	}
	r := e.do("GET", "/metrics", "scraper", "", nil).must(t, http.StatusOK)
	if metricValue(t, r.body, `qbench_http_requests_total{method="GET",route="/metrics",status="401"}`) != 3 {
		t.Errorf("refused scrapes not counted:\n%.2000s", r.body)
	}
}

// TestNoMetricsRoute checks that a server whose metrics are served
// elsewhere (--metrics-addr) has no /metrics.
func TestNoMetricsRoute(t *testing.T) {
	e := newEnv(t, api.Config{})
	srv := api.New(e.store, api.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	for _, r := range srv.Routes() {
		if strings.HasSuffix(r, "/metrics") {
			t.Errorf("a server without a metrics handler has route %s", r)
		}
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /metrics = %d, want 404", resp.StatusCode)
	}
}
