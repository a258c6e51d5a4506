package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/api"
)

// wantProfile is the profile JSON of the study's stored data, computed
// directly, as the API promises to serve it.
func (e *env) wantProfile(code string) []byte {
	e.t.Helper()
	st, results, err := e.store.LoadStudyData(context.Background(), code)
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := benchmark.Analyze(st.Design, results)
	if err != nil {
		e.t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		e.t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProfileIsAnalyzeOfStoredDataAndNeverStale(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("PR", 5)
	e.setState("PR", "open")
	lines := resultLines(d, 2)
	half := len(lines) / 2
	e.do("POST", "/api/v1/studies/PR/results", "admin", "text/csv", csvBody(lines[:half])).must(t, http.StatusCreated)

	first := e.do("GET", "/api/v1/studies/PR/profile", "admin", "", nil).must(t, http.StatusOK)
	again := e.do("GET", "/api/v1/studies/PR/profile", "admin", "", nil).must(t, http.StatusOK)
	if !bytes.Equal(first.body, again.body) {
		t.Error("two requests for the same data gave different bytes")
	}
	if want := e.wantProfile("PR"); !bytes.Equal(first.body, want) {
		t.Errorf("profile differs from Analyze of the stored data:\n got %.300s\nwant %.300s", first.body, want)
	}
	if json.Valid(first.body) && bytes.Contains(first.body, []byte("NaN")) {
		t.Error("profile contains NaN")
	}
	etag := first.header.Get("ETag")
	req, _ := http.NewRequest("GET", e.url+"/api/v1/studies/PR/profile", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
	req.Header.Set("If-None-Match", etag)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", resp.StatusCode)
	}

	// Every change of results must show at once.
	e.do("POST", "/api/v1/studies/PR/results", "admin", "text/csv", csvBody(lines[half:])).must(t, http.StatusCreated)
	after := e.do("GET", "/api/v1/studies/PR/profile", "admin", "", nil).must(t, http.StatusOK)
	if bytes.Equal(after.body, first.body) || after.header.Get("ETag") == etag {
		t.Fatal("profile served stale after an upload")
	}
	if want := e.wantProfile("PR"); !bytes.Equal(after.body, want) {
		t.Error("profile after upload differs from Analyze of the stored data")
	}
	// A replacement changes it again.
	changed := append([]string(nil), lines...)
	changed[0] = strings.Replace(changed[0], ",2016-06-01,", ",2016-06-02,", 1)
	e.do("POST", "/api/v1/studies/PR/results?reason=date", "admin", "text/csv", csvBody(changed)).must(t, http.StatusCreated)
	if r := e.do("GET", "/api/v1/studies/PR/profile", "admin", "", nil).must(t, http.StatusOK); r.header.Get("ETag") == after.header.Get("ETag") {
		t.Error("ETag unchanged after a replacement")
	}
}

func TestReportCreateAndDownload(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("RE", 4)
	e.setState("RE", "open")
	e.do("POST", "/api/v1/studies/RE/results", "admin", "text/csv", csvBody(resultLines(d, 1))).must(t, http.StatusCreated)
	e.do("POST", "/api/v1/studies/RE/reports", "admin", "", nil).must(t, http.StatusConflict)
	e.do("PUT", "/api/v1/studies/RE/findings", "admin", "application/json",
		[]byte(`{"causes": [{"indicator": "nope", "text": "x"}]}`)).must(t, http.StatusUnprocessableEntity)
	e.do("PUT", "/api/v1/studies/RE/findings", "admin", "application/json",
		[]byte(`{"report": {"number": "BZZJ-2016-017", "date": "2016-12-20", "issuer": "巴中市质量技术监督局"}, "causes": [{"indicator": "bifenthrin", "text": {"zh": "春茶期病虫害防治用药", "en": "Spraying in spring"}}], "conclusions": ["巴中绿茶水浸出物高"], "recommendations": ["推广绿色防控"]}`)).
		must(t, http.StatusOK)
	e.setState("RE", "closed")
	e.do("POST", "/api/v1/studies/RE/reports?lang=fr", "admin", "", nil).must(t, http.StatusBadRequest)
	var rep struct {
		ID     string
		SHA256 string
		Lang   string
		Size   int
	}
	r := e.do("POST", "/api/v1/studies/RE/reports?lang=zh", "admin", "", nil).must(t, http.StatusCreated)
	r.decode(t, &rep)
	if rep.ID == "" || rep.Lang != "zh" || r.header.Get("Location") != "/api/v1/reports/"+rep.ID {
		t.Fatalf("report = %+v", rep)
	}
	pdf := e.do("GET", "/api/v1/reports/"+rep.ID, "admin", "", nil).must(t, http.StatusOK)
	sum := sha256.Sum256(pdf.body)
	if hex.EncodeToString(sum[:]) != rep.SHA256 || !bytes.HasPrefix(pdf.body, []byte("%PDF-")) || len(pdf.body) != rep.Size {
		t.Errorf("downloaded %d bytes (%s), report says %d bytes %s", len(pdf.body), pdf.header.Get("Content-Type"), rep.Size, rep.SHA256)
	}
	if pdf.header.Get("Content-Type") != "application/pdf" {
		t.Errorf("Content-Type = %s", pdf.header.Get("Content-Type"))
	}
	// The XLSX data annex is stored beside the PDF, served with its
	// SHA-256 as ETag, and the PDF names that SHA-256.
	var annexOf struct {
		AnnexSHA256 string `json:"annex_sha256"`
	}
	r.decode(t, &annexOf)
	annex := e.do("GET", "/api/v1/reports/"+rep.ID+"/annex", "admin", "", nil).must(t, http.StatusOK)
	annexSum := sha256.Sum256(annex.body)
	if hex.EncodeToString(annexSum[:]) != annexOf.AnnexSHA256 || !bytes.HasPrefix(annex.body, []byte("PK")) ||
		annex.header.Get("ETag") != `"`+annexOf.AnnexSHA256+`"` {
		t.Errorf("annex: %d bytes, report says %q, ETag %s", len(annex.body), annexOf.AnnexSHA256, annex.header.Get("ETag"))
	}
	if !bytes.Contains(pdfText(t, pdf.body), []byte(annexOf.AnnexSHA256)) {
		t.Error("the PDF does not print the annex's SHA-256")
	}
	// The same data render to the same bytes.
	var rep2 struct{ SHA256 string }
	e.do("POST", "/api/v1/studies/RE/reports?lang=zh", "admin", "", nil).must(t, http.StatusCreated).decode(t, &rep2)
	if rep2.SHA256 != rep.SHA256 {
		t.Error("a second rendering of the same data differs")
	}
	var list struct{ Reports []struct{ ID string } }
	e.do("GET", "/api/v1/studies/RE/reports", "admin", "", nil).must(t, http.StatusOK).decode(t, &list)
	if len(list.Reports) != 2 {
		t.Errorf("reports listed: %d", len(list.Reports))
	}
	var f struct{ Conclusions []string }
	e.do("GET", "/api/v1/studies/RE/findings", "admin", "", nil).must(t, http.StatusOK).decode(t, &f)
	if len(f.Conclusions) != 1 {
		t.Errorf("findings = %+v", f)
	}
}

// pdfText is the text of a PDF as pdftotext reads it, whitespace removed
// (a long hash may wrap).
func pdfText(t *testing.T, pdf []byte) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return bytes.Join(bytes.Fields(out), nil)
}
