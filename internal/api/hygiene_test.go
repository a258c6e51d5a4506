package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/api"
)

// The replay tests of issue 16's HTTP items, through the real server on the
// database the suite runs on (SQLite, or PostgreSQL with
// QBENCH_TEST_POSTGRES): each asserts the answer the issue asks for.

// rawProblem checks that resp is a problem document with the status and
// returns it.
func rawProblem(t *testing.T, what string, resp *http.Response, body []byte, status int) problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %s", what, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s: Content-Type %q, want application/problem+json", what, ct)
	}
	var p problem
	if err := json.Unmarshal(body, &p); err != nil || p.Status != status || p.Detail == "" {
		t.Fatalf("%s: problem %s (%v)", what, body, err)
	}
	return p
}

func TestHygieneHeaders(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.seed("HY-1", benchmark.StatePublished)
	for _, tc := range []struct {
		method, path, who string
		status            int
		authenticated     bool
	}{
		{"GET", "/healthz", "", 200, false},
		{"GET", "/api/v1/openapi.json", "", 200, false},
		{"GET", "/metrics", "", 200, false},
		{"GET", "/api/v1/nothing", "", 404, false},
		{"GET", "/api/v1/studies", "", 401, true},
		{"GET", "/api/v1/studies", "admin", 200, true},
		{"GET", "/api/v1/studies/HY-1", "reader", 200, true},
		{"GET", "/api/v1/studies/HY-1/results", "admin", 200, true},
		{"GET", "/api/v1/studies/HY-1/results", "reader", 403, true},
		{"GET", "/api/v1/studies/NOPE", "admin", 404, true},
		{"GET", "/api/v1/tokens", "admin", 200, true},
	} {
		h := http.Header{}
		if tc.who != "" {
			h.Set("Authorization", "Bearer "+e.tokens[tc.who])
		}
		resp, body := e.raw(tc.method, tc.path, h, nil)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s as %q: status %d, want %d: %.200s", tc.method, tc.path, tc.who, resp.StatusCode, tc.status, body)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s %s: X-Content-Type-Options %q, want nosniff", tc.method, tc.path, got)
		}
		if got := resp.Header.Get("Cache-Control"); tc.authenticated && got != "no-store" {
			t.Errorf("%s %s as %q: Cache-Control %q, want no-store", tc.method, tc.path, tc.who, got)
		}
	}
}

func TestTrailingSlashIsAProblemNotARedirect(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.seed("HY-2", benchmark.StateOpen)
	for _, path := range []string{"/api/v1/studies/", "/api/v1/studies/HY-2/", "/api/v1/studies/HY-2/status/", "/healthz/"} {
		h := http.Header{"Authorization": {"Bearer " + e.tokens["admin"]}}
		resp, body := e.raw("GET", path, h, nil)
		p := rawProblem(t, "GET "+path, resp, body, http.StatusNotFound)
		if p.Type != "urn:qbench:problem:not-found" || resp.Header.Get("Location") != "" {
			t.Errorf("GET %s: %+v, Location %q", path, p, resp.Header.Get("Location"))
		}
	}
}

func TestHeadAnswersOnGetRoutes(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.seed("HY-3", benchmark.StatePublished)
	for _, tc := range []struct {
		path, who string
		status    int
	}{
		{"/healthz", "", 200},
		{"/api/v1/openapi.json", "", 200},
		{"/api/v1/studies", "admin", 200},
		{"/api/v1/studies/HY-3", "reader", 200},
		{"/api/v1/studies/HY-3/profile", "reader", 200},
		{"/api/v1/studies/HY-3/results", "lab", 200},
		{"/api/v1/studies/HY-3/results", "reader", 403},
		{"/api/v1/studies", "", 401},
	} {
		h := http.Header{}
		if tc.who != "" {
			h.Set("Authorization", "Bearer "+e.tokens[tc.who])
		}
		get, getBody := e.raw("GET", tc.path, h, nil)
		head, headBody := e.raw("HEAD", tc.path, h, nil)
		if head.StatusCode != tc.status || get.StatusCode != tc.status {
			t.Errorf("HEAD %s as %q: %d (GET %d), want %d", tc.path, tc.who, head.StatusCode, get.StatusCode, tc.status)
		}
		if len(headBody) != 0 || len(getBody) == 0 {
			t.Errorf("HEAD %s: body of %d bytes (GET %d)", tc.path, len(headBody), len(getBody))
		}
		if head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: Content-Type %q, GET %q", tc.path, head.Header.Get("Content-Type"), get.Header.Get("Content-Type"))
		}
	}
	// Other methods are still not allowed where only GET is.
	resp, body := e.raw("DELETE", "/api/v1/studies/HY-3/status", http.Header{"Authorization": {"Bearer " + e.tokens["admin"]}}, nil)
	rawProblem(t, "DELETE status", resp, body, http.StatusMethodNotAllowed)
}

func TestUploadRefusesXMLAndMultipart(t *testing.T) {
	e := newEnv(t, api.Config{})
	s := e.seed("HY-4", benchmark.StateOpen)
	_, csvBody := resultsBody(s, "admin")
	for _, ct := range []string{
		"application/xml", "text/xml; charset=utf-8", "application/atom+xml",
		"multipart/form-data; boundary=xyz", "multipart/mixed; boundary=xyz",
	} {
		// The body itself would sniff as CSV: the declared type decides.
		r := e.do("POST", "/api/v1/studies/HY-4/results", "admin", ct, csvBody)
		p := r.must(t, http.StatusUnsupportedMediaType).problem(t)
		if p.Type != "urn:qbench:problem:unsupported-media-type" {
			t.Errorf("%s: %+v", ct, p)
		}
	}
	var st struct {
		ResultCount int `json:"result_count"`
	}
	e.do("GET", "/api/v1/studies/HY-4/status", "admin", "", nil).must(t, http.StatusOK).decode(t, &st)
	if st.ResultCount != len(s.design.Samples) {
		t.Errorf("refused uploads changed the results: %d stored, want %d", st.ResultCount, len(s.design.Samples))
	}
	// The same file as CSV is stored.
	e.do("POST", "/api/v1/studies/HY-4/results", "admin", "text/csv", csvBody).must(t, http.StatusCreated)
}

// TestPathsAndQueriesMustBeText sends NUL bytes, other control characters
// and invalid UTF-8 in paths and query strings: 400 naming the part, on
// SQLite and PostgreSQL alike (PostgreSQL answered 500 to a NUL byte).
func TestPathsAndQueriesMustBeText(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.seed("HY-5", benchmark.StateOpen)
	for _, tc := range []struct {
		method, path string
		names        string // what the English detail must name
	}{
		{"GET", "/api/v1/studies/HY%00-5", "path"},
		{"GET", "/api/v1/studies/HY%FF-5", "path"},
		{"GET", "/api/v1/studies/HY%1B-5/status", "path"},
		{"PUT", "/api/v1/studies/%00", "path"},
		{"GET", "/api/v1/studies?state=open%00", "query parameter state"},
		{"GET", "/api/v1/studies?state=%C3%28", "query parameter state"},
		{"GET", "/api/v1/audit?study=HY%00-5", "query parameter study"},
		{"POST", "/api/v1/studies/HY-5/results?filename=a%00.csv", "query parameter filename"},
		{"POST", "/api/v1/studies/HY-5/lifecycle?reason=%FF", "query parameter reason"},
		{"GET", "/api/v1/studies?%00=1", "query string"},
		{"GET", "/api/v1/studies?state=%ZZ", "query string"},
	} {
		h := http.Header{"Authorization": {"Bearer " + e.tokens["admin"]}}
		resp, body := e.raw(tc.method, tc.path, h, nil)
		p := rawProblem(t, tc.method+" "+tc.path, resp, body, http.StatusBadRequest)
		if p.Type != "urn:qbench:problem:invalid-request" || !strings.Contains(p.Detail, tc.names) {
			t.Errorf("%s %s: %+v, want the detail to name %s", tc.method, tc.path, p, tc.names)
		}
		h.Set("Accept-Language", "zh-CN")
		resp, body = e.raw(tc.method, tc.path, h, nil)
		if zh := rawProblem(t, tc.method+" "+tc.path+" (zh)", resp, body, http.StatusBadRequest); zh.Detail == p.Detail {
			t.Errorf("%s %s: the Chinese detail is the English one: %q", tc.method, tc.path, zh.Detail)
		}
	}
	// Nothing was changed by the refused requests.
	var st struct {
		State       string `json:"state"`
		ResultCount int    `json:"result_count"`
	}
	e.do("GET", "/api/v1/studies/HY-5/status", "admin", "", nil).must(t, http.StatusOK).decode(t, &st)
	if st.State != benchmark.StateOpen {
		t.Errorf("state %s after refused requests", st.State)
	}
}

// TestProblemLanguage checks that problems are worded in the request's
// language: Chinese without Accept-Language or when it prefers Chinese,
// English when it prefers English or names no language qbench has.
func TestProblemLanguage(t *testing.T) {
	e := newEnv(t, api.Config{})
	en := "this endpoint needs an API token: send Authorization: Bearer TOKEN (tokens come from qbench token create)"
	zh := "此接口需要 API 令牌：请发送 Authorization: Bearer TOKEN（令牌由 qbench token create 生成）"
	for _, tc := range []struct{ accept, want string }{
		{"", zh},
		{"zh-CN,zh;q=0.9", zh},
		{"en-GB,en;q=0.8", en},
		{"fr-FR,de;q=0.5", en},
		{"fr, zh;q=0.1", zh},
		{"zh;q=0.3, en;q=0.7", en},
		{"en;q=0, zh;q=0", en},
	} {
		h := http.Header{}
		if tc.accept != "" {
			h.Set("Accept-Language", tc.accept)
		} else {
			h["Accept-Language"] = nil // the test client sends en otherwise
		}
		resp, body := e.raw("GET", "/api/v1/studies", h, nil)
		p := rawProblem(t, "Accept-Language "+tc.accept, resp, body, http.StatusUnauthorized)
		if p.Detail != tc.want {
			t.Errorf("Accept-Language %q: detail %q, want %q", tc.accept, p.Detail, tc.want)
		}
		var title struct{ Title string }
		_ = json.Unmarshal(body, &title)
		if wantTitle := map[bool]string{true: "未认证", false: "Unauthorized"}[tc.want == zh]; title.Title != wantTitle {
			t.Errorf("Accept-Language %q: title %q, want %q", tc.accept, title.Title, wantTitle)
		}
	}
	// Store, policy and validation messages are worded alike.
	e.seed("HY-7", benchmark.StateOpen)
	for _, tc := range []struct {
		method, path, who, ctype, body string
		status                         int
		zh, en                         string
	}{
		{"GET", "/api/v1/studies/NOPE", "admin", "", "", 404, "未找到研究 NOPE", "study NOPE not found"},
		{"POST", "/api/v1/studies/HY-7/reports", "reader", "", "", 403, "只读用户令牌无权生成报告", "a reader token may not render a report"},
		{"POST", "/api/v1/studies/HY-7/reports?lang=fr", "admin", "", "", 400, "报告语言须为 zh 或 en，不能是 \"fr\"", `lang must be zh or en, not "fr"`},
		{"POST", "/api/v1/tokens", "admin", "application/json", `{"name":"x","role":"lab"}`, 422, "实验室令牌须指定所属实验室的代码", "a lab token needs the code of its lab"},
		{"PUT", "/api/v1/studies/HY-7", "admin", "application/json", `{`, 400, "请求体不是有效的 JSON", "the body is not"},
		{"PATCH", "/api/v1/studies/HY-7", "admin", "application/merge-patch+json", `{"title_en": "x"}`, 409,
			"研究 HY-7 处于“开放”状态：研究开放后设计即冻结，不可修改", "study HY-7 is open: its design is frozen once the study opens"},
	} {
		for lang, want := range map[string]string{"zh-CN": tc.zh, "en": tc.en} {
			h := http.Header{"Accept-Language": {lang}, "Authorization": {"Bearer " + e.tokens[tc.who]}}
			if tc.ctype != "" {
				h.Set("Content-Type", tc.ctype)
			}
			resp, body := e.raw(tc.method, tc.path, h, []byte(tc.body))
			if p := rawProblem(t, tc.method+" "+tc.path+" "+lang, resp, body, tc.status); !strings.HasPrefix(p.Detail, want) {
				t.Errorf("%s %s in %s: detail %q, want %q", tc.method, tc.path, lang, p.Detail, want)
			}
		}
	}
}

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestCancelledRequestIsLoggedAs499 holds the gate for heavy work so that a
// report request waits, cancels it from the client, and checks that the
// server logs it as cancelled (not ERROR) and counts it with status 499.
func TestCancelledRequestIsLoggedAs499(t *testing.T) {
	var logs lockedBuffer
	e := newEnv(t, api.Config{ReportConcurrency: 1, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	e.seed("HY-6", benchmark.StateClosed)
	gate := e.server.Study().Gate()
	if err := gate.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer gate.Release()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", e.url+"/api/v1/studies/HY-6/reports", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for gate.Waiting() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the report request never waited for the gate")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("client: %v", err)
	}
	for !strings.Contains(logs.String(), "cancelled") {
		if time.Now().After(deadline) {
			t.Fatalf("no cancelled request in the log:\n%s", logs.String())
		}
		time.Sleep(time.Millisecond)
	}
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "route=/api/v1/studies/:code/reports") {
			line = l
		}
	}
	if !strings.Contains(line, "level=INFO") || !strings.Contains(line, "status=499") || !strings.Contains(line, "cancelled") {
		t.Errorf("log line: %s", line)
	}
	_, body := e.raw("GET", "/metrics", http.Header{}, nil)
	if !strings.Contains(string(body), `qbench_http_requests_total{method="POST",route="/api/v1/studies/:code/reports",status="499"} 1`) {
		t.Errorf("no 499 in the metrics:\n%s", grepLines(string(body), "requests_total"))
	}
	if list, err := e.store.FindReports(context.Background(), "HY-6"); err != nil || len(list) != 1 {
		t.Errorf("the cancelled request stored a report: %d reports (%v)", len(list), err) // the seed's one
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
