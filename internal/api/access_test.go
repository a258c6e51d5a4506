package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/auth"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/store"
)

var states = []string{benchmark.StateDraft, benchmark.StateOpen, benchmark.StateClosed, benchmark.StatePublished}

// seeded is a study prepared for one access case.
type seeded struct {
	code   string
	design *benchmark.Design
	blind  map[string]string
	report string // id of a stored report ("" in draft)
}

// seed makes a study in the given state through the store: with results,
// findings and a report wherever the lifecycle allows them. The open state
// is reached by reopening a closed study, so that it has a report too.
func (e *env) seed(code, state string) seeded {
	e.t.Helper()
	ctx := context.Background()
	sys := auth.System
	d := fixture.Design(code, 2)
	s := seeded{code: code, design: d}
	must := func(err error) {
		e.t.Helper()
		if err != nil {
			e.t.Fatalf("seed %s in %s: %v", code, state, err)
		}
	}
	_, err := e.store.CreateStudy(ctx, d, sys)
	must(err)
	if state == benchmark.StateDraft {
		return s
	}
	st, err := e.store.SetState(ctx, code, benchmark.StateOpen, sys, "")
	must(err)
	s.blind = st.BlindCodes
	var rs []benchmark.Result
	for _, smp := range d.Samples {
		v := 1.5
		rs = append(rs, benchmark.Result{Sample: smp.Code, Indicator: "water_extract", Replicate: 1, Reported: "1.5", Value: &v,
			Unit: "%", Method: d.Indicators[0].Method, Lab: "SCTQ"})
	}
	_, err = e.store.SaveResults(ctx, code, rs, store.Upload{Format: "csv", Actor: sys})
	must(err)
	must(e.store.PutFindings(ctx, code, &benchmark.Findings{Conclusions: []benchmark.Text{benchmark.PlainText("ok")}}, sys))
	_, err = e.store.SetState(ctx, code, benchmark.StateClosed, sys, "one indicator suffices for access tests")
	must(err)
	rep, err := e.store.CreateReport(ctx, code, "zh", []byte("%PDF-1.4\n%%EOF\n"), []byte("{}"), sys)
	must(err)
	s.report = rep.ID
	switch state {
	case benchmark.StateOpen:
		_, err = e.store.SetState(ctx, code, benchmark.StateOpen, sys, "reopened for the test")
	case benchmark.StatePublished:
		_, err = e.store.SetState(ctx, code, benchmark.StatePublished, sys, "")
	}
	must(err)
	return s
}

// accessCase is one endpoint with the status every caller gets in each
// state (draft, open, closed, published). Callers without a valid token
// (none, revoked) always get 401.
type accessCase struct {
	name   string
	method string
	path   string // {code} and {report} are filled in
	body   func(s seeded, who string) (contentType string, body []byte)
	want   map[string][4]int
}

func designBody(s seeded, _ string) (string, []byte) {
	b := mustJSONNoT(s.design)
	return "application/json", b
}

func resultsBody(s seeded, who string) (string, []byte) {
	sample := s.design.Samples[0].Code
	if who == "lab" || who == "otherlab" {
		sample = s.blind[sample]
	}
	ind := s.design.Indicators[1]
	return "text/csv", []byte(fmt.Sprintf("%s\n%s,%s,ND,%s,%s,SCTQ,,1,,\n", csvHeader, sample, ind.Code, ind.Unit, ind.Method))
}

func nextStateBody(state string) func(seeded, string) (string, []byte) {
	next := map[string]string{"draft": "open", "open": "closed", "closed": "published", "published": "closed"}[state]
	return func(seeded, string) (string, []byte) {
		return "application/json", []byte(`{"state": "` + next + `", "reason": "access test"}`)
	}
}

func findingsBody(seeded, string) (string, []byte) {
	return "application/json", []byte(`{"conclusions": ["巴中绿茶富硒"], "recommendations": ["加强农残管控"]}`)
}

// TestAccessMatrix calls every study endpoint as every kind of caller in
// every lifecycle state through the real server, each case on a study of
// its own, and checks the status: 401 without a valid token, 403 for a role
// that may not act, 404 for what the caller may not see.
func TestAccessMatrix(t *testing.T) {
	e := newEnv(t, api.Config{})
	const (
		ok, created, forbidden, notFound, conflict = 200, 201, 403, 404, 409
	)
	all403 := [4]int{forbidden, forbidden, forbidden, forbidden}
	cases := []accessCase{
		{name: "get study", method: "GET", path: "/api/v1/studies/{code}", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": {notFound, ok, ok, ok}, "otherlab": {notFound, notFound, notFound, notFound},
			"reader": {notFound, notFound, notFound, ok}}},
		{name: "study status", method: "GET", path: "/api/v1/studies/{code}/status", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": {notFound, ok, ok, ok}, "otherlab": {notFound, notFound, notFound, notFound},
			"reader": {notFound, notFound, notFound, ok}}},
		{name: "study samples", method: "GET", path: "/api/v1/studies/{code}/samples", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": {notFound, ok, ok, ok}, "otherlab": {notFound, notFound, notFound, notFound}, "reader": all403}},
		{name: "replace design", method: "PUT", path: "/api/v1/studies/{code}", body: designBody, want: map[string][4]int{
			"admin": {ok, conflict, conflict, conflict}, "lab": all403, "otherlab": all403, "reader": all403}},
		{name: "patch design", method: "PATCH", path: "/api/v1/studies/{code}", body: func(seeded, string) (string, []byte) {
			return "application/merge-patch+json", []byte(`{"title_en": "x"}`)
		}, want: map[string][4]int{"admin": {ok, conflict, conflict, conflict}, "lab": all403, "otherlab": all403, "reader": all403}},
		{name: "upload results", method: "POST", path: "/api/v1/studies/{code}/results", body: resultsBody, want: map[string][4]int{
			"admin": {conflict, created, conflict, conflict}, "lab": {notFound, created, conflict, conflict},
			"otherlab": {notFound, notFound, notFound, notFound}, "reader": all403}},
		{name: "export results", method: "GET", path: "/api/v1/studies/{code}/results", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": {notFound, ok, ok, ok}, "otherlab": {notFound, notFound, notFound, notFound}, "reader": all403}},
		{name: "study audit", method: "GET", path: "/api/v1/studies/{code}/audit", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": all403, "otherlab": all403, "reader": all403}},
		{name: "profile", method: "GET", path: "/api/v1/studies/{code}/profile", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": all403, "otherlab": all403, "reader": {notFound, notFound, notFound, ok}}},
		{name: "get findings", method: "GET", path: "/api/v1/studies/{code}/findings", want: map[string][4]int{
			"admin": {notFound, ok, ok, ok}, "lab": all403, "otherlab": all403, "reader": {notFound, notFound, notFound, ok}}},
		{name: "put findings", method: "PUT", path: "/api/v1/studies/{code}/findings", body: findingsBody, want: map[string][4]int{
			"admin": {conflict, ok, ok, conflict}, "lab": all403, "otherlab": all403, "reader": all403}},
		{name: "create report", method: "POST", path: "/api/v1/studies/{code}/reports?lang=en", want: map[string][4]int{
			"admin": {conflict, conflict, created, created}, "lab": all403, "otherlab": all403, "reader": all403}},
		{name: "list reports", method: "GET", path: "/api/v1/studies/{code}/reports", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": all403, "otherlab": all403, "reader": {notFound, notFound, notFound, ok}}},
		{name: "download report", method: "GET", path: "/api/v1/reports/{report}", want: map[string][4]int{
			"admin": {ok, ok, ok, ok}, "lab": all403, "otherlab": all403, "reader": {notFound, notFound, notFound, ok}}},
	}
	n := 0
	for _, tc := range cases {
		for si, state := range states {
			for _, who := range []string{"admin", "lab", "otherlab", "reader", "none", "revoked"} {
				if state == benchmark.StateDraft && strings.Contains(tc.path, "{report}") {
					continue // a draft study has no report
				}
				want := 401
				if w, ok := tc.want[who]; ok {
					want = w[si]
				}
				n++
				s := e.seed(fmt.Sprintf("AC%03d", n), state)
				path := strings.NewReplacer("{code}", s.code, "{report}", s.report).Replace(tc.path)
				var ctype string
				var body []byte
				if tc.body != nil {
					ctype, body = tc.body(s, who)
				}
				tok := who
				if who == "none" {
					tok = ""
				}
				r := e.do(tc.method, path, tok, ctype, body)
				if r.status != want {
					t.Errorf("%s as %s in %s: status %d, want %d: %.200s", tc.name, who, state, r.status, want, r.body)
				}
			}
		}
	}
	// Lifecycle moves: only admins, in every state.
	for _, state := range states {
		for _, who := range []string{"admin", "lab", "otherlab", "reader", "none", "revoked"} {
			want := map[string]int{"admin": ok, "none": 401, "revoked": 401}[who]
			if want == 0 {
				want = forbidden
			}
			n++
			s := e.seed(fmt.Sprintf("AC%03d", n), state)
			ctype, body := nextStateBody(state)(s, who)
			tok := who
			if who == "none" {
				tok = ""
			}
			if r := e.do("POST", "/api/v1/studies/"+s.code+"/lifecycle", tok, ctype, body); r.status != want {
				t.Errorf("lifecycle as %s in %s: status %d, want %d: %.200s", who, state, r.status, want, r.body)
			}
		}
	}
	t.Logf("%d access cases", n)
}

// TestStudyListShowsOnlyWhatTheCallerMaySee checks the list's filtering.
func TestStudyListShowsOnlyWhatTheCallerMaySee(t *testing.T) {
	e := newEnv(t, api.Config{})
	for _, state := range states {
		e.seed("L-"+state, state)
	}
	other := fixture.Design("L-other", 2)
	other.Lab.Code = "OTHER"
	if _, err := e.store.CreateStudy(context.Background(), other, auth.System); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.SetState(context.Background(), "L-other", benchmark.StateOpen, auth.System, ""); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"admin":    "L-closed L-draft L-open L-other L-published",
		"lab":      "L-closed L-open L-published",
		"otherlab": "L-other",
		"reader":   "L-published",
	}
	for who, codes := range want {
		var list struct {
			Studies []struct{ Code, Title string }
			Total   int
		}
		e.do("GET", "/api/v1/studies", who, "", nil).must(t, http.StatusOK).decode(t, &list)
		var got []string
		for _, s := range list.Studies {
			got = append(got, s.Code)
			if (who == "lab" || who == "otherlab") && s.Title != "" {
				t.Errorf("%s sees title %q", who, s.Title)
			}
		}
		if strings.Join(got, " ") != codes || list.Total != len(got) {
			t.Errorf("%s lists %v (total %d), want %s", who, got, list.Total, codes)
		}
	}
	e.do("GET", "/api/v1/studies?state=draft", "reader", "", nil).must(t, http.StatusOK)
	e.do("GET", "/api/v1/studies", "", "", nil).must(t, http.StatusUnauthorized)
	e.do("GET", "/api/v1/studies", "revoked", "", nil).must(t, http.StatusUnauthorized)
}

func TestTokensAPI(t *testing.T) {
	e := newEnv(t, api.Config{})
	for _, who := range []string{"lab", "reader"} {
		e.do("GET", "/api/v1/tokens", who, "", nil).must(t, http.StatusForbidden)
		e.postJSON("/api/v1/tokens", who, map[string]string{"name": "x", "role": "admin"}).must(t, http.StatusForbidden)
	}
	var created struct {
		ID    int64
		Token string
		Role  string
	}
	e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "cnca", "role": "reader"}).must(t, http.StatusCreated).decode(t, &created)
	if !strings.HasPrefix(created.Token, "qb_") || created.Role != "reader" {
		t.Fatalf("created = %+v", created)
	}
	e.tokens["cnca"] = created.Token
	e.do("GET", "/api/v1/studies", "cnca", "", nil).must(t, http.StatusOK)
	list := e.do("GET", "/api/v1/tokens", "admin", "", nil).must(t, http.StatusOK)
	if strings.Contains(string(list.body), created.Token) {
		t.Error("token list shows a secret")
	}
	e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "x", "role": "lab"}).must(t, http.StatusUnprocessableEntity)
	e.do("DELETE", fmt.Sprintf("/api/v1/tokens/%d", created.ID), "admin", "", nil).must(t, http.StatusOK)
	e.do("GET", "/api/v1/studies", "cnca", "", nil).must(t, http.StatusUnauthorized)
	e.do("DELETE", "/api/v1/tokens/999999", "admin", "", nil).must(t, http.StatusNotFound)
	var audit struct {
		Events []struct{ Action, Actor string }
	}
	e.do("GET", "/api/v1/audit?action=token.revoked", "admin", "", nil).must(t, http.StatusOK).decode(t, &audit)
	// The first revocation is the fixture's (by the CLI), the last this test's.
	if len(audit.Events) != 2 || audit.Events[1].Actor != "admin" {
		t.Errorf("token audit = %+v", audit.Events)
	}
}
