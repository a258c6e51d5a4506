package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/console"
	"github.com/qbench/qbench/internal/httpx"
	"github.com/qbench/qbench/internal/store"
	"github.com/qbench/qbench/internal/store/storetest"
	"github.com/qbench/qbench/internal/study"
)

// env is a real qbench server on a loopback port (API and console mounted
// as qbench serve mounts them) over a real database, with one token per
// role. The lab token is the green-tea demo study's lab.
type env struct {
	t       testing.TB
	url     string
	store   *store.Store
	study   *study.Service
	admin   string
	lab     string
	other   string // a lab token of another lab
	reader  string
	labCode string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, api.Config{}, console.Config{})
}

// newEnvWith is newEnv with the API's and the console's settings (their
// loggers are quiet).
func newEnvWith(t testing.TB, apiCfg api.Config, conCfg console.Config) *env {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	apiCfg.Logger, conCfg.Logger = quiet, quiet
	srv := api.New(st, apiCfg)
	con, err := console.New(st, srv.Study(), conCfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(httpx.Mount(srv.Handler(), con.Handler()))
	t.Cleanup(ts.Close)
	e := &env{t: t, url: ts.URL, store: st, study: srv.Study()}
	d := demoDesign(t)
	e.labCode = d.Lab.Code
	e.admin = e.token("bureau", auth.RoleAdmin, "")
	e.lab = e.token("lims", auth.RoleLab, e.labCode)
	e.other = e.token("elsewhere", auth.RoleLab, "OTHERLAB")
	e.reader = e.token("association", auth.RoleReader, "")
	return e
}

func (e *env) token(name, role, lab string) string {
	e.t.Helper()
	secret, err := auth.NewToken()
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.CreateToken(context.Background(), name, role, lab, secret, auth.System); err != nil {
		e.t.Fatal(err)
	}
	return secret
}

func demoDesign(t testing.TB) *benchmark.Design {
	t.Helper()
	d, err := benchmark.ParseDesign(examples.GreenTeaDesign)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// loadDemo stores the green-tea demo study as qbench demo does — results
// and findings — and leaves it in the given state (open or later).
func (e *env) loadDemo(state string) *benchmark.Design {
	e.t.Helper()
	return e.loadDemoFrom(examples.GreenTeaDesign, state)
}

// loadDemoFrom is loadDemo with a design of one's own (the demo's, changed).
func (e *env) loadDemoFrom(design []byte, state string) *benchmark.Design {
	e.t.Helper()
	ctx := context.Background()
	d, err := benchmark.ParseDesign(design)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.CreateStudy(ctx, d, auth.System); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.SetState(ctx, d.Code, benchmark.StateOpen, auth.System, ""); err != nil {
		e.t.Fatal(err)
	}
	if state == benchmark.StateOpen {
		return d
	}
	admin := auth.Actor{Name: "bureau", Role: auth.RoleAdmin}
	if _, err := e.study.Upload(ctx, admin, d.Code, strings.NewReader(string(examples.GreenTeaResults)),
		study.UploadOptions{Filename: "results.csv"}); err != nil {
		e.t.Fatal(err)
	}
	f, err := benchmark.ParseFindings(examples.GreenTeaFindings, d)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.SetState(ctx, d.Code, benchmark.StateClosed, auth.System, ""); err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.PutFindings(ctx, d.Code, f, auth.System); err != nil {
		e.t.Fatal(err)
	}
	if state == benchmark.StatePublished {
		if _, err := e.store.SetState(ctx, d.Code, benchmark.StatePublished, auth.System, ""); err != nil {
			e.t.Fatal(err)
		}
	}
	return d
}

// client is a browser-like HTTP client: a cookie jar, no automatic
// redirects (the tests look at them), and the headers a browser sends on
// a same-origin form post.
type client struct {
	e   *env
	c   *http.Client
	jar *cookiejar.Jar
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, jar: jar, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) do(method, path string, form url.Values, hdr map[string]string) (*http.Response, string) {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.url+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", c.e.url)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for k, v := range hdr { // "" removes a header
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return resp, string(b)
}

func (c *client) get(path string) (*http.Response, string) { return c.do("GET", path, nil, nil) }

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	return c.do("POST", path, form, nil)
}

// login signs in with a token and fails the test unless a session starts.
func (c *client) login(token string) {
	c.e.t.Helper()
	resp, body := c.post("/login", url.Values{"token": {token}})
	if resp.StatusCode != http.StatusSeeOther {
		c.e.t.Fatalf("login: %d %s", resp.StatusCode, body)
	}
}
