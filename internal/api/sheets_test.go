package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/qbench/qbench/internal/api"
	"github.com/qbench/qbench/internal/fixture"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// doLang is do with Accept-Language set to lang.
func (e *env) doLang(lang, method, path, who, contentType string, body []byte) *response {
	e.t.Helper()
	header := http.Header{"Accept-Language": {lang}}
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	if who != "" {
		header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	resp, b := e.raw(method, path, header, body)
	for _, p := range e.contract.check(method, e.url+path, header, body, resp.StatusCode, resp.Header, b) {
		e.t.Error(p)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}
}

// hasHan reports whether s holds Chinese characters.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// checkLang fails unless the problem's detail and reasons are in lang.
func checkLang(t *testing.T, lang string, p problem) {
	t.Helper()
	texts := []string{p.Detail}
	for _, e := range p.Errors {
		texts = append(texts, e.Reason)
	}
	for _, s := range texts {
		if got := hasHan(s); got != (lang == "zh") {
			t.Errorf("Accept-Language %s answered %q", lang, s)
		}
	}
}

// openXLSX opens a workbook from a response body.
func openXLSX(t *testing.T, body []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	return f
}

func writeXLSX(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestResultsTemplateIsBlindAndUploadsAsFilled: the study's lab gets the
// template under blind codes only (once the study is open), fills it in
// with Chinese headers, 未检出 and full-width digits and signs, and the
// upload as it is stores every value; an admin's template names samples.
func TestResultsTemplateIsBlindAndUploadsAsFilled(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("TPL", 2)
	// Draft: the lab may not know the study yet.
	e.do("GET", "/api/v1/studies/TPL/results/template", "lab", "", nil).must(t, http.StatusNotFound)
	e.setState("TPL", "open")

	var samples struct {
		Samples []struct {
			Code      string `json:"code"`
			BlindCode string `json:"blind_code"`
		} `json:"samples"`
	}
	e.do("GET", "/api/v1/studies/TPL/samples", "admin", "", nil).must(t, http.StatusOK).decode(t, &samples)
	blindOf := map[string]string{}
	for _, s := range samples.Samples {
		blindOf[s.Code] = s.BlindCode
	}

	r := e.doLang("zh", "GET", "/api/v1/studies/TPL/results/template?format=xlsx", "lab", "", nil).must(t, http.StatusOK)
	if ct := r.header.Get("Content-Type"); ct != xlsxType {
		t.Fatalf("Content-Type %q", ct)
	}
	f := openXLSX(t, r.body)
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "样品编号" || !strings.HasPrefix(rows[0][1], "水浸出物") {
		t.Errorf("header %q, want Chinese", rows[0])
	}
	var codes []string
	for _, row := range rows[1:] {
		codes = append(codes, row[0])
	}
	var wantCodes []string
	for _, s := range d.Samples {
		wantCodes = append(wantCodes, blindOf[s.Code])
	}
	slices.Sort(wantCodes)
	if !slices.Equal(codes, wantCodes) {
		t.Errorf("lab template codes %v, want the blind codes %v", codes, wantCodes)
	}
	for _, s := range d.Samples {
		if strings.Contains(string(r.body), s.Code) || strings.Contains(string(r.body), s.Enterprise) {
			t.Errorf("the lab's template names sample %s", s.Code)
		}
	}

	// Fill it in as a lab would: full-width digits and signs, 未检出.
	want := map[string]string{} // blind code/indicator → value as exported
	for i, code := range codes {
		cells := []string{
			fmt.Sprintf("３６．%d", i),                 // water extract, full-width
			[]string{"未检出", "＜０．００５", "0.012"}[i%3], // bifenthrin
			fmt.Sprintf("%d.%d", 1+i%2, 5+i%4),      // alkalinity
		}
		for j, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(j+2, i+2)
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		want[code+"/water_extract"] = fmt.Sprintf("36.%d", i)
		want[code+"/alkalinity"] = fmt.Sprintf("%d.%d", 1+i%2, 5+i%4)
		// 未检出 is kept as written, the full-width sign as ASCII.
		want[code+"/bifenthrin"] = []string{"未检出", "<0.005", "0.012"}[i%3]
	}
	e.do("POST", "/api/v1/studies/TPL/results", "lab", xlsxType, writeXLSX(t, f)).must(t, http.StatusCreated)
	if n := e.resultCount("TPL"); n != len(codes)*3 {
		t.Fatalf("stored %d results, want %d", n, len(codes)*3)
	}
	var export struct {
		Results []struct {
			Sample      string   `json:"sample"`
			Indicator   string   `json:"indicator"`
			Value       string   `json:"value"`
			NotDetected bool     `json:"not_detected"`
			LOD         *float64 `json:"lod"`
		} `json:"results"`
	}
	raw := e.do("GET", "/api/v1/studies/TPL/results?format=json", "lab", "", nil).must(t, http.StatusOK)
	if err := json.Unmarshal(raw.body, &export); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, res := range export.Results {
		got[res.Sample+"/"+res.Indicator] = res.Value
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored values (lab's export):\n got %v\nwant %v\n%s", got, want, raw.body)
	}

	// The admin's CSV template names the samples, in English on request.
	r = e.doLang("en", "GET", "/api/v1/studies/TPL/results/template?format=csv", "admin", "", nil).must(t, http.StatusOK)
	csv := strings.TrimPrefix(string(r.body), "\uFEFF")
	if !strings.HasPrefix(csv, "sample,") {
		t.Errorf("admin CSV template starts %.60q", csv)
	}
	for _, s := range d.Samples {
		if !strings.Contains(csv, "\n"+s.Code+",") {
			t.Errorf("admin template lacks sample %s", s.Code)
		}
	}

	// Refusals, in the caller's language.
	e.do("GET", "/api/v1/studies/TPL/results/template", "reader", "", nil).must(t, http.StatusForbidden)
	e.do("GET", "/api/v1/studies/TPL/results/template", "otherlab", "", nil).must(t, http.StatusNotFound)
	for _, lang := range []string{"zh", "en"} {
		p := e.doLang(lang, "GET", "/api/v1/studies/TPL/results/template?format=pdf", "admin", "", nil).must(t, http.StatusBadRequest).problem(t)
		checkLang(t, lang, p)
		p = e.doLang(lang, "GET", "/api/v1/studies/TPL/results/template", "reader", "", nil).must(t, http.StatusForbidden).problem(t)
		checkLang(t, lang, p)
	}
}

// TestDesignWorkbookRoundTripsBetweenServers exports a design as a
// workbook from one server and posts it to another: the design is the
// same. A lab gets no workbook; a broken workbook is refused with every
// problem placed at its sheet, row and column, in the caller's language.
func TestDesignWorkbookRoundTripsBetweenServers(t *testing.T) {
	a := newEnv(t, api.Config{})
	b := newEnv(t, api.Config{})
	a.createStudy("WB", 3)
	for _, lang := range []string{"zh", "en"} {
		r := a.doLang(lang, "GET", "/api/v1/studies/WB?format=xlsx", "admin", "", nil).must(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != xlsxType {
			t.Fatalf("Content-Type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "WB-design.xlsx") {
			t.Errorf("Content-Disposition %q", cd)
		}
		sheetsOf := openXLSX(t, r.body).GetSheetList()
		if wantFirst := map[string]string{"zh": "研究", "en": "Study"}[lang]; sheetsOf[0] != wantFirst {
			t.Errorf("%s workbook's sheets %v", lang, sheetsOf)
		}
		// Posted as an octet stream: recognised by its first bytes.
		ct := xlsxType
		if lang == "en" {
			ct = "application/octet-stream"
		}
		env := b // a server each: the code is taken once imported
		if lang == "en" {
			env = newEnv(t, api.Config{})
		}
		created := env.do("POST", "/api/v1/studies", "admin", ct, r.body).must(t, http.StatusCreated)
		original := a.do("GET", "/api/v1/studies/WB", "admin", "", nil).must(t, http.StatusOK)
		if !sameJSON(t, created.body, original.body) {
			t.Errorf("%s: the re-imported design differs:\n got %s\nwant %s", lang, created.body, original.body)
		}
		again := env.do("GET", "/api/v1/studies/WB", "admin", "", nil).must(t, http.StatusOK)
		if !sameJSON(t, again.body, original.body) {
			t.Errorf("%s: the stored re-imported design differs:\n got %s\nwant %s", lang, again.body, original.body)
		}
	}

	a.setState("WB", "open")
	for _, lang := range []string{"zh", "en"} {
		p := a.doLang(lang, "GET", "/api/v1/studies/WB?format=xlsx", "lab", "", nil).must(t, http.StatusForbidden).problem(t)
		checkLang(t, lang, p)
		p = a.doLang(lang, "GET", "/api/v1/studies/WB?format=pdf", "admin", "", nil).must(t, http.StatusBadRequest).problem(t)
		checkLang(t, lang, p)
	}
	a.do("GET", "/api/v1/studies/WB?format=xlsx", "reader", "", nil).must(t, http.StatusForbidden)
	a.do("GET", "/api/v1/studies/WB?format=json", "lab", "", nil).must(t, http.StatusOK)

	// A broken workbook: unknown directions in two rows.
	r := a.doLang("zh", "GET", "/api/v1/studies/WB?format=xlsx", "admin", "", nil).must(t, http.StatusOK)
	f := openXLSX(t, r.body)
	for _, row := range []int{2, 4} {
		if err := f.SetCellStr("指标", findHeader(t, f, "指标", "方向", row), "越多越好"); err != nil {
			t.Fatal(err)
		}
	}
	broken := writeXLSX(t, f)
	for _, lang := range []string{"zh", "en"} {
		r := b.doLang(lang, "POST", "/api/v1/studies", "admin", xlsxType, broken).must(t, http.StatusUnprocessableEntity)
		var p struct {
			Type   string `json:"type"`
			Detail string `json:"detail"`
			Errors []struct {
				Sheet, Column, Letter, Reason string
				Row                           int
			} `json:"errors"`
		}
		r.decode(t, &p)
		if p.Type != "urn:qbench:problem:invalid-design" || len(p.Errors) != 2 {
			t.Fatalf("%s: problem %s, want 2 placed problems", lang, r.body)
		}
		if e := p.Errors[0]; e.Sheet != "指标" || e.Row != 2 || e.Column != "方向" || e.Letter == "" {
			t.Errorf("%s: first problem %+v, want 指标 row 2 column 方向", lang, e)
		}
		if e := p.Errors[1]; e.Sheet != "指标" || e.Row != 4 || e.Column != "方向" || e.Letter != p.Errors[0].Letter {
			t.Errorf("%s: second problem %+v, want 指标 row 4 column 方向", lang, e)
		}
		texts := []string{p.Detail, p.Errors[0].Reason, p.Errors[1].Reason}
		for _, s := range texts {
			// The reasons quote the workbook's Chinese; the English
			// wording is told by its Latin words.
			if lang == "zh" && !hasHan(strings.ReplaceAll(s, "越多越好", "")) || lang == "en" && !strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") {
				t.Errorf("Accept-Language %s answered %q", lang, s)
			}
		}
	}
	// Not a workbook at all, declared as one.
	p := b.doLang("zh", "POST", "/api/v1/studies", "admin", xlsxType, []byte("PK\x03\x04 not really")).must(t, http.StatusUnprocessableEntity).problem(t)
	checkLang(t, "zh", p)
}

// findHeader returns the cell in the given row under the header named.
func findHeader(t *testing.T, f *excelize.File, sheet, header string, row int) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range rows[0] {
		if h == header {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			return cell
		}
	}
	t.Fatalf("sheet %s has no header %s: %q", sheet, header, rows[0])
	return ""
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

// TestCloneStartsNextRound: the clone copies everything but the samples,
// sets round and predecessor, is audited, and is refused as a create is.
func TestCloneStartsNextRound(t *testing.T) {
	e := newEnv(t, api.Config{})
	// A source without a round cannot be told to be earlier: refused, by
	// the same placement rule as any create.
	src := e.createStudy("R0", 2)
	wantProblem(t, e.postJSON("/api/v1/studies/R0/clone", "admin", map[string]string{"code": "R0B", "round": "2027"}),
		http.StatusUnprocessableEntity, "invalid-design", "predecessor", "")
	src = fixture.Design("R1", 2)
	src.Round = "2026"
	e.postJSON("/api/v1/studies", "admin", src).must(t, http.StatusCreated)
	e.setState("R1", "open")
	e.do("POST", "/api/v1/studies/R1/results", "admin", "text/csv", csvBody(resultLines(src, 1))).must(t, http.StatusCreated)

	r := e.postJSON("/api/v1/studies/R1/clone", "admin", map[string]string{"code": "R2", "round": "2027"}).must(t, http.StatusCreated)
	if loc := r.header.Get("Location"); loc != "/api/v1/studies/R2" {
		t.Errorf("Location %q", loc)
	}
	var got, orig map[string]any
	r.decode(t, &got)
	e.do("GET", "/api/v1/studies/R1", "admin", "", nil).must(t, http.StatusOK).decode(t, &orig)
	if got["code"] != "R2" || got["round"] != "2027" || got["predecessor"] != "R1" {
		t.Errorf("clone's code, round, predecessor: %v %v %v", got["code"], got["round"], got["predecessor"])
	}
	if s, _ := got["samples"].([]any); len(s) != 0 {
		t.Errorf("the clone has samples: %v", got["samples"])
	}
	for _, k := range []string{"title", "product", "focal_region", "regions", "lab", "indicators", "settings"} {
		if !reflect.DeepEqual(got[k], orig[k]) {
			t.Errorf("%s: clone %v, source %v", k, got[k], orig[k])
		}
	}
	var status struct {
		State       string `json:"state"`
		ResultCount int    `json:"result_count"`
	}
	e.do("GET", "/api/v1/studies/R2/status", "admin", "", nil).must(t, http.StatusOK).decode(t, &status)
	if status.State != "draft" || status.ResultCount != 0 {
		t.Errorf("clone status %+v, want a draft without results", status)
	}
	// A profile of the sample-less draft is a profile of nothing, not a
	// failure.
	e.do("GET", "/api/v1/studies/R2/profile", "admin", "", nil).must(t, http.StatusOK)
	// Without samples the draft may not open.
	for _, lang := range []string{"zh", "en"} {
		p := e.doLang(lang, "POST", "/api/v1/studies/R2/lifecycle", "admin", "application/json", []byte(`{"state": "open"}`)).must(t, http.StatusConflict).problem(t)
		checkLang(t, lang, p)
		if !strings.Contains(p.Detail, "R2") {
			t.Errorf("refusal to open %q does not name the study", p.Detail)
		}
	}
	audit := e.do("GET", "/api/v1/studies/R2/audit", "admin", "", nil).must(t, http.StatusOK)
	if !strings.Contains(string(audit.body), `"study.created"`) || !strings.Contains(string(audit.body), `"predecessor":"R1"`) {
		t.Errorf("clone not audited as a creation with its predecessor: %s", audit.body)
	}

	// Refusals: the code is taken; the source is unknown or not the
	// caller's; a bad code; a body that is not a clone request.
	for _, lang := range []string{"zh", "en"} {
		p := e.doLang(lang, "POST", "/api/v1/studies/R1/clone", "admin", "application/json", []byte(`{"code": "R2", "round": "2028"}`)).must(t, http.StatusConflict).problem(t)
		checkLang(t, lang, p)
		p = e.doLang(lang, "POST", "/api/v1/studies/NOPE/clone", "admin", "application/json", []byte(`{"code": "R3"}`)).must(t, http.StatusNotFound).problem(t)
		checkLang(t, lang, p)
		p = e.doLang(lang, "POST", "/api/v1/studies/R1/clone", "lab", "application/json", []byte(`{"code": "R3"}`)).must(t, http.StatusForbidden).problem(t)
		checkLang(t, lang, p)
		p = e.doLang(lang, "POST", "/api/v1/studies/R1/clone", "admin", "application/json", []byte(`{"code": "r 3"}`)).must(t, http.StatusUnprocessableEntity).problem(t)
		checkLang(t, lang, p)
		if len(p.Errors) == 0 || p.Errors[0].Field != "code" {
			t.Errorf("bad code refused with %+v, want a problem of field code", p.Errors)
		}
		e.doLang(lang, "POST", "/api/v1/studies/R1/clone", "admin", "application/json", []byte(`{"cod": "R3"}`)).must(t, http.StatusBadRequest).problem(t)
	}
	e.do("GET", "/api/v1/studies/R3", "admin", "", nil).must(t, http.StatusNotFound)
}

// TestIndicatorSetsOverTheAPI: the shipped sets and a bureau's own are
// listed; a set's workbook, filled with its examples, creates a study.
func TestIndicatorSetsOverTheAPI(t *testing.T) {
	dir := t.TempDir()
	green, ok := sheets.IndicatorSet("green-tea")
	if !ok {
		t.Fatal("no shipped green-tea set")
	}
	var buf bytes.Buffer
	if err := sheets.WriteDesignTemplate(&buf, green, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bureau-tea.xlsx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	own, err := sheets.LoadIndicatorSets(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, api.Config{IndicatorSets: own})

	var list struct {
		Sets []struct {
			Name           string `json:"name"`
			IndicatorCount int    `json:"indicator_count"`
			Origin         string `json:"origin"`
		} `json:"indicator_sets"`
	}
	e.do("GET", "/api/v1/indicator-sets", "admin", "", nil).must(t, http.StatusOK).decode(t, &list)
	var names []string
	for _, s := range list.Sets {
		names = append(names, s.Name+"@"+s.Origin)
		if s.IndicatorCount == 0 {
			t.Errorf("set %s has no indicators", s.Name)
		}
	}
	if want := []string{"bureau-tea@bureau-tea.xlsx", "green-tea@embedded", "rebar@embedded"}; !slices.Equal(names, want) {
		t.Errorf("sets %v, want %v", names, want)
	}

	var set struct {
		Name       string            `json:"name"`
		Indicators []json.RawMessage `json:"indicators"`
	}
	e.do("GET", "/api/v1/indicator-sets/rebar", "admin", "", nil).must(t, http.StatusOK).decode(t, &set)
	if set.Name != "rebar" || len(set.Indicators) == 0 {
		t.Errorf("rebar set %+v", set)
	}
	for _, name := range []string{"green-tea", "rebar", "bureau-tea"} {
		r := e.doLang("zh", "GET", "/api/v1/indicator-sets/"+name+"?format=xlsx", "admin", "", nil).must(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != xlsxType {
			t.Fatalf("Content-Type %q", ct)
		}
		// Filled with its examples, the template is a valid design (a
		// server each: the example study's code is the same in every one).
		newEnv(t, api.Config{}).do("POST", "/api/v1/studies", "admin", xlsxType, r.body).must(t, http.StatusCreated)
	}

	for _, lang := range []string{"zh", "en"} {
		p := e.doLang(lang, "GET", "/api/v1/indicator-sets/milk", "admin", "", nil).must(t, http.StatusNotFound).problem(t)
		checkLang(t, lang, p)
		p = e.doLang(lang, "GET", "/api/v1/indicator-sets", "lab", "", nil).must(t, http.StatusForbidden).problem(t)
		checkLang(t, lang, p)
		p = e.doLang(lang, "GET", "/api/v1/indicator-sets/rebar?format=pdf", "admin", "", nil).must(t, http.StatusBadRequest).problem(t)
		checkLang(t, lang, p)
	}
}

// TestFilledTemplateGivesTheProfileOfTheLongCSV: the admin's template,
// headed in Chinese and filled with full-width digits, ＜ and 未检出, gives
// through the API exactly the profile that the equivalent long CSV gives
// for a study of the same design.
func TestFilledTemplateGivesTheProfileOfTheLongCSV(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("WIDE", 3)
	long := *d
	long.Code = "LONG"
	e.postJSON("/api/v1/studies", "admin", &long).must(t, http.StatusCreated)
	e.setState("WIDE", "open")
	e.setState("LONG", "open")

	r := e.doLang("zh", "GET", "/api/v1/studies/WIDE/results/template", "admin", "", nil).must(t, http.StatusOK)
	f := openXLSX(t, r.body)
	sheet := f.GetSheetList()[0]
	fullWidth := strings.NewReplacer("0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５", "6", "６", "7", "７", "8", "８", "9", "９", ".", "．", "<", "＜")
	lines := []string{csvHeader}
	for i, s := range d.Samples {
		values := []string{
			fmt.Sprintf("%.1f", 33+float64((i*7)%9)/2),                  // water extract
			[]string{"未检出", "<0.005", fmt.Sprintf("0.0%d", 1+i%8)}[i%3], // bifenthrin
			fmt.Sprintf("%.2f", 1+float64((i*5)%11)/5),                  // alkalinity
		}
		for j, v := range values {
			cell, _ := excelize.CoordinatesToCellName(j+2, i+2)
			if err := f.SetCellStr(sheet, cell, fullWidth.Replace(v)); err != nil {
				t.Fatal(err)
			}
			ind := d.Indicators[j]
			longValue := v
			if v == "未检出" {
				longValue = "ND"
			}
			lines = append(lines, fmt.Sprintf("%s,%s,%s,%s,%s,%s,,1,,", s.Code, ind.Code, longValue, ind.Unit, ind.Method, d.Lab.Code))
		}
	}
	e.do("POST", "/api/v1/studies/WIDE/results", "admin", xlsxType, writeXLSX(t, f)).must(t, http.StatusCreated)
	e.do("POST", "/api/v1/studies/LONG/results", "admin", "text/csv", []byte(strings.Join(lines, "\n")+"\n")).must(t, http.StatusCreated)

	wide := e.do("GET", "/api/v1/studies/WIDE/profile", "admin", "", nil).must(t, http.StatusOK).body
	longProfile := e.do("GET", "/api/v1/studies/LONG/profile", "admin", "", nil).must(t, http.StatusOK).body
	wide = bytes.Replace(wide, []byte(`"study":"WIDE"`), []byte(`"study":"LONG"`), 1)
	if !bytes.Equal(wide, longProfile) {
		t.Errorf("the filled template's profile differs from the long CSV's:\nwide %.800s\nlong %.800s", wide, longProfile)
	}
}
