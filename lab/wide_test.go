package lab_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
)

// wideCSV is a lab's result sheet: one row per sample, Chinese indicator
// names with units in brackets, a second replicate, 未检出, full-width
// signs, an empty cell for a result not given.
const wideCSV = "样品编号,水浸出物(%),水浸出物#2,联苯菊酯 [mg/kg],alkalinity,检测日期\n" +
	"BZ-01,41.2,40.85,未检出,2.15,2016-06-01\n" +
	"BZ-02,４０．１,,＜0.005,,2016-06-02\n" +
	"\n" +
	"YA-01,39.5,,0.012,－0.3,\n" +
	"YA-02,,,,,\n" // a sample not tested yet

// longCSV is the same results in the long layout, in the same order.
var longCSV = csvFile(header,
	"BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,2016-06-01,",
	"BZ-01,water_extract,40.85,%,GB/T 8305-2013,SCTQ,,2,2016-06-01,",
	"BZ-01,bifenthrin,未检出,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-01,",
	"BZ-01,alkalinity,2.15,%,GB/T 8309-2013,SCTQ,,1,2016-06-01,",
	"BZ-02,water_extract,40.1,%,GB/T 8305-2013,SCTQ,,1,2016-06-02,",
	"BZ-02,bifenthrin,<0.005,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-02,",
	"YA-01,water_extract,39.5,%,GB/T 8305-2013,SCTQ,,1,,",
	"YA-01,bifenthrin,0.012,mg/kg,GB 23200.113-2018,SCTQ,,1,,",
	"YA-01,alkalinity,-0.3,%,GB/T 8309-2013,SCTQ,,1,,")

func readAll(t *testing.T, format lab.Format, data string) []benchmark.Result {
	t.Helper()
	results, err := lab.Read(strings.NewReader(data), int64(len(data)), format, testDesign(), lab.CheckOptions{})
	if err != nil {
		t.Fatalf("Read(%s): %v", format, err)
	}
	return results
}

// TestWideGivesTheLongResultsAndProfile reads the wide sheet as CSV and
// as XLSX and wants the long file's results and, through
// benchmark.Analyze, the same profile to the bit.
func TestWideGivesTheLongResultsAndProfile(t *testing.T) {
	long := readAll(t, lab.CSV, longCSV)
	var rows [][]any
	for _, line := range strings.Split(strings.TrimSuffix(wideCSV, "\n"), "\n") {
		if line == "" {
			rows = append(rows, nil)
			continue
		}
		var cells []any
		for _, c := range strings.Split(line, ",") {
			cells = append(cells, c)
		}
		rows = append(rows, cells)
	}
	profile := func(results []benchmark.Result) []byte {
		d := testDesign()
		d.Indicators[2].TargetMin, d.Indicators[2].TargetMax = new(-1.0), new(3.0)
		p, err := benchmark.Analyze(d, results)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := profile(long)
	for format, data := range map[lab.Format]string{lab.CSV: wideCSV, lab.XLSX: xlsxFile(t, rows)} {
		t.Run(string(format), func(t *testing.T) {
			wide := readAll(t, format, data)
			assertSameResults(t, wide, long)
			if got := profile(wide); !bytes.Equal(got, want) {
				t.Errorf("profiles differ:\nwide %s\nlong %s", got, want)
			}
			// Parse and Check read it the same way.
			checked := mustCheck(t, format, data)
			assertSameResults(t, checked, long)
		})
	}
}

func TestWideReplicateColumn(t *testing.T) {
	wide := csvFile("sample,replicate,water_extract,bifenthrin",
		"BZ-01,1,41.2,ND",
		"BZ-01,2,40.85,0.01")
	long := csvFile(header,
		"BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,,",
		"BZ-01,bifenthrin,ND,mg/kg,GB 23200.113-2018,SCTQ,,1,,",
		"BZ-01,water_extract,40.85,%,GB/T 8305-2013,SCTQ,,2,,",
		"BZ-01,bifenthrin,0.01,mg/kg,GB 23200.113-2018,SCTQ,,2,,")
	assertSameResults(t, readAll(t, lab.CSV, wide), readAll(t, lab.CSV, long))
}

func TestWideProblems(t *testing.T) {
	data := csvFile("样品编号,水浸出物(mg/kg),联苯菊酯,单位,caffeine,水浸出物,水浸出物#1",
		"BZ-01,41.2,abc,%,1,41.2,41.2",
		"ZZ-09,41.2,ND,%,1,41.2,41.2",
		"BZ-01,,0.01,%,1,,",
		"BZ-02,41.2,,%,1,x,")
	_, err := lab.Read(strings.NewReader(data), int64(len(data)), lab.CSV, testDesign(), lab.CheckOptions{})
	assertProblems(t, err,
		wantProblem{1, "水浸出物(mg/kg)", `the unit in brackets, "mg/kg", is not the study's unit for water_extract, "%"`},
		wantProblem{1, "单位", "unit, method, lab and limit of detection are the study's"},
		wantProblem{1, "caffeine", "unknown column"},
		wantProblem{1, "水浸出物#1", "repeated column (also column 6)"},
		wantProblem{2, "联苯菊酯", `"abc" is neither a number nor a non-detect`},
		wantProblem{3, "样品编号", `unknown sample "ZZ-09"`},
		wantProblem{4, "", "same sample, indicator and replicate as row 2"},
		wantProblem{5, "水浸出物", `"x" is neither a number`},
	)
}
