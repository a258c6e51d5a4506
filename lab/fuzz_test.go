package lab_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
)

// Seed corpora beyond the f.Add seeds are in testdata/fuzz/<FuzzName>/.

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(exportedResults))
	f.Add([]byte(csvFile(header, waterRow, bifenthrinRow, alkalinityRow)))
	f.Add([]byte("\uFEFFvalue,sample,indicator,unit,method,lab\r\n\"<0.005\",BZ-02,bifenthrin,mg/kg,GB 23200.113-2018,SCTQ\r\n"))
	f.Add([]byte(csvFile(header, waterRow, waterRow)))
	f.Add([]byte("sample,\"in\ndicator\"\n\"a\"\"b\",c\n"))
	fuzzParse(f, lab.CSV)
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"results":[{"sample":"BZ-01","indicator":"water_extract","value":41.20,"unit":"%","method":"GB/T 8305-2013","lab":"SCTQ","replicate":1}]}`))
	f.Add([]byte(`{"study":"x","results":[{"sample":"BZ-01","indicator":"bifenthrin","value":"ND","unit":"mg/kg","method":"GB 23200.113-2018","lab":"SCTQ","lod":1e-3,"analyst":null}]}`))
	f.Add([]byte(`{"results":[{}, {"sample":true}, 3, {"value":"<0.005","lod":"0.01"}]}`))
	f.Add([]byte(`{"results":[]}`))
	fuzzParse(f, lab.JSON)
}

// fuzzParse reads any bytes in the format: a refusal must be a *Problems
// with rows in the file, and what Check accepts must be consistent and
// round-trip through WriteCSV and WriteJSON.
func fuzzParse(f *testing.F, format lab.Format) {
	d := testDesign()
	f.Fuzz(func(t *testing.T, data []byte) {
		// A row is at most a line (CSV) or an element (JSON) past the
		// last one, which a file of n bytes cannot exceed.
		maxRow := len(data) + 1
		table, err := lab.Parse(bytes.NewReader(data), format)
		if err != nil {
			// Past a limit (a cell or a line too long) reading stops
			// with that one problem; anything else lists its rows.
			var le *lab.LimitError
			if !errors.As(err, &le) {
				assertProblemRows(t, problemsOf(t, err), 1, maxRow)
			} else if le.Row < 0 || le.Row > maxRow {
				t.Fatalf("limit error at row %d of a %d-byte file", le.Row, len(data))
			}
			return
		}
		last := 0
		for _, r := range table.Rows {
			if r.Number <= last {
				t.Fatalf("row %d after row %d", r.Number, last)
			}
			last = r.Number
		}
		results, err := lab.Check(d, table, lab.CheckOptions{})
		if err != nil {
			var le *lab.LimitError
			if !errors.As(err, &le) {
				assertProblemRows(t, problemsOf(t, err), 1, maxRow)
			}
			return
		}
		assertConsistent(t, d, results)
		for _, format := range []lab.Format{lab.CSV, lab.JSON} {
			assertSameResults(t, roundTrip(t, d, format, results), results)
		}
	})
}

// FuzzReadWide reads any bytes as a CSV file, wide layout seeds first.
func FuzzReadWide(f *testing.F) {
	f.Add([]byte(wideCSV))
	f.Add([]byte(csvFile("sample,replicate,water_extract,bifenthrin", "BZ-01,1,41.2,ND", "BZ-01,2,40.85,0.01")))
	f.Add([]byte(csvFile("样品编号,水浸出物(mg/kg),联苯菊酯,单位,caffeine,水浸出物,水浸出物#1", "BZ-01,41.2,abc,%,1,41.2,41.2")))
	f.Add([]byte(csvFile("样品编号,水浸出物 [%]#2,联苯菊酯（mg/kg）", "BZ-01,-0,＜０.01", "BZ-02,1e-400,未检出")))
	fuzzRead(f, lab.CSV)
}

// FuzzReadXLSX reads any bytes as a workbook, long and wide seeds first.
func FuzzReadXLSX(f *testing.F) {
	f.Add([]byte(xlsxFile(f, [][]any{headerCells(), {"BZ-01", "water_extract", 41.2, "%", "GB/T 8305-2013", "SCTQ", nil, 1, "2016-06-01", "Li"}})))
	f.Add([]byte(xlsxFile(f, [][]any{{"样品编号", "水浸出物(%)", "联苯菊酯"}, nil, {"BZ-01", 41.2, "未检出"}, {"YA-01", -3.5, 0.01, nil, "stray"}})))
	fuzzRead(f, lab.XLSX)
}

// FuzzReadJSON reads any bytes as JSON through Read.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"results":[{"sample":"BZ-01","indicator":"water_extract","value":-41.20,"unit":"%","method":"GB/T 8305-2013","lab":"SCTQ","replicate":1}]}`))
	f.Add([]byte(`{"results":[{}, {"sample":true}, 3, null, {"value":"<0.005","lod":"0.01"}, {"k":1,"k":[1]}]}`))
	fuzzRead(f, lab.JSON)
}

// fuzzRead reads any bytes with Read, which must give what Parse and Check
// give — the same results or the same refusal — and what it accepts must
// be consistent and round-trip through the long layout.
func fuzzRead(f *testing.F, format lab.Format) {
	d := testDesign()
	f.Fuzz(func(t *testing.T, data []byte) {
		results, err := lab.Read(bytes.NewReader(data), int64(len(data)), format, d, lab.CheckOptions{})
		// Read from Bytes (the server's way) must read the same.
		inPlace := bytes.Clone(data)
		results2, err2 := lab.Read(lab.Bytes(inPlace), int64(len(inPlace)), format, d, lab.CheckOptions{})
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("Read: %v; Read of Bytes: %v", err, err2)
		}
		if err == nil {
			// Results keep nothing of the file: overwritten, it changes none.
			for i := range inPlace {
				inPlace[i] = '#'
			}
			assertSameResults(t, results2, results)
		}
		table, perr := lab.Parse(bytes.NewReader(data), format)
		var want []benchmark.Result
		if perr == nil {
			want, perr = lab.Check(d, table, lab.CheckOptions{})
		}
		switch {
		case (err == nil) != (perr == nil):
			t.Fatalf("Read: %v; Parse and Check: %v", err, perr)
		case err != nil:
			if err.Error() != perr.Error() {
				t.Fatalf("Read: %v\nParse and Check: %v", err, perr)
			}
			var le *lab.LimitError
			if !errors.As(err, &le) {
				assertProblemRows(t, problemsOf(t, err), 1, math.MaxInt32)
			}
			return
		}
		assertSameResults(t, results, want)
		assertConsistent(t, d, results)
		for _, format := range []lab.Format{lab.CSV, lab.JSON} {
			assertSameResults(t, roundTrip(t, d, format, results), results)
		}
	})
}

// FuzzCheck checks a row of any cells, after a good one, with and without
// blind codes.
func FuzzCheck(f *testing.F) {
	f.Add("BZ-01", "water_extract", "41.2", "%", "GB/T 8305-2013", "SCTQ", "", "1", "2016-06-01", "Li", false)
	f.Add("X7Q", "bifenthrin", "ND", "mg/kg", "GB 23200.113-2018", "SCTQ", "", "", "", "", true)
	f.Add("BZ-01", "bifenthrin", "<0.005", "mg/kg", "GB 23200.113-2018", "SCTQ", "0.005", "2", "", "Wang", false)
	f.Add("YA-01", "alkalinity", "1e999", "%", "GB/T 8309-2013", "SCTQ", "-1", "0", "2016-02-30", "", true)
	f.Add("K2M", "alkalinity", "2.5", "%", "GB/T 8309-2013", "SCTQ", "", "1", "", "", true)
	d := testDesign()
	blindCodes := map[string]string{"X7Q": "BZ-01", "K2M": "YA-01"}
	f.Fuzz(func(t *testing.T, sample, indicator, value, unit, method, labCode, lod, replicate, testedOn, analyst string, blind bool) {
		fuzzed := []string{sample, indicator, value, unit, method, labCode, lod, replicate, testedOn, analyst}
		good := strings.Split(alkalinityRow, ",")
		opts := lab.CheckOptions{}
		if blind {
			opts.BlindCodes = blindCodes
			good[0] = "K2M"
		}
		table := &lab.Table{Format: lab.CSV, Rows: []lab.Row{{Number: 2, Cells: fuzzed}, {Number: 3, Cells: good}}}
		for _, name := range strings.Split(header, ",") {
			table.Columns = append(table.Columns, lab.Column{Name: name, Row: 1})
		}

		results, err := lab.Check(d, table, opts)
		if err != nil {
			p := problemsOf(t, err)
			assertProblemRows(t, p, 2, 3)
			if blind {
				assertNoSecrets(t, d, p, fuzzed)
			}
			return
		}
		assertConsistent(t, d, results)
		for _, cell := range fuzzed {
			if !utf8.ValidString(cell) {
				return // Parse refuses such files, so they cannot round-trip
			}
		}
		for _, format := range []lab.Format{lab.CSV, lab.JSON} {
			assertSameResults(t, roundTrip(t, d, format, results), results)
		}
	})
}

func assertProblemRows(t *testing.T, p *lab.Problems, first, last int) {
	t.Helper()
	if len(p.Errors) == 0 {
		t.Fatal("a *Problems without problems")
	}
	for _, e := range p.Errors {
		if e.Row < first || e.Row > last || e.Reason == "" {
			t.Fatalf("problem %v outside rows %d-%d or without a reason", e, first, last)
		}
	}
}

// assertNoSecrets fails when a problem names a real sample code, a region or
// an enterprise that the lab did not write itself.
func assertNoSecrets(t *testing.T, d *benchmark.Design, p *lab.Problems, written []string) {
	t.Helper()
	var secrets []string
	for _, r := range d.Regions {
		secrets = append(secrets, r.Name)
	}
	for _, s := range d.Samples {
		secrets = append(secrets, s.Code, s.Enterprise)
	}
	for _, secret := range secrets {
		if strings.Contains(strings.Join(written, "\x00"), secret) {
			continue
		}
		for _, e := range p.Errors {
			if strings.Contains(e.Reason, secret) {
				t.Fatalf("%v reveals %q", e, secret)
			}
		}
	}
}

// assertConsistent checks what every accepted result must satisfy.
func assertConsistent(t *testing.T, d *benchmark.Design, results []benchmark.Result) {
	t.Helper()
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	seen := make(map[benchmark.ResultKey]bool)
	for _, r := range results {
		ind := d.Indicator(r.Indicator)
		switch {
		case d.Sample(r.Sample) == nil || ind == nil:
			t.Fatalf("unknown sample or indicator accepted: %s", describe(r))
		case r.Unit != ind.Unit || r.Method != ind.Method || r.Lab != d.Lab.Code:
			t.Fatalf("a unification broken: %s", describe(r))
		case r.Replicate < 1 || seen[r.Key()]:
			t.Fatalf("bad or repeated replicate: %s", describe(r))
		case r.NonDetect != (r.Value == nil):
			t.Fatalf("NonDetect and Value disagree: %s", describe(r))
		case r.Value != nil && !(finite(*r.Value) && !(*r.Value == 0 && math.Signbit(*r.Value))):
			t.Fatalf("bad value: %s", describe(r))
		case r.LOD != nil && !(finite(*r.LOD) && *r.LOD > 0):
			t.Fatalf("bad lod: %s", describe(r))
		case r.NonDetect && r.EffectiveLOD(ind) == nil:
			t.Fatalf("non-detect without LOD: %s", describe(r))
		case r.Reported == "" || r.Reported != strings.TrimSpace(r.Reported):
			t.Fatalf("reported value %q", r.Reported)
		}
		if r.TestedOn != "" {
			if _, err := time.Parse("2006-01-02", r.TestedOn); err != nil {
				t.Fatalf("tested_on %q accepted", r.TestedOn)
			}
		}
		seen[r.Key()] = true
	}
}

// FuzzReadCSV reads any bytes as a CSV file, long layout seeds first: most
// are plain (no quote, no bare carriage return), which Read takes without
// encoding/csv, and must read as Parse does.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(csvFile(header, waterRow, bifenthrinRow, alkalinityRow)))
	f.Add([]byte("\uFEFF" + strings.ReplaceAll(csvFile(header, waterRow, "", bifenthrinRow), "\n", "\r\n")))
	f.Add([]byte(csvFile(header, waterRow) + "\r\n\n" + bifenthrinRow))
	f.Add([]byte(csvFile(header, waterRow) + "BZ-02,bifenthrin,ND\r"))
	f.Add([]byte(csvFile(header, waterRow+",", "'=1,\xff,x")))
	fuzzRead(f, lab.CSV)
}
