package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/metrics"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
)

func init() { gin.SetMode(gin.TestMode) }

// env is a qbench server on a loopback port with a fresh database and one
// token of every kind.
type env struct {
	t     *testing.T
	url   string
	store *store.Store
	// tokens by name: admin, lab (lab SCTQ), otherlab (lab OTHER), reader,
	// revoked (a revoked admin token).
	tokens map[string]string
	server *api.Server
	// metrics is the server's recorder (unless the test gave its own).
	metrics *metrics.Recorder
	// contract is the served OpenAPI description; do checks every request
	// and response against it.
	contract *contract
}

func newEnv(t *testing.T, cfg api.Config) *env {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	rec := metrics.New(st.DB(), metrics.BuildInfo{Version: "test", Commit: "none", BuildDate: "unknown"})
	if cfg.Metrics == nil {
		cfg.Metrics = rec
	}
	if cfg.MetricsHandler == nil {
		cfg.MetricsHandler = rec.Handler()
	}
	srv := api.New(st, cfg)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	e := &env{t: t, url: hs.URL, store: st, server: srv, metrics: rec, contract: theContract(t), tokens: map[string]string{}}
	for _, tok := range []struct{ name, role, lab string }{
		{"admin", auth.RoleAdmin, ""}, {"lab", auth.RoleLab, "SCTQ"}, {"otherlab", auth.RoleLab, "OTHER"},
		{"reader", auth.RoleReader, ""}, {"revoked", auth.RoleAdmin, ""},
	} {
		secret, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		created, err := st.CreateToken(context.Background(), tok.name, tok.role, tok.lab, secret, auth.System)
		if err != nil {
			t.Fatal(err)
		}
		if tok.name == "revoked" {
			if _, err := st.RevokeToken(context.Background(), created.ID, auth.System); err != nil {
				t.Fatal(err)
			}
		}
		e.tokens[tok.name] = secret
	}
	return e
}

// response is a finished request.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends a request as the named token holder ("" for none), and checks
// the request and the response against the OpenAPI description.
func (e *env) do(method, path, who, contentType string, body []byte) *response {
	e.t.Helper()
	header := http.Header{}
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	if who != "" {
		header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	resp, b := e.raw(method, path, header, body)
	if resp.StatusCode >= 400 && resp.Header.Get("Content-Type") != "application/problem+json" {
		e.t.Errorf("%s %s: error %d answered as %q, want application/problem+json", method, path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, p := range e.contract.check(method, e.url+path, header, body, resp.StatusCode, resp.Header, b) {
		e.t.Error(p)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}
}

// raw sends a request and returns the response with its body read.
func (e *env) raw(method, path string, header http.Header, body []byte) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header = header.Clone()
	// The tests read details in English; a request without
	// Accept-Language is answered in Chinese (hygiene_test.go checks that).
	if v, set := req.Header["Accept-Language"]; !set {
		req.Header.Set("Accept-Language", "en")
	} else if v == nil {
		req.Header.Del("Accept-Language") // a test of the default language
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, b
}

func (e *env) postJSON(path, who string, v any) *response {
	e.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do("POST", path, who, "application/json", b)
}

// must fails the test unless the response has the wanted status.
func (r *response) must(t *testing.T, status int) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

// setState moves a study through the lifecycle as admin.
func (e *env) setState(code string, states ...string) {
	e.t.Helper()
	for _, s := range states {
		e.postJSON("/api/v1/studies/"+code+"/lifecycle", "admin", map[string]string{"state": s, "reason": "test"}).must(e.t, http.StatusOK)
	}
}

// createStudy posts a fixture design and returns it.
func (e *env) createStudy(code string, samplesPerRegion int) *benchmark.Design {
	e.t.Helper()
	d := fixture.Design(code, samplesPerRegion)
	e.postJSON("/api/v1/studies", "admin", d).must(e.t, http.StatusCreated)
	return d
}

// problem is the body of an error response.
type problem struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field  string `json:"field"`
		Row    int    `json:"row"`
		Column string `json:"column"`
		Reason string `json:"reason"`
	} `json:"errors"`
}

func (r *response) problem(t *testing.T) problem {
	t.Helper()
	var p problem
	r.decode(t, &p)
	if p.Status != r.status || !strings.HasPrefix(p.Type, "urn:qbench:problem:") || p.Detail == "" {
		t.Errorf("problem body %s does not match status %d", r.body, r.status)
	}
	return p
}

func TestHealth(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.do("GET", "/healthz", "", "", nil).must(t, http.StatusOK)
	r := e.do("GET", "/readyz", "", "", nil).must(t, http.StatusOK)
	if r.header.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID header")
	}
	e.do("GET", "/api/v1/nothing", "admin", "", nil).must(t, http.StatusNotFound).problem(t)
	e.do("DELETE", "/api/v1/studies", "admin", "", nil).must(t, http.StatusMethodNotAllowed).problem(t)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mustJSONNoT encodes values that cannot fail to encode.
func mustJSONNoT(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
