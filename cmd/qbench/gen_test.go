package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
)

// TestGenWritesAStudyThatAnalyzes: qbench gen writes design.json and
// results.csv that qbench analyze accepts, the same bytes for the same seed
// and other bytes for another.
func TestGenWritesAStudyThatAnalyzes(t *testing.T) {
	gen := func(seed string) (string, []byte, []byte) {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "out")
		out, errOut, err := runInProcess(t, nil, "gen", "--regions", "3", "--samples", "6", "--indicators", "5",
			"--replicates", "2", "--nd-share", "0.2", "--seed", seed, "--out-dir", dir)
		if err != nil {
			t.Fatalf("gen: %v\n%s", err, errOut)
		}
		if !strings.Contains(out, "180 results") {
			t.Errorf("gen said %q", out)
		}
		design, err := os.ReadFile(filepath.Join(dir, "design.json"))
		if err != nil {
			t.Fatal(err)
		}
		results, err := os.ReadFile(filepath.Join(dir, "results.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return dir, design, results
	}
	dir, design, results := gen("9")
	_, design2, results2 := gen("9")
	if !bytes.Equal(design, design2) || !bytes.Equal(results, results2) {
		t.Error("the same seed wrote different files")
	}
	if _, _, results3 := gen("10"); bytes.Equal(results, results3) {
		t.Error("another seed wrote the same results")
	}
	out, errOut, err := runInProcess(t, nil, "analyze", "--design", filepath.Join(dir, "design.json"),
		"--results", filepath.Join(dir, "results.csv"))
	if err != nil {
		t.Fatalf("analyze the generated study: %v\n%s", err, errOut)
	}
	var p benchmark.Profile
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if p.Study != "SYN" || len(p.Indicators) != 5 || len(p.Composite) != 3 {
		t.Errorf("profile of study %s: %d indicators, %d regions", p.Study, len(p.Indicators), len(p.Composite))
	}
}

func TestGenRefusesBadSizes(t *testing.T) {
	_, _, err := runInProcess(t, nil, "gen", "--regions", "1", "--out-dir", t.TempDir())
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "at least 2 regions") {
		t.Errorf("gen --regions 1: %v", err)
	}
}
