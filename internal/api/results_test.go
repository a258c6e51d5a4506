package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/api"
)

const csvHeader = "sample,indicator,value,unit,method,lab,lod,replicate,tested_on,analyst"

// resultLines returns upload rows (without header) for every sample,
// indicator and replicate of d, in the export's own spelling, so that an
// export of the stored results can be compared line by line.
func resultLines(d *benchmark.Design, replicates int) []string {
	var lines []string
	for i, s := range d.Samples {
		for j, ind := range d.Indicators {
			for rep := 1; rep <= replicates; rep++ {
				v := fmt.Sprintf("%.2f", 1+float64((i*7+j*3+rep)%40)/10)
				if ind.Code == "bifenthrin" && (i+rep)%3 != 0 {
					v = "ND"
				}
				lines = append(lines, fmt.Sprintf("%s,%s,%s,%s,%s,%s,,%d,2016-06-01,Li", s.Code, ind.Code, v, ind.Unit, ind.Method, d.Lab.Code, rep))
			}
		}
	}
	return lines
}

func csvBody(lines []string) []byte {
	return []byte(csvHeader + "\n" + strings.Join(lines, "\n") + "\n")
}

// sortedExport fetches the results export and returns its data lines sorted.
func (e *env) sortedExport(code, who string) []string {
	e.t.Helper()
	r := e.do("GET", "/api/v1/studies/"+code+"/results?format=csv", who, "", nil).must(e.t, http.StatusOK)
	lines := strings.Split(strings.TrimRight(string(r.body), "\n"), "\n")
	if lines[0] != csvHeader {
		e.t.Fatalf("export header = %q", lines[0])
	}
	data := lines[1:]
	sort.Strings(data)
	return data
}

func (e *env) resultCount(code string) int {
	e.t.Helper()
	var st struct {
		ResultCount int `json:"result_count"`
	}
	e.do("GET", "/api/v1/studies/"+code+"/status", "admin", "", nil).must(e.t, http.StatusOK).decode(e.t, &st)
	return st.ResultCount
}

// TestUploadRefusesTenBadRowsThenStoresTheCorrectedFile is the intake
// acceptance test: a 500-row file with one bad row in each of ten ways.
func TestUploadRefusesTenBadRowsThenStoresTheCorrectedFile(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("UP", 28) // 84 samples × 3 indicators × 2 replicates = 504 rows
	e.setState("UP", "open")
	good := resultLines(d, 2)
	if len(good) < 500 {
		t.Fatalf("fixture has %d rows, want 500 or more", len(good))
	}
	bad := append([]string(nil), good...)
	type breakage struct {
		line   int // index into bad
		column string
		edit   func(fields []string)
	}
	breakages := []breakage{
		{10, "sample", func(f []string) { f[0] = "ZZ-99" }},
		{20, "indicator", func(f []string) { f[1] = "caffeine" }},
		{30, "unit", func(f []string) { f[3] = "g/kg" }},
		{40, "method", func(f []string) { f[4] = "GB/T 0000" }},
		{50, "lab", func(f []string) { f[5] = "OTHERLAB" }},
		{60, "value", func(f []string) { f[2] = "4l.2" }},
		{72, "value", func(f []string) { f[2] = "1e-400" }}, // underflows to 0 (signed values are valid)
		{84, "replicate", func(f []string) { f[7] = "0" }},
		{96, "tested_on", func(f []string) { f[8] = "2016/06/01" }},
		{108, "value", func(f []string) { f[2] = "ND" }}, // water_extract has no LOD
	}
	for _, b := range breakages {
		fields := strings.Split(bad[b.line], ",")
		if b.column == "value" && b.line == 108 && fields[1] != "water_extract" {
			t.Fatalf("line 108 is %s, want a water_extract row", fields[1])
		}
		b.edit(fields)
		bad[b.line] = strings.Join(fields, ",")
	}
	p := e.do("POST", "/api/v1/studies/UP/results", "admin", "text/csv", csvBody(bad)).must(t, http.StatusUnprocessableEntity).problem(t)
	if len(p.Errors) != len(breakages) {
		t.Fatalf("got %d row errors, want %d: %+v", len(p.Errors), len(breakages), p.Errors)
	}
	for i, b := range breakages {
		got := p.Errors[i]
		if got.Row != b.line+2 || got.Column != b.column || got.Reason == "" {
			t.Errorf("error %d = %+v, want row %d column %s", i, got, b.line+2, b.column)
		}
	}
	if n := e.resultCount("UP"); n != 0 {
		t.Fatalf("a refused file stored %d results", n)
	}
	var sum struct{ Rows, Created int }
	e.do("POST", "/api/v1/studies/UP/results", "admin", "text/csv", csvBody(good)).must(t, http.StatusCreated).decode(t, &sum)
	if sum.Rows != len(good) || sum.Created != len(good) {
		t.Errorf("upload summary = %+v", sum)
	}
	want := append([]string(nil), good...)
	sort.Strings(want)
	if got := e.sortedExport("UP", "admin"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("export differs from the upload")
	}
}

// TestUploadFormatsAgree uploads the same results as CSV, JSON and XLSX.
func TestUploadFormatsAgree(t *testing.T) {
	e := newEnv(t, api.Config{})
	var exports [][]string
	for _, format := range []string{"csv", "json", "xlsx"} {
		code := "F-" + format
		d := e.createStudy(code, 3)
		e.setState(code, "open")
		lines := resultLines(d, 2)
		var body []byte
		var ctype string
		switch format {
		case "csv":
			body, ctype = csvBody(lines), "text/csv"
		case "json":
			body, ctype = jsonBody(t, lines), "application/json"
		case "xlsx":
			body, ctype = xlsxBody(t, lines), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		e.do("POST", "/api/v1/studies/"+code+"/results", "admin", ctype, body).must(t, http.StatusCreated)
		exports = append(exports, e.sortedExport(code, "admin"))
	}
	for i := 1; i < len(exports); i++ {
		if strings.Join(exports[i], "\n") != strings.Join(exports[0], "\n") {
			t.Errorf("format %d stored other results than CSV", i)
		}
	}
}

// jsonBody turns CSV lines into the JSON upload form, with numbers as JSON
// numbers where they are numbers.
func jsonBody(t *testing.T, lines []string) []byte {
	t.Helper()
	cols := strings.Split(csvHeader, ",")
	var rows []string
	for _, l := range lines {
		f := strings.Split(l, ",")
		var kv []string
		for i, c := range cols {
			if f[i] == "" {
				continue
			}
			v := fmt.Sprintf("%q", f[i])
			if c == "value" && f[i] != "ND" || c == "replicate" {
				v = f[i]
			}
			kv = append(kv, fmt.Sprintf("%q: %s", c, v))
		}
		rows = append(rows, "{"+strings.Join(kv, ", ")+"}")
	}
	return []byte(`{"results": [` + strings.Join(rows, ",\n") + "]}")
}

// xlsxBody writes the lines to the first sheet of a workbook, with numbers
// as text cells where the lab would type them as text.
func xlsxBody(t *testing.T, lines []string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	write := func(row int, fields []string) {
		for i, v := range fields {
			cell, err := excelize.CoordinatesToCellName(i+1, row)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(1, strings.Split(csvHeader, ","))
	for i, l := range lines {
		write(i+2, strings.Split(l, ","))
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUploadTooLarge(t *testing.T) {
	e := newEnv(t, api.Config{MaxUploadBytes: 2048})
	d := e.createStudy("BIG", 10)
	e.setState("BIG", "open")
	p := e.do("POST", "/api/v1/studies/BIG/results", "admin", "text/csv", csvBody(resultLines(d, 3))).
		must(t, http.StatusRequestEntityTooLarge).problem(t)
	if p.Type != "urn:qbench:problem:too-large" {
		t.Errorf("type = %s", p.Type)
	}
	if n := e.resultCount("BIG"); n != 0 {
		t.Errorf("stored %d results from a refused upload", n)
	}
}

func TestUploadNeedsOpenStudyAndKnownFormat(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("ST", 2)
	body := csvBody(resultLines(d, 1))
	p := e.do("POST", "/api/v1/studies/ST/results", "admin", "text/csv", body).must(t, http.StatusConflict).problem(t)
	if !strings.Contains(p.Detail, "draft") {
		t.Errorf("detail %q does not say why", p.Detail)
	}
	e.setState("ST", "open")
	e.do("POST", "/api/v1/studies/ST/results", "admin", "image/png", []byte("\x89PNG\r\n\x1a\n")).must(t, http.StatusUnsupportedMediaType).problem(t)
	e.do("POST", "/api/v1/studies/ST/results", "admin", "text/csv", body).must(t, http.StatusCreated)
	e.setState("ST", "closed")
	e.do("POST", "/api/v1/studies/ST/results", "admin", "text/csv", body).must(t, http.StatusConflict).problem(t)
}

func TestReplacementNeedsReasonAndIsAudited(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("RP", 2)
	e.setState("RP", "open")
	lines := resultLines(d, 1)
	e.do("POST", "/api/v1/studies/RP/results", "admin", "text/csv", csvBody(lines)).must(t, http.StatusCreated)
	changed := append([]string(nil), lines...)
	f := strings.Split(changed[0], ",")
	old := f[2]
	f[2] = "9.99"
	changed[0] = strings.Join(f, ",")
	p := e.do("POST", "/api/v1/studies/RP/results", "admin", "text/csv", csvBody(changed)).must(t, http.StatusUnprocessableEntity).problem(t)
	if !strings.Contains(p.Detail, "reason") {
		t.Errorf("detail %q does not ask for a reason", p.Detail)
	}
	var sum struct{ Replaced, Unchanged int }
	e.do("POST", "/api/v1/studies/RP/results?reason=recalculated", "admin", "text/csv", csvBody(changed)).must(t, http.StatusCreated).decode(t, &sum)
	if sum.Replaced != 1 || sum.Unchanged != len(lines)-1 {
		t.Errorf("summary = %+v", sum)
	}
	var audit struct {
		Events []struct {
			Action, Subject, Reason, Actor string
			Detail                         struct{ Old, New struct{ Value string } }
		}
	}
	e.do("GET", "/api/v1/studies/RP/audit?action=result.replaced", "admin", "", nil).must(t, http.StatusOK).decode(t, &audit)
	if len(audit.Events) != 1 {
		t.Fatalf("events = %+v", audit.Events)
	}
	ev := audit.Events[0]
	if ev.Subject != f[0]+"/"+f[1]+"/1" || ev.Reason != "recalculated" || ev.Actor != "admin" || ev.Detail.Old.Value != old || ev.Detail.New.Value != "9.99" {
		t.Errorf("audit event = %+v", ev)
	}
	// JSON bodies may carry the reason themselves.
	f[2] = "8.88"
	changed[0] = strings.Join(f, ",")
	body := jsonBody(t, changed)
	body = append([]byte(`{"reason": "second look", `), body[1:]...)
	e.do("POST", "/api/v1/studies/RP/results", "admin", "application/json", body).must(t, http.StatusCreated)
}

// TestConcurrentUploadsThroughAPI sends different files for one study at
// the same time: all succeed, no row is lost.
func TestConcurrentUploadsThroughAPI(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("CC", 6)
	e.setState("CC", "open")
	lines := resultLines(d, 4)
	const files = 4
	var wg sync.WaitGroup
	statuses := make([]int, files)
	for i := range files {
		var part []string
		for j := i; j < len(lines); j += files {
			part = append(part, lines[j])
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do("POST", "/api/v1/studies/CC/results", "admin", "text/csv", csvBody(part)).status
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusCreated {
			t.Errorf("upload %d: status %d", i, s)
		}
	}
	if n := e.resultCount("CC"); n != len(lines) {
		t.Errorf("stored %d results, want %d", n, len(lines))
	}
}

// TestLabWorksBlind checks that a lab sees and uploads samples by blind
// code only, and that qbench maps the codes back.
func TestLabWorksBlind(t *testing.T) {
	e := newEnv(t, api.Config{})
	d := e.createStudy("BL", 3)
	e.setState("BL", "open")
	var samples struct {
		Samples []struct {
			Code      string `json:"code"`
			Region    string `json:"region"`
			BlindCode string `json:"blind_code"`
		}
	}
	e.do("GET", "/api/v1/studies/BL/samples", "admin", "", nil).must(t, http.StatusOK).decode(t, &samples)
	blind := map[string]string{}
	for _, smp := range samples.Samples {
		if smp.Region == "" || !strings.HasPrefix(smp.BlindCode, "Q-") {
			t.Errorf("admin sample %+v lacks its region or blind code", smp)
		}
		blind[smp.Code] = smp.BlindCode
	}
	if len(blind) != len(d.Samples) {
		t.Fatalf("admin sees %d blind codes for %d samples", len(blind), len(d.Samples))
	}
	for _, path := range []string{"/api/v1/studies/BL", "/api/v1/studies/BL/samples", "/api/v1/studies/BL/status", "/api/v1/studies"} {
		assertBlind(t, d, e.do("GET", path, "lab", "", nil).must(t, http.StatusOK).body)
	}

	// The lab uploads by blind code.
	var lines []string
	for _, l := range resultLines(d, 1) {
		f := strings.Split(l, ",")
		f[0] = blind[f[0]]
		lines = append(lines, strings.Join(f, ","))
	}
	e.do("POST", "/api/v1/studies/BL/results", "lab", "text/csv", csvBody(lines)).must(t, http.StatusCreated)
	// Real codes are unknown samples to the lab, and the errors do not
	// reveal them.
	refused := e.do("POST", "/api/v1/studies/BL/results", "lab", "text/csv", csvBody(resultLines(d, 1))).must(t, http.StatusUnprocessableEntity)
	assertBlind(t, d, refused.body)
	// Admin sees real codes, the lab its blind codes.
	adminExport := e.sortedExport("BL", "admin")
	want := resultLines(d, 1)
	sort.Strings(want)
	if strings.Join(adminExport, "\n") != strings.Join(want, "\n") {
		t.Errorf("admin export is not the results under real codes")
	}
	labExport := e.do("GET", "/api/v1/studies/BL/results", "lab", "", nil).must(t, http.StatusOK)
	assertBlind(t, d, labExport.body)
	rows, err := csv.NewReader(bytes.NewReader(labExport.body)).ReadAll()
	if err != nil || len(rows) != len(lines)+1 {
		t.Fatalf("lab export: %d rows, %v", len(rows), err)
	}
	for _, row := range rows[1:] {
		if !strings.HasPrefix(row[0], "Q-") {
			t.Errorf("lab export sample %q is not a blind code", row[0])
		}
	}
}

// assertBlind fails when a body shows a sample code, region or enterprise.
func assertBlind(t *testing.T, d *benchmark.Design, body []byte) {
	t.Helper()
	for _, s := range d.Samples {
		for _, secret := range []string{`"` + s.Code + `"`, s.Code + ",", s.Enterprise} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("lab response reveals %q: %.300s", secret, body)
			}
		}
	}
	for _, r := range d.Regions {
		for _, secret := range []string{`"` + r.Code + `"`, r.Name, r.NameEn} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("lab response reveals region %q: %.300s", secret, body)
			}
		}
	}
}
