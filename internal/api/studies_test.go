package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/fixture"
)

func TestCreateAndGetStudy(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := fixture.Design("BZ-GT-2016", 4)
	r := e.postJSON("/api/v1/studies", "admin", d).must(t, http.StatusCreated)
	if loc := r.header.Get("Location"); loc != "/api/v1/studies/BZ-GT-2016" {
		t.Errorf("Location = %q", loc)
	}
	var got benchmark.Design
	e.do("GET", "/api/v1/studies/BZ-GT-2016", "admin", "", nil).must(t, http.StatusOK).decode(t, &got)
	if diff := cmp.Diff(d, &got); diff != "" {
		t.Errorf("design from GET (-posted +got):\n%s", diff)
	}
	// Equal as a document too, not only as a Go value: no key added or lost.
	posted, got2 := map[string]any{}, map[string]any{}
	if err := json.Unmarshal(mustJSON(t, d), &posted); err != nil {
		t.Fatal(err)
	}
	r = e.do("GET", "/api/v1/studies/BZ-GT-2016", "admin", "", nil).must(t, http.StatusOK)
	r.decode(t, &got2)
	if diff := cmp.Diff(posted, got2); diff != "" {
		t.Errorf("GET document (-posted +got):\n%s", diff)
	}
	if r.header.Get("X-Qbench-State") != "draft" || r.header.Get("ETag") == "" {
		t.Errorf("state headers: %q, ETag %q", r.header.Get("X-Qbench-State"), r.header.Get("ETag"))
	}
	var status struct {
		State       string
		Revision    int
		ResultCount int `json:"result_count"`
	}
	e.do("GET", "/api/v1/studies/BZ-GT-2016/status", "admin", "", nil).must(t, http.StatusOK).decode(t, &status)
	if status.State != "draft" || status.Revision != 1 || status.ResultCount != 0 {
		t.Errorf("status = %+v", status)
	}
	p := e.postJSON("/api/v1/studies", "admin", d).must(t, http.StatusConflict).problem(t)
	if p.Type != "urn:qbench:problem:conflict" {
		t.Errorf("duplicate study problem type = %q", p.Type)
	}
	e.do("GET", "/api/v1/studies/NOPE", "admin", "", nil).must(t, http.StatusNotFound).problem(t)
}

func TestInvalidDesignListsEveryProblemAndStoresNothing(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := fixture.Design("BAD", 2)
	d.FocalRegion = "XX"
	d.Indicators[0].Direction = "up"
	d.Indicators[2].TargetMax = nil
	d.Indicators[1].LOD = new(float64)
	*d.Indicators[1].LOD = -1
	d.Samples[0].Region = "MS"
	p := e.postJSON("/api/v1/studies", "admin", d).must(t, http.StatusUnprocessableEntity).problem(t)
	if len(p.Errors) != 5 || p.Type != "urn:qbench:problem:invalid-design" {
		t.Fatalf("problem = %+v, want 5 field errors", p)
	}
	want := map[string]bool{"focal_region": true, "indicators[0].direction": true, "indicators[2].target_max": true,
		"indicators[1].lod": true, "samples[0].region": true}
	for _, fe := range p.Errors {
		if !want[fe.Field] || fe.Reason == "" {
			t.Errorf("unexpected field error %+v", fe)
		}
	}
	e.do("POST", "/api/v1/studies", "admin", "application/json", []byte(`{"code": "X",`)).must(t, http.StatusBadRequest).problem(t)
	// An extra field is welcome; a misspelt one is refused with the others.
	typo := e.do("POST", "/api/v1/studies", "admin", "application/json", []byte(`{"code": "X", "colour": 1, "titel": "x"}`)).
		must(t, http.StatusUnprocessableEntity).problem(t)
	if typo.Errors[0].Field != "titel" || strings.Contains(string(mustJSON(t, typo.Errors)), "colour") {
		t.Errorf("problems = %+v, want the misspelt title first and nothing about colour", typo.Errors)
	}
	var list struct{ Total int }
	e.do("GET", "/api/v1/studies", "admin", "", nil).must(t, http.StatusOK).decode(t, &list)
	if list.Total != 0 {
		t.Errorf("after refused designs the list holds %d studies", list.Total)
	}
}

func TestListStudiesPaginates(t *testing.T) {
	e := newEnv(t, api.Config{})
	for i := range 7 {
		e.createStudy(fmt.Sprintf("S%02d", i), 2)
	}
	var page struct {
		Studies []struct{ Code, State string }
		Total   int
		Limit   int
		Offset  int
	}
	e.do("GET", "/api/v1/studies?limit=3&offset=3", "admin", "", nil).must(t, http.StatusOK).decode(t, &page)
	if page.Total != 7 || len(page.Studies) != 3 || page.Studies[0].Code != "S03" || page.Studies[0].State != "draft" {
		t.Errorf("page = %+v", page)
	}
	e.do("GET", "/api/v1/studies?limit=0", "admin", "", nil).must(t, http.StatusBadRequest).problem(t)
	e.do("GET", "/api/v1/studies?state=frozen", "admin", "", nil).must(t, http.StatusBadRequest).problem(t)
}

func TestEditDesignOnlyInDraft(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("ED", 2)
	d.Title = "新标题"
	body := mustJSON(t, d)
	e.do("PUT", "/api/v1/studies/ED", "admin", "application/json", body).must(t, http.StatusOK)
	var got benchmark.Design
	e.do("PATCH", "/api/v1/studies/ED", "admin", "application/merge-patch+json", []byte(`{"title_en": "Patched"}`)).must(t, http.StatusOK)
	e.do("GET", "/api/v1/studies/ED", "admin", "", nil).must(t, http.StatusOK).decode(t, &got)
	if got.Title != "新标题" || got.TitleEn != "Patched" || len(got.Samples) != len(d.Samples) {
		t.Errorf("after PUT and PATCH: title %q, title_en %q, %d samples", got.Title, got.TitleEn, len(got.Samples))
	}
	e.do("PATCH", "/api/v1/studies/ED", "admin", "application/merge-patch+json", []byte(`{"focal_region": "NOPE"}`)).
		must(t, http.StatusUnprocessableEntity).problem(t)
	e.do("PATCH", "/api/v1/studies/ED", "admin", "application/merge-patch+json", []byte(`{"code": "OTHER"}`)).
		must(t, http.StatusUnprocessableEntity).problem(t)
	e.setState("ED", "open")
	e.do("PUT", "/api/v1/studies/ED", "admin", "application/json", body).must(t, http.StatusConflict).problem(t)
}

func TestLifecycleTransitions(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("LC", 2)
	e.postJSON("/api/v1/studies/LC/lifecycle", "admin", map[string]string{"state": "published"}).must(t, http.StatusConflict).problem(t)
	e.postJSON("/api/v1/studies/LC/lifecycle", "admin", map[string]string{"state": "gone"}).must(t, http.StatusUnprocessableEntity).problem(t)
	var got struct{ State string }
	e.postJSON("/api/v1/studies/LC/lifecycle", "admin", map[string]string{"state": "open"}).must(t, http.StatusOK).decode(t, &got)
	if got.State != "open" {
		t.Errorf("state = %q", got.State)
	}
	e.do("POST", "/api/v1/studies/LC/results", "admin", "text/csv", []byte(fixture.ResultsCSV(d))).must(t, http.StatusCreated)
	e.setState("LC", "closed", "published")
	var audit struct {
		Events []struct{ Action, Actor, Role string }
	}
	e.do("GET", "/api/v1/studies/LC/audit?action=study.state_changed", "admin", "", nil).must(t, http.StatusOK).decode(t, &audit)
	if len(audit.Events) != 3 || audit.Events[0].Actor != "admin" || audit.Events[0].Role != "admin" {
		t.Errorf("lifecycle audit = %+v", audit.Events)
	}
}

// TestExtraDesignFieldsComeBack posts a design with fields the format does
// not know: they are welcome, and GET returns the document as posted.
func TestExtraDesignFieldsComeBack(t *testing.T) {
	e := newEnv(t, api.Config{})
	var doc map[string]any
	if err := json.Unmarshal(mustJSON(t, fixture.Design("EX", 2)), &doc); err != nil {
		t.Fatal(err)
	}
	doc["notes"] = "second round"
	doc["indicators"].([]any)[1].(map[string]any)["lab_note"] = "GC-MS/MS"
	body := mustJSON(t, doc)
	e.do("POST", "/api/v1/studies", "admin", "application/json", body).must(t, http.StatusCreated)
	var got map[string]any
	e.do("GET", "/api/v1/studies/EX", "admin", "", nil).must(t, http.StatusOK).decode(t, &got)
	if diff := cmp.Diff(doc, got); diff != "" {
		t.Errorf("GET (-posted +got):\n%s", diff)
	}
	e.do("PATCH", "/api/v1/studies/EX", "admin", "application/merge-patch+json", []byte(`{"title_en": "Patched"}`)).must(t, http.StatusOK)
	e.do("GET", "/api/v1/studies/EX", "admin", "", nil).must(t, http.StatusOK).decode(t, &got)
	if got["notes"] != "second round" || got["title_en"] != "Patched" {
		t.Errorf("after PATCH: notes %v, title_en %v", got["notes"], got["title_en"])
	}
}
