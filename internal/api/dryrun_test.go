package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/api"
)

// dryRunAnswer is the body of POST …/results?dry_run=true.
type dryRunAnswer struct {
	DryRun          bool `json:"dry_run"`
	Rows            int  `json:"rows"`
	Created         int  `json:"created"`
	Replaced        int  `json:"replaced"`
	Unchanged       int  `json:"unchanged"`
	ReasonRequired  bool `json:"reason_required"`
	ReplacedResults []struct {
		Sample    string `json:"sample"`
		Indicator string `json:"indicator"`
		Replicate int    `json:"replicate"`
	} `json:"replaced_results"`
}

// TestDryRunStoresNothing: a dry run checks a file exactly as an upload
// does — the same 422 for a bad file — and answers 200 with what would be
// created, replaced and left unchanged, storing and auditing nothing; a
// lab sees the results it would replace by blind code. Both databases.
func TestDryRunStoresNothing(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("DR", 2)
	e.setState("DR", "open")
	lines := resultLines(d, 1)

	auditCount := func() int {
		var audit struct{ Events []struct{ Action string } }
		e.do("GET", "/api/v1/studies/DR/audit", "admin", "", nil).must(t, http.StatusOK).decode(t, &audit)
		return len(audit.Events)
	}
	before := auditCount()
	var got dryRunAnswer
	e.do("POST", "/api/v1/studies/DR/results?dry_run=true", "admin", "text/csv", csvBody(lines)).must(t, http.StatusOK).decode(t, &got)
	if !got.DryRun || got.Rows != len(lines) || got.Created != len(lines) || got.Replaced != 0 || got.Unchanged != 0 || got.ReasonRequired {
		t.Errorf("dry run of a first upload = %+v", got)
	}
	if n := e.resultCount("DR"); n != 0 {
		t.Errorf("a dry run stored %d results", n)
	}
	if n := auditCount(); n != before {
		t.Errorf("a dry run wrote %d audit events", n-before)
	}

	// A bad file: the same 422 as the upload, row for row.
	bad := append([]string(nil), lines...)
	bad[2] = strings.Replace(bad[2], ",%,", ",g,", 1)
	dry := e.do("POST", "/api/v1/studies/DR/results?dry_run=1", "admin", "text/csv", csvBody(bad)).must(t, http.StatusUnprocessableEntity).problem(t)
	real := e.do("POST", "/api/v1/studies/DR/results", "admin", "text/csv", csvBody(bad)).must(t, http.StatusUnprocessableEntity).problem(t)
	if len(dry.Errors) == 0 || len(dry.Errors) != len(real.Errors) || dry.Errors[0] != real.Errors[0] {
		t.Errorf("dry run refused with %+v, the upload with %+v", dry.Errors, real.Errors)
	}
	e.do("POST", "/api/v1/studies/DR/results?dry_run=maybe", "admin", "text/csv", csvBody(lines)).must(t, http.StatusBadRequest).problem(t)

	// After the real upload, a changed value would be a replacement that
	// needs a reason; the lab is told by blind code.
	e.do("POST", "/api/v1/studies/DR/results", "admin", "text/csv", csvBody(lines)).must(t, http.StatusCreated)
	var samples struct {
		Samples []struct {
			Code      string `json:"code"`
			BlindCode string `json:"blind_code"`
		}
	}
	e.do("GET", "/api/v1/studies/DR/samples", "admin", "", nil).must(t, http.StatusOK).decode(t, &samples)
	blind := map[string]string{}
	for _, s := range samples.Samples {
		blind[s.Code] = s.BlindCode
	}
	var labLines []string
	for _, l := range lines {
		f := strings.Split(l, ",")
		f[0] = blind[f[0]]
		labLines = append(labLines, strings.Join(f, ","))
	}
	f := strings.Split(labLines[0], ",")
	f[2] = "9.99"
	labLines[0] = strings.Join(f, ",")
	stored := e.resultCount("DR")
	before = auditCount()
	r := e.do("POST", "/api/v1/studies/DR/results?dry_run=true", "lab", "text/csv", csvBody(labLines)).must(t, http.StatusOK)
	assertBlind(t, d, r.body)
	r.decode(t, &got)
	if got.Replaced != 1 || got.Unchanged != len(lines)-1 || !got.ReasonRequired || len(got.ReplacedResults) != 1 ||
		got.ReplacedResults[0].Sample != f[0] || got.ReplacedResults[0].Indicator != f[1] {
		t.Errorf("lab's dry run of a replacement = %+v (want %s/%s)", got, f[0], f[1])
	}
	if e.resultCount("DR") != stored || auditCount() != before {
		t.Error("the lab's dry run changed the stored results or the audit trail")
	}
	e.do("POST", "/api/v1/studies/DR/results?dry_run=true&reason=recalculated", "lab", "text/csv", csvBody(labLines)).must(t, http.StatusOK).decode(t, &got)
	if got.ReasonRequired {
		t.Error("a dry run with a reason still says a reason is required")
	}
}
