package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/lab"
)

// TestHostileUploadsAre413 posts the hostile uploads of issue 15 to a real
// server: each is refused with a too-large problem naming the intake limit
// it exceeds, stores nothing, and a good upload lands afterwards.
func TestHostileUploadsAre413(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 1 GiB decompression bomb")
	}
	e := newEnv(t, api.Config{})
	d := e.createStudy("HS", 2)
	e.setState("HS", "open")
	xlsx := lab.XLSX.ContentType()
	tests := []struct {
		name, contentType string
		body              []byte
		limit             string
	}{
		{"XLSX bomb", xlsx, fixture.XLSXBomb(1<<30, 1<<30), "intake limit " + lab.LimitXLSXBytes},
		{"JSON of new keys", "application/json", fixture.JSONNewKeys(40_000), "intake limit " + lab.LimitJSONKeys},
		{"XLSX cell in XFD", xlsx, fixture.XLSXFarColumn(4000), "intake limit " + lab.LimitColumns},
		{"30 MB CSV row", "text/csv", fixture.CSVLongRow(30_000_000), "intake limit " + lab.LimitLineBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.do("POST", "/api/v1/studies/HS/results", "admin", tt.contentType, tt.body).
				must(t, http.StatusRequestEntityTooLarge).problem(t)
			if p.Type != "urn:qbench:problem:too-large" || !strings.Contains(p.Detail, tt.limit) || len(p.Errors) != 1 {
				t.Errorf("problem %+v, want too-large naming %q", p, tt.limit)
			}
		})
	}
	if n := e.resultCount("HS"); n != 0 {
		t.Fatalf("stored %d results from refused uploads", n)
	}
	e.do("POST", "/api/v1/studies/HS/results", "admin", "text/csv", csvBody(resultLines(d, 1))).must(t, http.StatusCreated)
}

// TestExportNeutralisesFormulasAndReimports uploads results whose analysts
// are spreadsheet formulas: the CSV export carries them as text behind an
// apostrophe, and uploading the export changes nothing.
func TestExportNeutralisesFormulasAndReimports(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("FX", 2)
	e.setState("FX", "open")
	hostile := []string{`=cmd|' /C calc'!A0`, "@SUM(A1:A9)", "+1+1", `=HYPERLINK("http://x.test","click")`}
	lines := resultLines(d, 1)
	for i := range lines {
		fields := strings.Split(lines[i], ",")
		fields[9] = `"` + strings.ReplaceAll(hostile[i%len(hostile)], `"`, `""`) + `"`
		lines[i] = strings.Join(fields, ",")
	}
	e.do("POST", "/api/v1/studies/FX/results", "admin", "text/csv", csvBody(lines)).must(t, http.StatusCreated)
	export := e.do("GET", "/api/v1/studies/FX/results?format=csv", "admin", "", nil).must(t, http.StatusOK).body
	for _, h := range hostile {
		quoted := strings.ReplaceAll(h, `"`, `""`)
		if !strings.Contains(string(export), "'"+quoted) {
			t.Errorf("export does not neutralise %q:\n%.600s", h, export)
		}
	}
	r := e.do("POST", "/api/v1/studies/FX/results", "admin", "text/csv", export).must(t, http.StatusCreated)
	if !strings.Contains(string(r.body), `"created":0`) || !strings.Contains(string(r.body), `"replaced":0`) {
		t.Errorf("re-import of the export changed results: %s", r.body)
	}
}
