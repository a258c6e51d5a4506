package api_test

// Replays of issue 16 ("records that cannot lie") through the real server.
// Like every test of this package they run on SQLite, and on PostgreSQL
// when QBENCH_TEST_POSTGRES is set: CI runs both, so each refusal and each
// preserved record below is checked on both databases.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/fixture"
)

// auditEvents reads a study's audit events of one action.
func (e *env) auditEvents(code, action string) []map[string]any {
	e.t.Helper()
	var list struct {
		Events []map[string]any `json:"events"`
	}
	e.do("GET", "/api/v1/studies/"+code+"/audit?limit=500&action="+action, "admin", "", nil).must(e.t, http.StatusOK).decode(e.t, &list)
	return list.Events
}

// wantProblem checks a refusal's status, problem type and, when given, the
// field its errors name and a piece of its detail.
func wantProblem(t *testing.T, r *response, status int, typ, field, detail string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d: %s", r.status, status, r.body)
		return
	}
	p := r.problem(t)
	if p.Type != "urn:qbench:problem:"+typ {
		t.Errorf("problem type %s, want %s: %s", p.Type, typ, r.body)
	}
	if detail != "" && !strings.Contains(p.Detail, detail) {
		t.Errorf("detail %q lacks %q", p.Detail, detail)
	}
	if field != "" {
		found := false
		for _, fe := range p.Errors {
			found = found || fe.Field == field
		}
		if !found {
			t.Errorf("errors %s do not name %s", r.body, field)
		}
	}
}

// Item 1: an empty study cannot be closed, published or reported; gaps
// need a reason, which the audit trail keeps with the gaps.
func TestRecordsEmptyStudies(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("EMPTY", 2)
	e.setState("EMPTY", "open")
	move := func(state, reason string) *response {
		return e.postJSON("/api/v1/studies/EMPTY/lifecycle", "admin", map[string]string{"state": state, "reason": reason})
	}
	wantProblem(t, move("closed", "no time"), http.StatusConflict, "conflict", "", "no results")
	// One indicator only: every other indicator × region cell is a gap.
	csv := csvHeader + "\n"
	for _, s := range d.Samples {
		csv += fmt.Sprintf("%s,water_extract,37.5,%%,GB/T 8305-2013,SCTQ,,1,,\n", s.Code)
	}
	e.do("POST", "/api/v1/studies/EMPTY/results", "admin", "text/csv", []byte(csv)).must(t, http.StatusCreated)
	wantProblem(t, move("closed", ""), http.StatusUnprocessableEntity, "invalid-request", "", "bifenthrin × BZ")
	wantProblem(t, move("closed", " \t "), http.StatusUnprocessableEntity, "invalid-request", "", "6 of its 9 indicator × region cells")
	move("closed", "bifenthrin and alkalinity were not tested this round").must(t, http.StatusOK)
	events := e.auditEvents("EMPTY", "study.state_changed")
	last := events[len(events)-1]
	detail, _ := last["detail"].(map[string]any)
	if gaps, _ := detail["gaps"].([]any); len(gaps) != 6 || last["reason"] != "bifenthrin and alkalinity were not tested this round" {
		t.Errorf("closing event = %v", last)
	}
	move("published", "").must(t, http.StatusOK)

	// A study closed empty before these rules (older data) can be neither
	// published nor reported.
	e.createStudy("LEGACY", 1)
	e.setState("LEGACY", "open")
	if _, err := e.store.DB().ExecContext(context.Background(), "UPDATE studies SET state = 'closed' WHERE code = 'LEGACY'"); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, e.postJSON("/api/v1/studies/LEGACY/lifecycle", "admin", map[string]string{"state": "published"}),
		http.StatusConflict, "conflict", "", "cannot be published")
	wantProblem(t, e.do("POST", "/api/v1/studies/LEGACY/reports?lang=en", "admin", "", nil), http.StatusConflict, "conflict", "", "no results")
	var reports struct{ Reports []any }
	e.do("GET", "/api/v1/studies/LEGACY/reports", "admin", "", nil).must(t, http.StatusOK).decode(t, &reports)
	if len(reports.Reports) != 0 {
		t.Errorf("a report of no results was stored: %v", reports.Reports)
	}
}

// Item 2: duplicate keys and keys differing from a field only in case are
// refused at every depth, in designs, patches, findings and other bodies.
func TestRecordsDuplicateAndCaseVariantKeys(t *testing.T) {
	e := newEnv(t, api.Config{})
	base := string(mustJSON(t, fixture.Design("DUP", 2)))
	for _, tc := range []struct{ name, doc, field string }{
		{"case variant", strings.Replace(base, `"focal_region":"BZ"`, `"focal_region":"BZ","FOCAL_REGION":"YA"`, 1), "FOCAL_REGION"},
		{"code twice", strings.Replace(base, `"code":"DUP"`, `"code":"DUP","code":"DUP-B"`, 1), "code"},
		{"at depth", strings.Replace(base, `"limit_max":5`, `"limit_max":5,"limit_max":50`, 1), "indicators[1].limit_max"},
		{"in an extra field", strings.Replace(base, `"title":`, `"notes":[{"a":1,"a":2}],"title":`, 1), "notes[0].a"},
	} {
		if tc.doc == base {
			t.Fatalf("%s: no replacement", tc.name)
		}
		wantProblem(t, e.do("POST", "/api/v1/studies", "admin", "application/json", []byte(tc.doc)),
			http.StatusUnprocessableEntity, "invalid-design", tc.field, "")
	}
	e.do("GET", "/api/v1/studies/DUP", "admin", "", nil).must(t, http.StatusNotFound) // nothing stored
	e.createStudy("DUP", 2)
	wantProblem(t, e.do("PATCH", "/api/v1/studies/DUP", "admin", "application/merge-patch+json", []byte(`{"Title":"x","lab":{"name":"a","name":"b"}}`)),
		http.StatusUnprocessableEntity, "invalid-design", "lab.name", "")
	e.setState("DUP", "open")
	wantProblem(t, e.do("PUT", "/api/v1/studies/DUP/findings", "admin", "application/json",
		[]byte(`{"conclusions":["a"],"Conclusions":["b"],"causes":[{"indicator":"bifenthrin","text":"x","text":"y"}]}`)),
		http.StatusUnprocessableEntity, "invalid-findings", "causes[0].text", "")
	wantProblem(t, e.do("POST", "/api/v1/studies/DUP/lifecycle", "admin", "application/json", []byte(`{"state":"closed","STATE":"open"}`)),
		http.StatusBadRequest, "malformed-body", "", "STATE")
	wantProblem(t, e.do("POST", "/api/v1/tokens", "admin", "application/json", []byte(`{"name":"x","role":"reader","role":"admin"}`)),
		http.StatusBadRequest, "malformed-body", "", "role")
}

// Items 3 and 4: concurrent merge patches of different fields all survive,
// If-Match is honoured, and PATCH keeps untouched members byte for byte.
func TestRecordsConcurrentPatchesAndIfMatch(t *testing.T) {
	e := newEnv(t, api.Config{})
	e.createStudy("CP", 2)
	const n = 20
	var wg sync.WaitGroup
	statuses := make([]int, n)
	start := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			patch := fmt.Sprintf(`{"field_%02d": %d}`, i, i)
			statuses[i] = e.do("PATCH", "/api/v1/studies/CP", "admin", "application/merge-patch+json", []byte(patch)).status
		}()
	}
	wg.Wait()
	t.Logf("%d concurrent merge patches in %v", n, time.Since(start))
	var got map[string]any
	r := e.do("GET", "/api/v1/studies/CP", "admin", "", nil).must(t, http.StatusOK)
	r.decode(t, &got)
	for i := range n {
		key := fmt.Sprintf("field_%02d", i)
		if statuses[i] != http.StatusOK {
			t.Errorf("patch %d: status %d", i, statuses[i])
		} else if got[key] != float64(i) {
			t.Errorf("patch %d was answered 200 but %s is %v", i, key, got[key])
		}
	}
	if events := e.auditEvents("CP", "study.design_updated"); len(events) != n {
		t.Errorf("%d design events, want %d", len(events), n)
	}
	etag := r.header.Get("ETag")
	if etag != fmt.Sprintf(`"CP-%d"`, n+1) {
		t.Errorf("ETag after %d patches = %s", n, etag)
	}

	patch := func(ifMatch, body string) *response {
		header := http.Header{"Content-Type": {"application/merge-patch+json"}, "Authorization": {"Bearer " + e.tokens["admin"]}}
		if ifMatch != "" {
			header.Set("If-Match", ifMatch)
		}
		resp, b := e.raw("PATCH", "/api/v1/studies/CP", header, []byte(body))
		return &response{status: resp.StatusCode, header: resp.Header, body: b}
	}
	wantProblem(t, patch(`"CP-1"`, `{"title_en":"stale"}`), http.StatusPreconditionFailed, "precondition-failed", "", "revision")
	wantProblem(t, patch(`W/`+etag, `{"title_en":"weak"}`), http.StatusPreconditionFailed, "precondition-failed", "", "")
	wantProblem(t, patch(`"OTHER-21"`, `{"title_en":"other"}`), http.StatusPreconditionFailed, "precondition-failed", "", "")
	ok := patch(etag, `{"title_en":"fresh"}`).must(t, http.StatusOK)
	if next := ok.header.Get("ETag"); next != fmt.Sprintf(`"CP-%d"`, n+2) {
		t.Errorf("ETag after the If-Match patch = %s", next)
	}
	patch("*", `{"title_en":"any"}`).must(t, http.StatusOK)
	// PUT honours If-Match too.
	header := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + e.tokens["admin"]}, "If-Match": {etag}}
	if resp, b := e.raw("PUT", "/api/v1/studies/CP", header, mustJSON(t, fixture.Design("CP", 2))); resp.StatusCode != http.StatusPreconditionFailed {
		t.Errorf("PUT with a stale If-Match: %d %s", resp.StatusCode, b)
	}
	if events := e.auditEvents("CP", "study.design_updated"); len(events) != n+2 {
		t.Errorf("%d design events after the refused changes, want %d", len(events), n+2)
	}

	// Item 4: untouched members keep their bytes.
	doc := strings.Replace(string(mustJSON(t, fixture.Design("BYTES", 1))), `"title":`,
		`"serial":12345678901234567891,"ratio":7.0,"html":"<b>","z_last":{"b":1,"a":2},"title":`, 1)
	e.do("POST", "/api/v1/studies", "admin", "application/json", []byte(doc)).must(t, http.StatusCreated)
	e.do("PATCH", "/api/v1/studies/BYTES", "admin", "application/merge-patch+json", []byte(`{"title_en":"Patched","z_last":{"c":3}}`)).must(t, http.StatusOK)
	want := strings.Replace(doc, `"title_en":"Bazhong green tea comparison"`, `"title_en":"Patched"`, 1)
	want = strings.Replace(want, `"z_last":{"b":1,"a":2}`, `"z_last":{"b":1,"a":2,"c":3}`, 1)
	back := e.do("GET", "/api/v1/studies/BYTES", "admin", "", nil).must(t, http.StatusOK)
	if strings.TrimSpace(string(back.body)) != want {
		t.Errorf("after PATCH\n%s\nwant\n%s", back.body, want)
	}
}

// Item 6 (design text, reasons, names, file names, findings): stored text
// is valid UTF-8 without control characters, refused alike on SQLite and
// PostgreSQL with the field named — never a 500.
func TestRecordsTextValidity(t *testing.T) {
	e := newEnv(t, api.Config{})
	base := string(mustJSON(t, fixture.Design("TXT", 1)))
	for _, tc := range []struct{ name, doc, field string }{
		{"NUL in the title", strings.Replace(base, `"title":"`, `"title":"\u0000`, 1), "title"},
		{"invalid UTF-8 in a region name", strings.Replace(base, `"name":"巴中"`, "\"name\":\"巴\xff中\"", 1), "regions[0].name"},
		{"escape in an extra field", strings.Replace(base, `"title":`, `"notes":"\u001b[31m","title":`, 1), "notes"},
	} {
		wantProblem(t, e.do("POST", "/api/v1/studies", "admin", "application/json", []byte(tc.doc)),
			http.StatusUnprocessableEntity, "invalid-design", tc.field, "")
	}
	e.createStudy("TXT", 1)
	// Text in a query string is refused at the edge, before any handler
	// (internal/httpx), as a bad request naming the parameter.
	wantProblem(t, e.do("PATCH", "/api/v1/studies/TXT?reason=a%00b", "admin", "application/merge-patch+json", []byte(`{"title_en":"x"}`)),
		http.StatusBadRequest, "invalid-request", "", "reason")
	wantProblem(t, e.do("PATCH", "/api/v1/studies/TXT?reason=%FF", "admin", "application/merge-patch+json", []byte(`{"title_en":"x"}`)),
		http.StatusBadRequest, "invalid-request", "", "UTF-8")
	wantProblem(t, e.do("PATCH", "/api/v1/studies/TXT", "admin", "application/merge-patch+json", []byte(`{"description":"a\u0000"}`)),
		http.StatusUnprocessableEntity, "invalid-design", "description", "")
	e.setState("TXT", "open")
	wantProblem(t, e.do("PUT", "/api/v1/studies/TXT/findings", "admin", "application/json", []byte(`{"conclusions":["ok","bad\u0007"]}`)),
		http.StatusUnprocessableEntity, "invalid-findings", "conclusions[1]", "")
	e.do("PUT", "/api/v1/studies/TXT/findings", "admin", "application/json", []byte(`{"conclusions":["two\nlines\tand a tab"]}`)).must(t, http.StatusOK)
	wantProblem(t, e.postJSON("/api/v1/studies/TXT/lifecycle", "admin", map[string]string{"state": "closed", "reason": "x\x00"}),
		http.StatusBadRequest, "malformed-body", "", "reason")
	wantProblem(t, e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "two\nlines", "role": "reader"}),
		http.StatusUnprocessableEntity, "invalid-request", "", "name")
	wantProblem(t, e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "nul\x00", "role": "reader"}),
		http.StatusBadRequest, "malformed-body", "", "name")
	csv := csvHeader + "\nTXT-BZ-01,water_extract,37.5,%,GB/T 8305-2013,SCTQ,,1,,\n"
	csv = strings.Replace(csv, "TXT-BZ-01", "BZ-01", 1)
	wantProblem(t, e.do("POST", "/api/v1/studies/TXT/results?filename=r%01.csv", "admin", "text/csv", []byte(csv)),
		http.StatusBadRequest, "invalid-request", "", "filename")
}

// Item 6 (keys of lookups): a code, id or filter that cannot be stored text
// finds nothing, alike on both databases — never a 500 from PostgreSQL.
func TestRecordsLookupsOfUnstorableKeys(t *testing.T) {
	e := newEnv(t, api.Config{})
	for _, path := range []string{
		"/api/v1/studies/%00", "/api/v1/studies/a%FFb", "/api/v1/studies/%00/status", "/api/v1/studies/%01/audit",
		"/api/v1/reports/%00", "/api/v1/audit?study=%00", "/api/v1/audit?action=%FF",
	} {
		// raw: these requests break the description's code pattern on
		// purpose; the seams' edge may answer them 400, the store 404.
		resp, body := e.raw("GET", path, http.Header{"Authorization": {"Bearer " + e.tokens["admin"]}}, nil)
		r := &response{status: resp.StatusCode, header: resp.Header, body: body}
		if r.status >= 500 || (r.status != http.StatusOK && r.status != http.StatusNotFound && r.status != http.StatusBadRequest) {
			t.Errorf("GET %s: %d %s", path, r.status, r.body)
		}
		if r.status == http.StatusOK && !strings.Contains(string(r.body), `"events":[]`) {
			t.Errorf("GET %s found %s", path, r.body)
		}
	}
}

// Item 7: audit events name the credential; active token names are unique.
func TestRecordsTokenIDsAndUniqueNames(t *testing.T) {
	e := newEnv(t, api.Config{})
	var list struct {
		Tokens []struct {
			ID        int64
			Name      string
			RevokedAt *string `json:"revoked_at"`
		}
	}
	e.do("GET", "/api/v1/tokens", "admin", "", nil).must(t, http.StatusOK).decode(t, &list)
	ids := map[string]int64{}
	for _, tok := range list.Tokens {
		ids[tok.Name] = tok.ID
	}
	e.createStudy("TID", 1)
	events := e.auditEvents("TID", "study.created")
	if len(events) != 1 || events[0]["token_id"] != float64(ids["admin"]) {
		t.Errorf("study.created = %v, want token_id %d", events, ids["admin"])
	}
	wantProblem(t, e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "admin", "role": "reader"}), http.StatusConflict, "conflict", "", "admin")
	wantProblem(t, e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": " reader ", "role": "reader"}), http.StatusConflict, "conflict", "", "reader")
	// The revoked token's name is free again.
	e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "revoked", "role": "reader"}).must(t, http.StatusCreated)
	for _, lab := range []string{"../../etc", "..", "SC/TQ"} {
		wantProblem(t, e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "lims-" + lab, "role": "lab", "lab": lab}),
			http.StatusUnprocessableEntity, "invalid-request", "", "lab")
	}
}

// Item 8 (ours): blank reasons, codes of dots, findings problems and {}.
func TestRecordsSmallerItems(t *testing.T) {
	e := newEnv(t, api.Config{})
	for _, code := range []string{".", "..", "..."} {
		d := fixture.Design("X", 1)
		d.Code = code
		wantProblem(t, e.postJSON("/api/v1/studies", "admin", d), http.StatusUnprocessableEntity, "invalid-design", "code", "")
	}
	d := e.createStudy("SM", 1)
	e.setState("SM", "open")
	e.do("POST", "/api/v1/studies/SM/results", "admin", "text/csv", []byte(fixture.ResultsCSV(d))).must(t, http.StatusCreated)
	e.setState("SM", "closed")
	for _, reason := range []string{"", "   ", "\t\n"} {
		wantProblem(t, e.postJSON("/api/v1/studies/SM/lifecycle", "admin", map[string]string{"state": "open", "reason": reason}),
			http.StatusUnprocessableEntity, "invalid-request", "", "needs a reason")
	}
	e.postJSON("/api/v1/studies/SM/lifecycle", "admin", map[string]string{"state": "open", "reason": "  lab retest  "}).must(t, http.StatusOK)
	events := e.auditEvents("SM", "study.state_changed")
	if last := events[len(events)-1]; last["reason"] != "lab retest" {
		t.Errorf("reason stored as %q, want it trimmed", last["reason"])
	}
	wantProblem(t, e.do("PUT", "/api/v1/studies/SM/findings", "admin", "application/json", []byte(`{"causes":[{"indicator":"nope","text":"x"}]}`)),
		http.StatusUnprocessableEntity, "invalid-findings", "causes[0].indicator", "findings")
	e.do("PUT", "/api/v1/studies/SM/findings", "admin", "application/json", []byte(`{}`)).must(t, http.StatusOK)
	if r := e.do("GET", "/api/v1/studies/SM/findings", "admin", "", nil).must(t, http.StatusOK); strings.TrimSpace(string(r.body)) != `{}` {
		t.Errorf("{} reads back as %s", r.body)
	}
}

// TestRecordsConcurrentWriters runs concurrent writers on every mutable
// resource — findings, tokens, lifecycle (designs: above) — and checks
// that every answer tells the truth: a change answered 200/201 is in the
// record, exactly once, and the record's last word is what is stored.
func TestRecordsConcurrentWriters(t *testing.T) {
	e := newEnv(t, api.Config{})
	const n = 10
	run := func(f func(i int) int) []int {
		var wg sync.WaitGroup
		out := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); out[i] = f(i) }()
		}
		wg.Wait()
		return out
	}
	count := func(statuses []int, status int) int {
		k := 0
		for _, s := range statuses {
			if s == status {
				k++
			}
		}
		return k
	}

	// Lifecycle: ten concurrent opens of a draft; one wins.
	e.createStudy("CW", 1)
	st := run(func(int) int {
		return e.postJSON("/api/v1/studies/CW/lifecycle", "admin", map[string]string{"state": "open"}).status
	})
	if count(st, http.StatusOK) != 1 || count(st, http.StatusConflict) != n-1 {
		t.Errorf("concurrent opens: %v", st)
	}
	if ev := e.auditEvents("CW", "study.state_changed"); len(ev) != 1 {
		t.Errorf("%d state changes recorded, want 1", len(ev))
	}

	// Findings: ten concurrent writers; all stored in turn, the trail's
	// last version is the stored one.
	st = run(func(i int) int {
		return e.do("PUT", "/api/v1/studies/CW/findings", "admin", "application/json",
			[]byte(fmt.Sprintf(`{"conclusions":["version %d"]}`, i))).status
	})
	if count(st, http.StatusOK) != n {
		t.Errorf("concurrent findings: %v", st)
	}
	ev := e.auditEvents("CW", "findings.updated")
	if len(ev) != n {
		t.Fatalf("%d findings events, want %d", len(ev), n)
	}
	var stored map[string]any
	e.do("GET", "/api/v1/studies/CW/findings", "admin", "", nil).must(t, http.StatusOK).decode(t, &stored)
	lastDetail, _ := ev[n-1]["detail"].(map[string]any)
	a, _ := json.Marshal(lastDetail["findings"])
	b, _ := json.Marshal(stored)
	if string(a) != string(b) {
		t.Errorf("stored findings %s, last recorded %s", b, a)
	}

	// Tokens: ten concurrent creations of one name; one wins. Ten
	// concurrent revocations of one token; one event.
	st = run(func(int) int {
		return e.postJSON("/api/v1/tokens", "admin", map[string]string{"name": "race", "role": "reader"}).status
	})
	if count(st, http.StatusCreated) != 1 || count(st, http.StatusConflict) != n-1 {
		t.Errorf("concurrent token creations: %v", st)
	}
	var list struct {
		Tokens []struct {
			ID   int64
			Name string
		}
	}
	e.do("GET", "/api/v1/tokens", "admin", "", nil).must(t, http.StatusOK).decode(t, &list)
	var race int64
	for _, tok := range list.Tokens {
		if tok.Name == "race" {
			race = tok.ID
		}
	}
	st = run(func(int) int {
		return e.do("DELETE", fmt.Sprintf("/api/v1/tokens/%d", race), "admin", "", nil).status
	})
	if count(st, http.StatusOK) != n {
		t.Errorf("concurrent revocations: %v", st)
	}
	var audit struct{ Events []map[string]any }
	e.do("GET", "/api/v1/audit?action=token.revoked&limit=500", "admin", "", nil).must(t, http.StatusOK).decode(t, &audit)
	k := 0
	for _, a := range audit.Events {
		if a["subject"] == "race" {
			k++
		}
	}
	if k != 1 {
		t.Errorf("%d revocation events of one token, want 1", k)
	}
}
