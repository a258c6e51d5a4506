package main

import (
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/store/storetest"
)

// buildWithVersion builds qbench with version, commit and build date set
// the way release builds set them.
func buildWithVersion(t *testing.T, version, commit, date string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "qbench")
	ldflags := "-X main.version=" + version + " -X main.commit=" + commit + " -X main.buildDate=" + date
	build := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -ldflags %q: %v\n%s", ldflags, err, out)
	}
	return bin
}

// TestVersionFromLdflags checks that -ldflags -X sets what qbench version
// prints, and that a build without them prints sensible values.
func TestVersionFromLdflags(t *testing.T) {
	bin := buildWithVersion(t, "v9.8.7", "0123abc", "2026-11-22")
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "qbench v9.8.7 (commit 0123abc, built 2026-11-22, " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	if string(out) != want {
		t.Errorf("version = %q, want %q", out, want)
	}
	// The test binary's own build (go build, no -ldflags).
	out2, _, code := run(t, nil, "version")
	m := regexp.MustCompile(`^qbench (\S+) \(commit (\S+), built (\S+), go`).FindStringSubmatch(out2)
	if code != 0 || m == nil || m[1] == "" || m[2] == "" || m[3] == "" {
		t.Errorf("version without -ldflags = %q", out2)
	}
}

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	code, body := httpDo(t, "GET", url, token, "", nil)
	return code, string(body)
}

// TestServeMetricsOnSeparateAddress runs a release-like build with
// --metrics-addr and --metrics-token: /metrics is on its own address only,
// behind the token, shows the API's requests by route template and the
// injected build, and both listeners stop on SIGTERM.
func TestServeMetricsOnSeparateAddress(t *testing.T) {
	bin := buildWithVersion(t, "v9.8.7", "0123abc", "2026-11-22")
	dsn := storetest.DSN(t)
	srv, metricsURL := startServe(t, bin, nil, "--db", dsn, "--metrics-addr", "127.0.0.1:0", "--metrics-token", "scrape-me")
	if metricsURL == "" {
		t.Fatalf("no metrics listener in the logs:\n%s", srv.logs)
	}
	if code, _ := get(t, srv.url+"/readyz", ""); code != 200 {
		t.Fatalf("readyz = %d", code)
	}
	if code, _ := get(t, srv.url+"/api/v1/studies/SECRET-CODE", "not-a-token"); code != 401 {
		t.Errorf("bad token = %d, want 401", code)
	}
	if code, _ := get(t, srv.url+"/metrics", "scrape-me"); code != 404 {
		t.Errorf("/metrics on the API's address = %d, want 404 with --metrics-addr", code)
	}
	if code, _ := get(t, metricsURL+"/metrics", ""); code != 401 {
		t.Errorf("/metrics without the token = %d, want 401", code)
	}
	code, body := get(t, metricsURL+"/metrics", "scrape-me")
	if code != 200 {
		t.Fatalf("/metrics with the token = %d: %s", code, body)
	}
	for _, want := range []string{
		`qbench_build_info{build_date="2026-11-22",commit="0123abc",goversion="` + runtime.Version() + `",version="v9.8.7"} 1`,
		`qbench_http_requests_total{method="GET",route="/readyz",status="200"} 1`,
		`qbench_http_requests_total{method="GET",route="/api/v1/studies/:code",status="401"} 1`,
		`go_sql_open_connections{db_name="qbench"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "SECRET-CODE") {
		t.Error("a raw path shows in the metrics")
	}
	srv.stop(t)
	if _, err := http.Get(metricsURL + "/metrics"); err == nil {
		t.Error("the metrics listener still answers after the shutdown")
	}
}

// TestServeMetricsTokenOnAPIAddress checks the default placement of
// /metrics, protected by QBENCH_METRICS_TOKEN.
func TestServeMetricsTokenOnAPIAddress(t *testing.T) {
	srv, metricsURL := startServe(t, binary, []string{"QBENCH_METRICS_TOKEN=scrape-me"}, "--db", storetest.DSN(t))
	if metricsURL != "" {
		t.Errorf("a metrics listener without --metrics-addr: %s", metricsURL)
	}
	if code, _ := get(t, srv.url+"/metrics", ""); code != 401 {
		t.Errorf("/metrics without the token = %d, want 401", code)
	}
	if code, body := get(t, srv.url+"/metrics", "scrape-me"); code != 200 || !strings.Contains(body, "qbench_build_info{") {
		t.Errorf("/metrics with the token = %d", code)
	}
	if code, body := get(t, srv.url+"/api/v1/openapi.json", ""); code != 200 || !strings.Contains(body, `"openapi": "3.0.3"`) {
		t.Errorf("/api/v1/openapi.json = %d", code)
	}
	srv.stop(t)
}

func TestMetricsAddrMustDifferFromAddr(t *testing.T) {
	cfg := defaultConfig()
	cfg.MetricsAddr = cfg.Addr
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "metrics-addr") {
		t.Errorf("Validate() = %v, want a metrics-addr problem", err)
	}
	_, _, err := runInProcess(t, nil, "serve", "--addr", "127.0.0.1:7070", "--metrics-addr", "127.0.0.1:7070")
	if exitCode(err) != 2 {
		t.Errorf("serve with the same addresses: %v, want a usage error", err)
	}
}
