package lab_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/lab"
	"github.com/xuri/excelize/v2"
)

func rowNumbers(table *lab.Table) []int {
	var rows []int
	for _, r := range table.Rows {
		rows = append(rows, r.Number)
	}
	return rows
}

func TestParseCSVForms(t *testing.T) {
	// A BOM, CRLF line ends, free column order, a header with spaces,
	// quoted fields (one across lines, one with a quote), blank lines inside
	// and at the end, a row of empty cells.
	data := "\uFEFF value , sample,indicator,unit,method,lab,analyst\r\n" +
		"41.2,BZ-01,water_extract,%,GB/T 8305-2013,SCTQ,\"Li,\r\nSenior\"\r\n" +
		"\r\n" +
		"\"<0.005\",BZ-02,bifenthrin,mg/kg,GB 23200.113-2018,SCTQ,\"Wang \"\"W\"\"\"\r\n" +
		",,,,,,\r\n" +
		"bad,BZ-02,water_extract,%,GB/T 8305-2013,SCTQ,\r\n" +
		"\r\n\r\n"
	table := mustParse(t, lab.CSV, data)
	if got := table.Columns[0]; got != (lab.Column{Name: "value", Row: 1}) {
		t.Errorf("first column %+v, want the trimmed name on row 1", got)
	}
	// The first record spans lines 2-3; line 4 is blank; line 6 is empty
	// cells.
	if got, want := rowNumbers(table), []int{2, 5, 7}; !slices.Equal(got, want) {
		t.Fatalf("row numbers %v, want %v", got, want)
	}

	_, err := lab.Check(testDesign(), table, lab.CheckOptions{})
	assertProblems(t, err, wantProblem{7, "value", `"bad" is neither`})

	table.Rows = table.Rows[:2]
	results, err := lab.Check(testDesign(), table, lab.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if results[0].Analyst != "Li,\nSenior" || results[1].Analyst != `Wang "W"` {
		t.Errorf("analysts %q, %q", results[0].Analyst, results[1].Analyst)
	}
	if results[1].Reported != "<0.005" || *results[1].LOD != 0.005 {
		t.Errorf("non-detect %s", describe(results[1]))
	}
}

func TestParseCSVHeaderAfterBlankLines(t *testing.T) {
	table := mustParse(t, lab.CSV, "\n\n"+csvFile(header+",extra", waterRow+","))
	_, err := lab.Check(testDesign(), table, lab.CheckOptions{})
	assertProblems(t, err, wantProblem{3, "extra", "unknown column"})
}

func TestParseRefusals(t *testing.T) {
	tests := []struct {
		name   string
		format lab.Format
		data   string
		want   wantProblem
	}{
		{"empty CSV", lab.CSV, "", wantProblem{1, "", "header row is required"}},
		{"CSV of blank lines and a BOM", lab.CSV, "\uFEFF\r\n\r\n", wantProblem{1, "", "header row is required"}},
		{"bare quote", lab.CSV, csvFile(header, waterRow, `BZ-02,water_extract,4"1,%,x,SCTQ,,1,,`), wantProblem{3, "", "bare \""}},
		{"unterminated quote", lab.CSV, csvFile(header, waterRow, `BZ-02,water_extract,"41`, "more"), wantProblem{3, "", "malformed CSV"}},
		{"GBK text", lab.CSV, csvFile(header, waterRow, "BZ-02,water_extract,41,%,x,SCTQ,,1,,\xc0\xee"), wantProblem{3, "", "not UTF-8"}},

		{"empty JSON", lab.JSON, "", wantProblem{1, "", `expected a JSON object {"results": [...]}`}},
		{"JSON array", lab.JSON, `[{"sample":"BZ-01"}]`, wantProblem{1, "", `expected a JSON object`}},
		{"no results", lab.JSON, `{"study":"BZ-GT-2016"}`, wantProblem{1, "", `no "results"`}},
		{"results not an array", lab.JSON, `{"results":{"sample":"BZ-01"}}`, wantProblem{1, "", "must be an array"}},
		{"results twice", lab.JSON, `{"results":[],"results":[]}`, wantProblem{1, "", "given twice"}},
		{"broken third result", lab.JSON, `{"results":[{}, {}, {"sample": BZ}]}`, wantProblem{3, "", "malformed JSON"}},
		{"data after the object", lab.JSON, `{"results":[{}]} {}`, wantProblem{2, "", "unexpected data"}},
		{"unclosed array", lab.JSON, `{"results":[{}`, wantProblem{2, "", "malformed JSON"}},

		{"not a workbook", lab.XLSX, "sample,indicator\n", wantProblem{1, "", "not a readable XLSX workbook"}},
		{"empty sheet", lab.XLSX, xlsxFile(t, nil), wantProblem{1, "", "first sheet is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := lab.Parse(strings.NewReader(tt.data), tt.format)
			if table != nil {
				t.Errorf("got a table with the error")
			}
			assertProblems(t, err, tt.want)
		})
	}
	if _, err := lab.Parse(strings.NewReader(""), "xls"); err == nil {
		t.Errorf("unknown format: no error")
	}
}

func TestParseJSON(t *testing.T) {
	data := `{"study": "BZ-GT-2016", "results": [
		{"sample": "BZ-01", "indicator": "water_extract", "value": 41.20, "unit": "%",
		 "method": "GB/T 8305-2013", "lab": "SCTQ", "replicate": 1, "analyst": null},
		{"sample": "BZ-01", "indicator": "bifenthrin", "value": "ND", "unit": "mg/kg",
		 "method": "GB 23200.113-2018", "lab": "SCTQ", "lod": 1e-3, "remark": "re-tested"},
		{"sample": "BZ-02", "indicator": "bifenthrin", "value": "<0.005", "unit": "mg/kg",
		 "method": "GB 23200.113-2018", "lab": "SCTQ", "remark": "", "tested_on": "2016-06-02"}
	]}`
	table := mustParse(t, lab.JSON, data)
	if got := table.Rows[0].Cells[slices.IndexFunc(table.Columns, func(c lab.Column) bool { return c.Name == "value" })]; got != "41.20" {
		t.Errorf("value 41.20 read as %q: a JSON number must keep its text", got)
	}
	_, err := lab.Check(testDesign(), table, lab.CheckOptions{})
	assertProblems(t, err, wantProblem{2, "remark", "unknown column"})

	results := mustCheck(t, lab.JSON, strings.NewReplacer(`, "remark": "re-tested"`, "", `"remark": "", `, "").Replace(data))
	if r := results[1]; r.Reported != "ND" || *r.LOD != 0.001 {
		t.Errorf("lod 1e-3: %s", describe(r))
	}
}

func TestCheckJSONWithoutKeys(t *testing.T) {
	table := mustParse(t, lab.JSON, `{"results": [{}, {"analyst": "Li"}]}`)
	_, err := lab.Check(testDesign(), table, lab.CheckOptions{})
	var want []wantProblem
	for _, name := range strings.Split(header, ",")[:6] {
		want = append(want, wantProblem{2, name, "missing required column"})
	}
	assertProblems(t, err, want...)
}

func TestParseJSONListsEveryValueOfTheWrongType(t *testing.T) {
	data := `{"results": [
		{"sample": "BZ-01", "value": true},
		42,
		{"sample": ["BZ-01"], "value": 1, "lod": {"x": 1}}
	]}`
	_, err := lab.Parse(strings.NewReader(data), lab.JSON)
	p := problemsOf(t, err)
	if len(p.Errors) != 4 {
		t.Fatalf("got %d problems, want 4:\n%s", len(p.Errors), listProblems(p))
	}
	want := []lab.RowError{
		{Row: 1, Column: "value", Reason: "must be a string or a number"},
		{Row: 2, Reason: "a result must be a JSON object"},
		{Row: 3, Column: "lod", Reason: "must be a string or a number"},
		{Row: 3, Column: "sample", Reason: "must be a string or a number"},
	}
	slices.SortStableFunc(p.Errors, func(a, b lab.RowError) int { return strings.Compare(a.String(), b.String()) })
	if !slices.EqualFunc(p.Errors, want, func(a, b lab.RowError) bool { return a.String() == b.String() }) {
		t.Errorf("problems:\n%s", listProblems(p))
	}
}

// xlsxFile builds a workbook whose first sheet holds the rows (from row 1;
// a nil row is left empty) and whose second sheet is noise.
func xlsxFile(t testing.TB, rows [][]any, options ...func(*excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for _, option := range options {
		option(f)
	}
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Notes"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Notes", "A1", "not results"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// headerCells is the upload header as sheet cells.
func headerCells() []any {
	var cells []any
	for _, name := range strings.Split(header, ",") {
		cells = append(cells, name)
	}
	return cells
}

func TestParseXLSX(t *testing.T) {
	june1 := time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC)
	rows := [][]any{
		headerCells(),
		{"BZ-01", "water_extract", "41.20", "%", "GB/T 8305-2013", "SCTQ", nil, 1, june1, "Li"},
		nil, // an empty row: the next is row 4
		{"BZ-02", "water_extract", 41.2, "%", "GB/T 8305-2013", "SCTQ", nil, 1, "2016-06-02", "Li"},
		{"YA-01", "water_extract", 40, "%", "GB/T 8305-2013", "SCTQ", nil, 1, june1, "Li", nil, "stray"},
	}
	for _, date1904 := range []bool{false, true} {
		data := xlsxFile(t, rows, func(f *excelize.File) {
			if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
				t.Fatal(err)
			}
		})
		table := mustParse(t, lab.XLSX, data)
		if got, want := rowNumbers(table), []int{2, 4, 5}; !slices.Equal(got, want) {
			t.Fatalf("row numbers %v, want %v", got, want)
		}
		_, err := lab.Check(testDesign(), table, lab.CheckOptions{})
		assertProblems(t, err, wantProblem{1, "", "column L has no name, but row 5 has a value in it"})

		table.Rows = table.Rows[:2]
		results, err := lab.Check(testDesign(), table, lab.CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if results[0].Reported != "41.20" || results[1].Reported != "41.2" {
			t.Errorf("reported %q and %q, want the text cell as typed and the number as held", results[0].Reported, results[1].Reported)
		}
		if results[0].TestedOn != "2016-06-01" || results[1].TestedOn != "2016-06-02" {
			t.Errorf("date1904=%v: tested_on %q and %q", date1904, results[0].TestedOn, results[1].TestedOn)
		}
	}
}

// TestFormatsGiveSameResults reads the same results as CSV, JSON and XLSX.
func TestFormatsGiveSameResults(t *testing.T) {
	csvData := csvFile(header,
		"BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,2016-06-01,Li",
		"BZ-01,water_extract,40.85,%,GB/T 8305-2013,SCTQ,,2,2016-06-01,Li",
		"BZ-01,bifenthrin,ND,mg/kg,GB 23200.113-2018,SCTQ,0.005,1,2016-06-02,Wang",
		"BZ-02,bifenthrin,<0.005,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-02,Wang",
		"YA-01,bifenthrin,0.012,mg/kg,GB 23200.113-2018,SCTQ,,1,,",
		"YA-01,alkalinity,2.15,%,GB/T 8309-2013,SCTQ,,1,2016-06-03,王")
	jsonData := `{"results": [
		{"sample":"BZ-01","indicator":"water_extract","value":41.2,"unit":"%","method":"GB/T 8305-2013","lab":"SCTQ","replicate":1,"tested_on":"2016-06-01","analyst":"Li"},
		{"sample":"BZ-01","indicator":"water_extract","value":"40.85","unit":"%","method":"GB/T 8305-2013","lab":"SCTQ","replicate":"2","tested_on":"2016-06-01","analyst":"Li"},
		{"sample":"BZ-01","indicator":"bifenthrin","value":"ND","unit":"mg/kg","method":"GB 23200.113-2018","lab":"SCTQ","lod":0.005,"replicate":1,"tested_on":"2016-06-02","analyst":"Wang"},
		{"sample":"BZ-02","indicator":"bifenthrin","value":"<0.005","unit":"mg/kg","method":"GB 23200.113-2018","lab":"SCTQ","replicate":1,"tested_on":"2016-06-02","analyst":"Wang"},
		{"sample":"YA-01","indicator":"bifenthrin","value":0.012,"unit":"mg/kg","method":"GB 23200.113-2018","lab":"SCTQ"},
		{"sample":"YA-01","indicator":"alkalinity","value":2.15,"unit":"%","method":"GB/T 8309-2013","lab":"SCTQ","replicate":1,"tested_on":"2016-06-03","analyst":"王"}
	]}`
	day := func(d int) time.Time { return time.Date(2016, 6, d, 0, 0, 0, 0, time.UTC) }
	xlsxData := xlsxFile(t, [][]any{
		headerCells(),
		{"BZ-01", "water_extract", 41.2, "%", "GB/T 8305-2013", "SCTQ", nil, 1, day(1), "Li"},
		{"BZ-01", "water_extract", 40.85, "%", "GB/T 8305-2013", "SCTQ", nil, 2, day(1), "Li"},
		{"BZ-01", "bifenthrin", "ND", "mg/kg", "GB 23200.113-2018", "SCTQ", 0.005, 1, day(2), "Wang"},
		{"BZ-02", "bifenthrin", "<0.005", "mg/kg", "GB 23200.113-2018", "SCTQ", nil, 1, day(2), "Wang"},
		{"YA-01", "bifenthrin", 0.012, "mg/kg", "GB 23200.113-2018", "SCTQ"},
		{"YA-01", "alkalinity", 2.15, "%", "GB/T 8309-2013", "SCTQ", nil, 1, day(3), "王"},
	})
	want := mustCheck(t, lab.CSV, csvData)
	if len(want) != 6 {
		t.Fatalf("%d results from CSV", len(want))
	}
	for format, data := range map[lab.Format]string{lab.JSON: jsonData, lab.XLSX: xlsxData} {
		t.Run(string(format), func(t *testing.T) {
			assertSameResults(t, mustCheck(t, format, data), want)
		})
	}
}

func TestDetectFormat(t *testing.T) {
	zip := []byte("PK\x03\x04\x14\x00")
	xls := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	csvText := []byte("sample,indicator,value\n")
	tests := []struct {
		contentType, filename string
		first                 []byte
		want                  lab.Format
		wantErr               error
	}{
		{"text/csv; charset=utf-8", "", nil, lab.CSV, nil},
		{"application/json", "", nil, lab.JSON, nil},
		{"application/problem+json", "", nil, lab.JSON, nil},
		{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "", nil, lab.XLSX, nil},
		{"application/octet-stream", "results.XLSX", nil, lab.XLSX, nil},
		{"application/vnd.ms-excel", "results.csv", csvText, lab.CSV, nil}, // how Windows browsers label CSV
		{"", "results.json", nil, lab.JSON, nil},
		{"", "", zip, lab.XLSX, nil},
		{"text/csv", "results.csv", zip, lab.XLSX, nil}, // the bytes cannot lie
		{"", "", []byte("\uFEFF\r\n  {\"results\""), lab.JSON, nil},
		{"text/plain", "", csvText, lab.CSV, nil},
		{"", "", []byte("样品,指标\n\xe6\xa0"), lab.CSV, nil}, // cut inside a character
		{"", "", xls, "", lab.ErrXLS},
		{"", "old.xls", nil, "", lab.ErrXLS},
		{"", "", nil, "", lab.ErrUnknownFormat},
		{"", "", []byte("\x00\x01binary"), "", lab.ErrUnknownFormat},
		{"", "", []byte("sample\xff\xfe,"), "", lab.ErrUnknownFormat},
	}
	for _, tt := range tests {
		got, err := lab.DetectFormat(tt.contentType, tt.filename, tt.first)
		if got != tt.want || err != tt.wantErr {
			t.Errorf("DetectFormat(%q, %q, %q) = %q, %v; want %q, %v", tt.contentType, tt.filename, tt.first, got, err, tt.want, tt.wantErr)
		}
	}
	for _, f := range []lab.Format{lab.CSV, lab.JSON, lab.XLSX} {
		if got, err := lab.DetectFormat(f.ContentType(), "", nil); got != f || err != nil {
			t.Errorf("DetectFormat(%q) = %q, %v", f.ContentType(), got, err)
		}
	}
}
