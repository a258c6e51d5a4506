package lab_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
)

func TestCheckProblems(t *testing.T) {
	// water_extract and alkalinity have no LOD of their own, bifenthrin 0.005.
	const (
		water  = "water_extract,%,GB/T 8305-2013,SCTQ"
		bifen  = "bifenthrin,mg/kg,GB 23200.113-2018,SCTQ"
		values = "sample,indicator,unit,method,lab,value,lod,replicate,tested_on"
	)
	tests := []struct {
		name  string
		lines []string
		want  []wantProblem
	}{
		{"unknown column",
			[]string{header + ",comment", waterRow + ",ok"},
			[]wantProblem{{1, "comment", "unknown column"}}},
		{"column name in the wrong case",
			[]string{strings.Replace(header, "sample", "Sample", 1), waterRow},
			[]wantProblem{{1, "Sample", `lower case, "sample"`}, {1, "sample", "missing required column"}}},
		{"semicolons instead of commas",
			[]string{strings.ReplaceAll(header, ",", ";"), "x"},
			[]wantProblem{
				{1, strings.ReplaceAll(header, ",", ";"), "separated by commas"},
				{1, "sample", "missing required column"}, {1, "indicator", "missing required column"},
				{1, "value", "missing required column"}, {1, "unit", "missing required column"},
				{1, "method", "missing required column"}, {1, "lab", "missing required column"},
			}},
		{"missing required column",
			[]string{"sample,indicator,value,method,lab", "BZ-01,water_extract,41.2,GB/T 8305-2013,SCTQ"},
			[]wantProblem{{1, "unit", "missing required column"}}},
		{"repeated column",
			[]string{header + ",value", waterRow + ",41.2"},
			[]wantProblem{{1, "value", "repeated column (also column 3)"}}},
		{"column without a name",
			[]string{header + ",,", waterRow + ",,", bifenthrinRow + ",,3"},
			[]wantProblem{{1, "", "column 12 has no name, but row 3 has a value in it"}}},
		{"row with too few fields",
			[]string{header, "BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ"},
			[]wantProblem{{2, "", "the row has 6 fields, the header has 10"}}},
		{"header without results",
			[]string{header},
			[]wantProblem{{1, "", "no results"}}},
		{"unknown sample",
			[]string{values, "BZ-09," + water + ",41.2,,1,"},
			[]wantProblem{{2, "sample", `unknown sample "BZ-09"`}}},
		{"empty sample",
			[]string{values, " ," + water + ",41.2,,1,"},
			[]wantProblem{{2, "sample", "empty, but required"}}},
		{"indicator not in the study",
			[]string{values, "BZ-01,caffeine,%,GB/T 8312-2013,SCTQ,3.1,,1,"},
			[]wantProblem{{2, "indicator", `"caffeine" is not an indicator of the study`}}},
		{"unit differs from the design's",
			[]string{values, "BZ-01,bifenthrin,mg/g,GB 23200.113-2018,SCTQ,0.01,,1,"},
			[]wantProblem{{2, "unit", `expected "mg/kg" (the study's unit for bifenthrin), got "mg/g"`}}},
		{"empty unit",
			[]string{values, "BZ-01,bifenthrin,,GB 23200.113-2018,SCTQ,0.01,,1,"},
			[]wantProblem{{2, "unit", `empty: expected "mg/kg"`}}},
		{"method differs from the design's",
			[]string{values, "BZ-01,water_extract,%,GB/T 8305-2002,SCTQ,41.2,,1,"},
			[]wantProblem{{2, "method", `expected "GB/T 8305-2013" (the study's method for water_extract), got "GB/T 8305-2002"`}}},
		{"lab differs from the design's",
			[]string{values, "BZ-01,water_extract,%,GB/T 8305-2013,CTI,41.2,,1,"},
			[]wantProblem{{2, "lab", `expected "SCTQ" (the study's lab), got "CTI"`}}},
		{"value not a number",
			[]string{values, "BZ-01," + water + ",n/a,,1,"},
			[]wantProblem{{2, "value", `"n/a" is neither a number nor a non-detect`}}},
		{"value with a decimal comma",
			[]string{values, "BZ-01," + water + `,"41,2",,1,`},
			[]wantProblem{{2, "value", "use a decimal point"}}},
		{"empty value",
			[]string{values, "BZ-01," + water + ",,,1,"},
			[]wantProblem{{2, "value", "empty, but required"}}},
		{"value that underflows to 0",
			[]string{values, "BZ-01," + water + ",1e-400,,1,"},
			[]wantProblem{{2, "value", `"1e-400" is too small`}}},
		{"subnormal value",
			[]string{values, "BZ-01," + water + ",-1e-310,,1,"},
			[]wantProblem{{2, "value", `"-1e-310" is too small`}}},
		{"NaN value",
			[]string{values, "BZ-01," + water + ",NaN,,1,"},
			[]wantProblem{{2, "value", "not a finite number"}}},
		{"infinite value",
			[]string{values, "BZ-01," + water + ",+Inf,,1,"},
			[]wantProblem{{2, "value", "not a finite number"}}},
		{"value too large for a number",
			[]string{values, "BZ-01," + water + ",1e999,,1,"},
			[]wantProblem{{2, "value", "too large"}}},
		{"negative value too large for a number",
			[]string{values, "BZ-01," + water + ",-1e999,,1,"},
			[]wantProblem{{2, "value", "too large"}}},
		{"hexadecimal value",
			[]string{values, "BZ-01," + water + ",0x1p4,,1,"},
			[]wantProblem{{2, "value", "neither a number nor a non-detect"}}},
		{"ND without any LOD",
			[]string{values, "BZ-01," + water + ",ND,,1,"},
			[]wantProblem{{2, "value", "ND without a limit of detection"}}},
		{"lod of zero",
			[]string{values, "BZ-01," + bifen + ",ND,0,1,"},
			[]wantProblem{{2, "lod", `"0" is not above 0`}}},
		{"negative lod",
			[]string{values, "BZ-01," + bifen + ",0.02,-0.005,1,"},
			[]wantProblem{{2, "lod", `"-0.005" is negative`}}},
		{"lod not a number",
			[]string{values, "BZ-01," + bifen + ",ND,low,1,"},
			[]wantProblem{{2, "lod", `"low" is not a number`}}},
		{"infinite lod",
			[]string{values, "BZ-01," + bifen + ",ND,Infinity,1,"},
			[]wantProblem{{2, "lod", "not a finite number"}}},
		{"<x contradicting the lod column",
			[]string{values, "BZ-01," + bifen + ",<0.005,0.01,1,"},
			[]wantProblem{{2, "lod", `"0.01" contradicts the value "<0.005"`}}},
		{"<0",
			[]string{values, "BZ-01," + bifen + ",<0,,1,"},
			[]wantProblem{{2, "value", `"<0": the limit of detection after < is not above 0`}}},
		{"<x without a number",
			[]string{values, "BZ-01," + bifen + ",<LOD,,1,"},
			[]wantProblem{{2, "value", `"<LOD": the limit of detection after < is not a number`}}},
		{"replicate zero",
			[]string{values, "BZ-01," + water + ",41.2,,0,"},
			[]wantProblem{{2, "replicate", `"0" is not a positive whole number`}}},
		{"replicate not whole",
			[]string{values, "BZ-01," + water + ",41.2,,1.5,"},
			[]wantProblem{{2, "replicate", `"1.5" is not a positive whole number`}}},
		{"tested_on with slashes",
			[]string{values, "BZ-01," + water + ",41.2,,1,2016/06/01"},
			[]wantProblem{{2, "tested_on", "not a date in the form YYYY-MM-DD"}}},
		{"tested_on not a day",
			[]string{values, "BZ-01," + water + ",41.2,,1,2016-02-30"},
			[]wantProblem{{2, "tested_on", "not a date"}}},
		{"tested_on without leading zeros",
			[]string{values, "BZ-01," + water + ",41.2,,1,2016-6-1"},
			[]wantProblem{{2, "tested_on", "not a date"}}},
		{"duplicate result",
			[]string{values, "BZ-01," + water + ",41.2,,1,", "BZ-02," + water + ",40.2,,1,", "BZ-01," + water + ",41.9,,,"},
			[]wantProblem{{4, "", "same sample, indicator and replicate as row 2"}}},
		{"several problems in one row, in column order",
			[]string{header, "BZ-09,bifenthrin,1e999,mg/g,GB 23200.113-2018,CTI,,x,yesterday,Li"},
			[]wantProblem{
				{2, "sample", "unknown sample"}, {2, "unit", "got \"mg/g\""}, {2, "lab", "got \"CTI\""},
				{2, "value", "too large"}, {2, "replicate", "not a positive whole number"}, {2, "tested_on", "not a date"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := mustParse(t, lab.CSV, csvFile(tt.lines...))
			results, err := lab.Check(testDesign(), table, lab.CheckOptions{})
			if results != nil {
				t.Errorf("Check returned %d results with its problems", len(results))
			}
			assertProblems(t, err, tt.want...)
		})
	}
}

func TestCheckAcceptedValues(t *testing.T) {
	tests := []struct {
		name                           string
		indicator, value, lod, replica string // cells as written
		reported                       string
		want                           *float64 // nil: a non-detect
		wantLOD                        *float64
		wantReplicate                  int
	}{
		{"number as written", "water_extract", "41.20", "", "2", "41.20", new(41.2), nil, 2},
		{"exponent", "water_extract", "4.12e1", "", "1", "4.12e1", new(41.2), nil, 1},
		{"zero", "water_extract", "0", "", "1", "0", new(0.0), nil, 1},
		{"empty replicate is 1", "water_extract", "41.2", "", "", "41.2", new(41.2), nil, 1},
		{"spaces around cells", " water_extract ", " 41.2 ", "", " 3 ", "41.2", new(41.2), nil, 3},
		{"detected value with a lod", "bifenthrin", "0.02", "0.005", "1", "0.02", new(0.02), new(0.005), 1},
		{"ND with the indicator's LOD", "bifenthrin", "ND", "", "1", "ND", nil, nil, 1},
		{"nd in lower case", "bifenthrin", "nd", "", "1", "nd", nil, nil, 1},
		{"ND with a lod", "water_extract", "ND", "0.1", "1", "ND", nil, new(0.1), 1},
		{"<x", "bifenthrin", "<0.01", "", "1", "<0.01", nil, new(0.01), 1},
		{"<x with the same lod", "bifenthrin", "<0.010", "0.01", "1", "<0.010", nil, new(0.01), 1},
		{"<x on an indicator without LOD", "water_extract", "< 0.5", "", "1", "< 0.5", nil, new(0.5), 1},
		// Signed values (METHOD.md revision 2): a weight deviation is
		// negative whenever a bar is underweight.
		{"negative value", "water_extract", "-3.81", "", "1", "-3.81", new(-3.81), nil, 1},
		{"value with a plus sign", "water_extract", "+2.5", "", "1", "+2.5", new(2.5), nil, 1},
		{"minus zero", "water_extract", "-0", "", "1", "-0", new(0.0), nil, 1},
		{"tiny but normal", "water_extract", "2.3e-308", "", "1", "2.3e-308", new(2.3e-308), nil, 1},
		// What a Chinese input method types.
		{"full-width digits", "water_extract", "４１．２", "", "１", "41.2", new(41.2), nil, 1},
		{"full-width minus", "water_extract", "－３.８１", "", "1", "-3.81", new(-3.81), nil, 1},
		{"minus sign", "water_extract", "−3.81", "", "1", "-3.81", new(-3.81), nil, 1},
		{"full-width <", "bifenthrin", "＜０．０１", "", "1", "<0.01", nil, new(0.01), 1},
		{"N.D.", "bifenthrin", "N.D.", "", "1", "N.D.", nil, nil, 1},
		{"n.d.", "bifenthrin", "n.d.", "", "1", "n.d.", nil, nil, 1},
		{"未检出", "bifenthrin", "未检出", "", "1", "未检出", nil, nil, 1},
		{"未检出 with a lod", "water_extract", "未检出", "0.1", "1", "未检出", nil, new(0.1), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := testDesign().Indicator(strings.TrimSpace(tt.indicator))
			line := strings.Join([]string{"BZ-01", tt.indicator, tt.value, ind.Unit, ind.Method, "SCTQ", tt.lod, tt.replica, "", ""}, ",")
			results := mustCheck(t, lab.CSV, csvFile(header, line))
			want := benchmark.Result{
				Sample: "BZ-01", Indicator: ind.Code, Replicate: tt.wantReplicate,
				Reported: tt.reported, Value: tt.want, NonDetect: tt.want == nil, LOD: tt.wantLOD,
				Unit: ind.Unit, Method: ind.Method, Lab: "SCTQ",
			}
			assertSameResults(t, results, []benchmark.Result{want})
			if v := results[0].Value; v != nil && math.Signbit(*v) && *v == 0 {
				t.Errorf("%q read as -0, want 0", tt.value)
			}
		})
	}
}

// TestCheckFindsEveryBadRow spoils ten rows of a 500-row file, each in a
// different way, and expects exactly those ten problems.
func TestCheckFindsEveryBadRow(t *testing.T) {
	d := testDesign()
	lines := []string{header}
	for i := range 500 {
		s := d.Samples[i%len(d.Samples)]
		ind := d.Indicators[(i/len(d.Samples))%len(d.Indicators)]
		replicate := i/(len(d.Samples)*len(d.Indicators)) + 1
		lines = append(lines, fmt.Sprintf("%s,%s,%d.5,%s,%s,SCTQ,,%d,2016-06-01,Li", s.Code, ind.Code, i%50, ind.Unit, ind.Method, replicate))
	}
	mustCheck(t, lab.CSV, csvFile(lines...))

	// spoil replaces the cell of the given column in the row on a file line.
	spoil := func(line, column int, cell string) {
		cells := strings.Split(lines[line-1], ",")
		cells[column] = cell
		lines[line-1] = strings.Join(cells, ",")
	}
	const sample, indicator, value, unit, method, labCol, lod, replicate, testedOn = 0, 1, 2, 3, 4, 5, 6, 7, 8
	spoil(7, sample, "ZZ-01")
	spoil(50, indicator, "caffeine")
	spoil(101, unit, "g/100g")
	spoil(150, method, "GB/T 0000")
	spoil(202, labCol, "OTHER")
	spoil(251, value, "3e-999")
	spoil(300, lod, "0")
	spoil(333, replicate, "first")
	spoil(404, testedOn, "01.06.2016")
	lines[480-1] = lines[20-1] // a repeat of line 20
	table := mustParse(t, lab.CSV, csvFile(lines...))
	_, err := lab.Check(d, table, lab.CheckOptions{})
	assertProblems(t, err,
		wantProblem{7, "sample", "unknown sample"},
		wantProblem{50, "indicator", "not an indicator"},
		wantProblem{101, "unit", "expected"},
		wantProblem{150, "method", "expected"},
		wantProblem{202, "lab", "expected"},
		wantProblem{251, "value", "too small"},
		wantProblem{300, "lod", "not above 0"},
		wantProblem{333, "replicate", "positive whole number"},
		wantProblem{404, "tested_on", "YYYY-MM-DD"},
		wantProblem{480, "", "as row 20"},
	)
}

func TestCheckBlindCodes(t *testing.T) {
	d := testDesign()
	blind := map[string]string{"X7Q": "BZ-01", "K2M": "YA-01"}
	opts := lab.CheckOptions{BlindCodes: blind}

	t.Run("blind codes stand for their samples", func(t *testing.T) {
		table := mustParse(t, lab.CSV, csvFile(header,
			strings.Replace(waterRow, "BZ-01", "X7Q", 1),
			strings.Replace(alkalinityRow, "YA-01", "K2M", 1)))
		results, err := lab.Check(d, table, opts)
		if err != nil {
			t.Fatal(err)
		}
		if results[0].Sample != "BZ-01" || results[1].Sample != "YA-01" {
			t.Errorf("samples %q, %q; want the real codes", results[0].Sample, results[1].Sample)
		}
	})

	t.Run("problems reveal no real sample, region or enterprise", func(t *testing.T) {
		table := mustParse(t, lab.CSV, csvFile(header,
			"BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,,", // a real code is unknown
			"X7Q,water_extract,ND,%,GB/T 8305-2013,SCTQ,,1,,",
			"X7Q,water_extract,40,%,GB/T 8305-2013,SCTQ,,1,,",
			"K2M,bifenthrin,1,g,x,y,-1,0,z,",
			"Q00,alkalinity,abc,%,GB/T 8309-2013,SCTQ,,1,,"))
		_, err := lab.Check(d, table, opts)
		p := problemsOf(t, err)
		// The real code the lab wrote is refused like any unknown code.
		if got := p.Errors[0]; got.Row != 2 || got.Column != "sample" || got.Reason != `unknown sample "BZ-01"` {
			t.Errorf("first problem %v, want the real code refused as unknown", got)
		}
		var secrets []string
		for _, r := range d.Regions {
			secrets = append(secrets, r.Code, r.Name)
		}
		for _, s := range d.Samples {
			secrets = append(secrets, s.Code, s.Enterprise)
		}
		for _, e := range p.Errors[1:] {
			for _, secret := range secrets {
				if strings.Contains(e.Reason, secret) {
					t.Errorf("%v reveals %q", e, secret)
				}
			}
		}
	})

	for name, codes := range map[string]map[string]string{
		"a blind code for no sample":     {"X7Q": "SECRET-99"},
		"two blind codes for one sample": {"X7Q": "BZ-01", "K2M": "BZ-01"},
	} {
		t.Run(name+" is the caller's error", func(t *testing.T) {
			_, err := lab.Check(d, mustParse(t, lab.CSV, csvFile(header, waterRow)), lab.CheckOptions{BlindCodes: codes})
			if err == nil || strings.Contains(err.Error(), "SECRET-99") || strings.Contains(err.Error(), "BZ-01") {
				t.Fatalf("err = %v, want an error that names no real code", err)
			}
			if _, isProblems := err.(*lab.Problems); isProblems {
				t.Errorf("a bad blind code map is not a problem of the file")
			}
		})
	}
}

func TestCheckCapsProblems(t *testing.T) {
	const rows = lab.DefaultMaxProblems + 2000
	lines := []string{header}
	for i := range rows {
		lines = append(lines, fmt.Sprintf("BZ-01,water_extract,41.2,%%,GB/T 8305-2013,OTHER,,%d,,", i+1))
	}
	table := mustParse(t, lab.CSV, csvFile(lines...))

	_, err := lab.Check(testDesign(), table, lab.CheckOptions{})
	p := problemsOf(t, err)
	if len(p.Errors) != lab.DefaultMaxProblems || p.Truncated != rows-lab.DefaultMaxProblems {
		t.Errorf("listed %d, truncated %d; want %d and %d", len(p.Errors), p.Truncated, lab.DefaultMaxProblems, rows-lab.DefaultMaxProblems)
	}
	if last := p.Errors[len(p.Errors)-1]; last.Row != lab.DefaultMaxProblems+1 {
		t.Errorf("last listed problem on row %d, want the first problems listed", last.Row)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, fmt.Sprintf("lab: %d problems in the results; row 2, column lab:", rows)) ||
		!strings.HasSuffix(msg, fmt.Sprintf("; and %d more", rows-10)) {
		t.Errorf("Error() = %q", msg)
	}

	_, err = lab.Check(testDesign(), table, lab.CheckOptions{MaxProblems: -1})
	if p := problemsOf(t, err); len(p.Errors) != rows || p.Truncated != 0 {
		t.Errorf("without a cap: listed %d, truncated %d", len(p.Errors), p.Truncated)
	}
}

func TestCheckCallerErrors(t *testing.T) {
	table := mustParse(t, lab.CSV, csvFile(header, waterRow))
	noLab := testDesign()
	noLab.Lab = nil
	for name, call := range map[string]func() error{
		"no design": func() error { _, err := lab.Check(nil, table, lab.CheckOptions{}); return err },
		"no table":  func() error { _, err := lab.Check(testDesign(), nil, lab.CheckOptions{}); return err },
		"no lab":    func() error { _, err := lab.Check(noLab, table, lab.CheckOptions{}); return err },
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCheckIgnoresEmptyUnnamedColumns(t *testing.T) {
	// Spreadsheets add a trailing comma to every line for a cell once
	// formatted; nothing is lost, so nothing is wrong.
	results := mustCheck(t, lab.CSV, csvFile(header+",", waterRow+",", bifenthrinRow+", "))
	if len(results) != 2 {
		t.Errorf("%d results, want 2", len(results))
	}
}

// TestIsDateAgreesWithTimeParse compares the fast date check with
// time.Parse over every day of four years around a leap day and some
// near misses.
func TestIsDateAgreesWithTimeParse(t *testing.T) {
	var cases []string
	for y := 1899; y <= 2101; y += 101 {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				cases = append(cases, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	for _, y := range []int{1900, 2000, 2016, 2023, 2024} {
		cases = append(cases, fmt.Sprintf("%04d-02-29", y))
	}
	cases = append(cases, "2016-6-01", "2016-06-1", "20160601", "2016/06/01", "２０１６-06-01", "+016-06-01", "2016-06-01 ")
	for _, c := range cases {
		table := &lab.Table{Format: lab.CSV, Columns: []lab.Column{{Name: "sample", Row: 1}, {Name: "indicator", Row: 1},
			{Name: "value", Row: 1}, {Name: "unit", Row: 1}, {Name: "method", Row: 1}, {Name: "lab", Row: 1}, {Name: "tested_on", Row: 1}},
			Rows: []lab.Row{{Number: 2, Cells: []string{"BZ-01", "water_extract", "41.2", "%", "GB/T 8305-2013", "SCTQ", c}}}}
		_, err := lab.Check(testDesign(), table, lab.CheckOptions{})
		_, perr := time.Parse("2006-01-02", strings.TrimSpace(c))
		if (err == nil) != (perr == nil) && !strings.ContainsRune(c, '２') {
			t.Errorf("%q: Check %v, time.Parse %v", c, err, perr)
		}
	}
}
