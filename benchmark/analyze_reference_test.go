package benchmark_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qbench/qbench/benchmark"
)

// TestAnalyzeMatchesReference runs Analyze on the studies of
// testdata/reference and compares every number with the profile that
// analyze_ref.py, an independent Python implementation of METHOD.md
// revision 2, wrote for it: numbers at 1e-9 relative (1e-12 absolute near
// 0), verdicts, lists and their order exactly. The studies include several
// LODs in one indicator, regions never detected, mixed replicates, claims,
// negative values, all-censored comparisons, range indicators with
// non-detects and six random designs (gen_studies.py).
func TestAnalyzeMatchesReference(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob("testdata/reference/*/profile.json")
	if err != nil || len(dirs) < 15 {
		t.Fatalf("reference studies: %d found, %v", len(dirs), err)
	}
	for _, path := range dirs {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			d, results := loadStudy(t, dir)
			got, err := benchmark.Analyze(d, results)
			if err != nil {
				t.Fatal(err)
			}
			var want benchmark.Profile
			decodeStrict(t, path, &want)
			if diff := cmp.Diff(&want, got, cmpopts.EquateApprox(1e-9, 1e-12)); diff != "" {
				t.Errorf("profile differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// loadStudy reads DIR/design.json and DIR/results.csv.
func loadStudy(t testing.TB, dir string) (*benchmark.Design, []benchmark.Result) {
	t.Helper()
	var d benchmark.Design
	decodeStrict(t, filepath.Join(dir, "design.json"), &d)
	f, err := os.Open(filepath.Join(dir, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	results, err := parseResultsCSV(f)
	if err != nil {
		t.Fatalf("%s/results.csv: %v", dir, err)
	}
	return &d, results
}

func decodeStrict(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// parseResultsCSV reads the "Lab results" CSV of docs/formats.md, just
// enough for the tests (the real intake, with every check, is package
// lab's): value is a number, "ND" (LOD from the lod column, else the
// indicator's) or "<x"; replicate defaults to 1.
func parseResultsCSV(r io.Reader) ([]benchmark.Result, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[strings.TrimPrefix(name, "\ufeff")] = i
	}
	field := func(row []string, name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	results := make([]benchmark.Result, 0, len(rows)-1)
	for _, row := range rows[1:] {
		res := benchmark.Result{
			Sample: field(row, "sample"), Indicator: field(row, "indicator"), Replicate: 1,
			Reported: field(row, "value"), Unit: field(row, "unit"), Method: field(row, "method"),
			Lab: field(row, "lab"), TestedOn: field(row, "tested_on"), Analyst: field(row, "analyst"),
		}
		if s := field(row, "replicate"); s != "" {
			if res.Replicate, err = strconv.Atoi(s); err != nil {
				return nil, err
			}
		}
		if s := field(row, "lod"); s != "" {
			if res.LOD, err = parseNumber(s); err != nil {
				return nil, err
			}
		}
		switch v := res.Reported; {
		case strings.EqualFold(v, "ND"):
			res.NonDetect = true
		case strings.HasPrefix(v, "<"):
			res.NonDetect = true
			if res.LOD, err = parseNumber(v[1:]); err != nil {
				return nil, err
			}
		default:
			if res.Value, err = parseNumber(v); err != nil {
				return nil, err
			}
		}
		results = append(results, res)
	}
	return results, nil
}

func parseNumber(s string) (*float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	return &v, err
}
