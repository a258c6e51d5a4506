package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qbench/qbench/benchmark"
)

// TestAnalyzeSteelBarWithNegativeDeviations: a steel-bar study whose weight
// deviations are negative whenever a bar is underweight loads through the
// real intake (lab.Read, as the API's upload does) and `qbench analyze`
// prints the profile that the independent SciPy implementation computed
// for it (benchmark/testdata/reference/steel-negative, analyze_ref.py).
func TestAnalyzeSteelBarWithNegativeDeviations(t *testing.T) {
	dir := filepath.Join("..", "..", "benchmark", "testdata", "reference", "steel-negative")
	results := filepath.Join(dir, "results.csv")
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), ",-") {
		t.Fatal("the steel-bar study has no negative value: the test would prove nothing")
	}
	out, stderr, err := runInProcess(t, nil, "analyze", "--design", filepath.Join(dir, "design.json"), "--results", results)
	if err != nil {
		t.Fatalf("qbench analyze: %v\n%s", err, stderr)
	}
	var got, want benchmark.Profile
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	ref, err := os.ReadFile(filepath.Join(dir, "profile.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(ref, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, &got, cmpopts.EquateApprox(1e-9, 1e-12)); diff != "" {
		t.Errorf("qbench analyze differs from the reference (-want +got):\n%s", diff)
	}
}
