package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/auth"
)

const demoCode = "BZ-GT-2016"

// TestWithoutSessionToLogin: every page without a session sends to /login
// (htmx requests by HX-Redirect), and a wrong token opens none.
func TestWithoutSessionToLogin(t *testing.T) {
	e := newEnv(t)
	e.loadDemo(benchmark.StateClosed)
	c := e.client()
	for _, path := range []string{"/", "/studies", "/studies/new", "/studies/" + demoCode + "/profile", "/studies/" + demoCode + "/reports", "/nowhere"} {
		resp, _ := c.get(path)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("GET %s without a session: %d → %q", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, _ := c.do("GET", "/studies", nil, map[string]string{"HX-Request": "true"})
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("HX-Redirect") != "/login?next=%2Fstudies" {
		t.Errorf("htmx request without a session: %d, HX-Redirect %q", resp.StatusCode, resp.Header.Get("HX-Redirect"))
	}
	resp, body := c.post("/login", url.Values{"token": {"qb_not_a_token"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "令牌不存在或已被吊销") {
		t.Errorf("wrong token: %d", resp.StatusCode)
	}
	resp, _ = c.post("/studies/"+demoCode+"/state", url.Values{"to": {"published"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("POST without a session: %d", resp.StatusCode)
	}
	st, err := e.store.FindStudyByCode(context.Background(), demoCode)
	if err != nil || st.State != benchmark.StateClosed {
		t.Fatalf("a POST without a session changed the study: %v %v", st.State, err)
	}
}

// TestSessionCookieAndLogout: the session cookie is HttpOnly and SameSite;
// logout ends the session on the server (a copied cookie opens nothing),
// and so does revoking the token.
func TestSessionCookieAndLogout(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	resp, _ := c.post("/login", url.Values{"token": {e.admin}, "next": {"/studies?state=open"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/studies?state=open" {
		t.Fatalf("login: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "qbench_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Value == e.admin {
		t.Fatalf("session cookie %+v", session)
	}
	if resp, _ := c.get("/studies"); resp.StatusCode != http.StatusOK {
		t.Fatalf("studies after login: %d", resp.StatusCode)
	}
	// An open redirect is refused: next stays inside the console.
	resp, _ = e.client().post("/login", url.Values{"token": {e.admin}, "next": {"//evil.example/x"}})
	if resp.Header.Get("Location") != "/studies" {
		t.Errorf("next=//evil.example: → %q", resp.Header.Get("Location"))
	}

	copied := e.client()
	u, _ := url.Parse(e.url)
	copied.jar.SetCookies(u, []*http.Cookie{{Name: "qbench_session", Value: session.Value}})
	if resp, _ := copied.get("/studies"); resp.StatusCode != http.StatusOK {
		t.Fatalf("copied cookie before logout: %d", resp.StatusCode)
	}
	if resp, _ := c.post("/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if resp, _ := copied.get("/studies"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("copied cookie after logout: %d, want a redirect to /login", resp.StatusCode)
	}

	r := e.client()
	r.login(e.reader)
	toks, err := e.store.FindTokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range toks {
		if tok.Role == auth.RoleReader {
			if _, err := e.store.RevokeToken(context.Background(), tok.ID, auth.System); err != nil {
				t.Fatal(err)
			}
		}
	}
	if resp, _ := r.get("/studies"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("session of a revoked token: %d, want a redirect to /login", resp.StatusCode)
	}
}

// TestCrossSiteRefused: a POST another site makes the browser send is
// refused before it reaches a handler, session or not.
func TestCrossSiteRefused(t *testing.T) {
	e := newEnv(t)
	e.loadDemo(benchmark.StateClosed)
	c := e.client()
	c.login(e.admin)
	for _, hdr := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
		{"Sec-Fetch-Site": "", "Origin": "https://evil.example"}, // an older browser: no Sec-Fetch-Site
	} {
		resp, body := c.do("POST", "/studies/"+demoCode+"/state", url.Values{"to": {"published"}}, hdr)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "请求来自其他网站") {
			t.Errorf("cross-site POST %v: %d, want 403", hdr, resp.StatusCode)
		}
	}
	st, err := e.store.FindStudyByCode(context.Background(), demoCode)
	if err != nil || st.State != benchmark.StateClosed {
		t.Fatalf("a cross-site POST changed the study: %v %v", st.State, err)
	}
}

// TestLanguage: Chinese by default, English by Accept-Language, and the
// switch's cookie over both.
func TestLanguage(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	_, body := c.get("/login")
	if !strings.Contains(body, `lang="zh-CN"`) || !strings.Contains(body, "访问令牌") {
		t.Errorf("default login page is not Chinese")
	}
	_, body = c.do("GET", "/login", nil, map[string]string{"Accept-Language": "en-GB,en;q=0.9"})
	if !strings.Contains(body, "Access token") {
		t.Errorf("Accept-Language: en did not give English")
	}
	resp, _ := c.get("/lang/en?next=/login")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", resp.StatusCode)
	}
	_, body = c.do("GET", "/login", nil, map[string]string{"Accept-Language": "zh-CN"})
	if !strings.Contains(body, "Access token") || !strings.Contains(body, `lang="en"`) {
		t.Errorf("the switch's cookie did not win over Accept-Language")
	}
}
