package httpx_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/i18n"
)

type observation struct {
	route, method string
	status        int
}

type metrics struct {
	mu  sync.Mutex
	obs []observation
}

func (m *metrics) ObserveRequest(route, method string, status int, _ time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.obs = append(m.obs, observation{route, method, status})
}

func (m *metrics) all() []observation {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]observation(nil), m.obs...)
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCancelledRequestIs499 cancels a request while its handler runs: the
// log line says cancelled at INFO (not ERROR) and the metrics count 499,
// whatever the handler answered.
func TestCancelledRequestIs499(t *testing.T) {
	started, finished := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.InfoFrom(r.Context()).SetRoute("/slow")
		close(started)
		<-r.Context().Done() // the client goes away
		httpx.InfoFrom(r.Context()).AddError(r.Context().Err())
		w.WriteHeader(http.StatusInternalServerError)
	})
	var logs syncBuffer
	m := &metrics{}
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	wrapped := httpx.Wrap(h, httpx.Options{Logger: logger, Metrics: m})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(finished)
		wrapped.ServeHTTP(w, r)
	}))
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/slow", nil)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-started
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("client: %v", err)
	}
	<-finished
	obs := m.all()
	if len(obs) != 1 || obs[0] != (observation{"/slow", "GET", httpx.StatusClientClosed}) {
		t.Errorf("metrics = %+v, want one 499 on /slow", obs)
	}
	line := logs.String()
	if !strings.Contains(line, "level=INFO") || !strings.Contains(line, "cancelled") || !strings.Contains(line, "status=499") {
		t.Errorf("log = %s", line)
	}
}

func TestWrapAnswersAndLogs(t *testing.T) {
	var logs syncBuffer
	m := &metrics{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/panic":
			panic("boom")
		case "/lang":
			io.WriteString(w, string(httpx.InfoFrom(r.Context()).Lang))
		default:
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "hello")
		}
	})
	srv := httptest.NewServer(httpx.Wrap(h, httpx.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Metrics: m}))
	defer srv.Close()

	get := func(method, path string, header map[string]string) (*http.Response, string) {
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get("GET", "/hello", map[string]string{"X-Request-ID": "abc-1"})
	if body != "hello" || resp.Header.Get("X-Request-ID") != "abc-1" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET: %q %v", body, resp.Header)
	}
	// A forged request id (a log line in it) is replaced.
	resp, _ = get("GET", "/hello", map[string]string{"X-Request-ID": "x\" level=ERROR"})
	if id := resp.Header.Get("X-Request-ID"); len(id) != 16 {
		t.Errorf("request id %q", id)
	}
	resp, body = get("HEAD", "/hello", nil)
	if resp.StatusCode != 200 || body != "" || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("HEAD: %d %q", resp.StatusCode, body)
	}
	resp, body = get("GET", "/panic", map[string]string{"Accept-Language": "en"})
	if resp.StatusCode != 500 || resp.Header.Get("Content-Type") != httpx.MediaTypeProblem ||
		!strings.Contains(body, "quote the request id") {
		t.Errorf("panic: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "panic: boom") || !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("panic not logged: %s", logs.String())
	}
	for accept, want := range map[string]string{"": "zh", "en-US": "en", "fr": "en", "zh-TW, en;q=0.5": "zh", "de, en;q=0.2": "en"} {
		if _, body := get("GET", "/lang", map[string]string{"Accept-Language": accept}); body != want {
			t.Errorf("Accept-Language %q: %s, want %s", accept, body, want)
		}
	}
	resp, body = get("GET", "/a%00b", map[string]string{"Accept-Language": "en"})
	if resp.StatusCode != 400 || !strings.Contains(body, "the path is not valid text") {
		t.Errorf("NUL in path: %d %s", resp.StatusCode, body)
	}
	for _, o := range m.all() {
		if o.route != "unmatched" {
			t.Errorf("route %q reported for a handler that named none", o.route)
		}
	}
}

type fixed struct {
	actor auth.Actor
	err   error
}

func (f fixed) Authenticate(*http.Request) (auth.Actor, error) { return f.actor, f.err }

func TestAuthenticateChain(t *testing.T) {
	admin := auth.Actor{Name: "a", Role: auth.RoleAdmin}
	bearer := httpx.Bearer{Lookup: func(_ context.Context, token string) (auth.Actor, error) {
		if token == "good" {
			return admin, nil
		}
		return auth.Actor{}, httpx.ErrBadCredentials
	}}
	for _, tc := range []struct {
		name   string
		chain  httpx.Chain
		header string
		want   auth.Actor
		err    error
	}{
		{"no header", httpx.Chain{bearer}, "", auth.Actor{}, httpx.ErrNoCredentials},
		{"good bearer", httpx.Chain{bearer}, "Bearer good", admin, nil},
		{"lower-case scheme, spaces", httpx.Chain{bearer}, "bearer  good ", admin, nil},
		{"bad bearer", httpx.Chain{bearer}, "Bearer bad", auth.Actor{}, httpx.ErrBadCredentials},
		{"basic is not bearer", httpx.Chain{bearer}, "Basic Zm9v", auth.Actor{}, httpx.ErrNoCredentials},
		{"cookie first, then bearer", httpx.Chain{fixed{err: httpx.ErrNoCredentials}, bearer}, "Bearer good", admin, nil},
		{"first with credentials decides", httpx.Chain{fixed{err: httpx.ErrBadCredentials}, bearer}, "Bearer good", auth.Actor{}, httpx.ErrBadCredentials},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if tc.header != "" {
			r.Header.Set("Authorization", tc.header)
		}
		w := httptest.NewRecorder()
		r2, err := httpx.Authenticate(tc.chain, w, r)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.err)
		}
		got, ok := httpx.ActorFrom(r2.Context())
		if got != tc.want || ok != (tc.err == nil) {
			t.Errorf("%s: actor %+v %v", tc.name, got, ok)
		}
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: no Cache-Control: no-store", tc.name)
		}
	}
}

func TestWordUsesTheRequestLanguage(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if got := httpx.Word(r, i18n.M("httpx.bad_path")); !strings.Contains(got, "路径") {
		t.Errorf("outside the plumbing: %q, want the default (Chinese)", got)
	}
}

func TestNoSniffAlone(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.NoSniff(http.NotFoundHandler()).ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Code != 404 {
		t.Errorf("NoSniff: %d %v", w.Code, w.Header())
	}
}
