package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qbench/qbench/benchmark"
)

// TestFollowUpAgreesWithTheReference runs qbench follow-up on a pair of
// rounds of benchmark's reference studies, through the real intake, and
// compares its output with the follow-up the independent reference
// implementation wrote for them.
func TestFollowUpAgreesWithTheReference(t *testing.T) {
	dir := filepath.Join("..", "..", "benchmark", "testdata", "reference", "followup-tea")
	out, _, err := runInProcess(t, nil, "follow-up",
		"--design", filepath.Join(dir, "design.json"), "--results", filepath.Join(dir, "results.csv"),
		"--previous-design", filepath.Join(dir, "prev", "design.json"),
		"--previous-results", filepath.Join(dir, "prev", "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var got, want benchmark.FollowUpReport
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("follow-up output is not a follow-up: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "followup.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(1e-9, 1e-12)); diff != "" {
		t.Errorf("qbench follow-up differs from the reference (-want +got):\n%s", diff)
	}
	if _, _, err := runInProcess(t, nil, "follow-up", "--design", filepath.Join(dir, "design.json"),
		"--results", filepath.Join(dir, "results.csv")); exitCode(err) != 2 {
		t.Errorf("follow-up without the previous round: %v (exit %d), want a usage error", err, exitCode(err))
	}
}

// TestReportWithThePreviousRound renders a report with a follow-up
// chapter from the files of both rounds, and refuses half a previous
// round.
func TestReportWithThePreviousRound(t *testing.T) {
	dir := filepath.Join("..", "..", "benchmark", "testdata", "reference", "followup-tea")
	out := filepath.Join(t.TempDir(), "r.pdf")
	if _, _, err := runInProcess(t, nil, "report", "--design", filepath.Join(dir, "design.json"),
		"--results", filepath.Join(dir, "results.csv"), "--previous-design", filepath.Join(dir, "prev", "design.json"),
		"--previous-results", filepath.Join(dir, "prev", "results.csv"), "--lang", "en", "--out", out); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(text), "Follow-up of the previous round") {
		t.Error("the report has no follow-up chapter")
	}
	if _, _, err := runInProcess(t, nil, "report", "--design", filepath.Join(dir, "design.json"),
		"--results", filepath.Join(dir, "results.csv"), "--previous-design", filepath.Join(dir, "prev", "design.json"),
		"--out", out); exitCode(err) != 2 {
		t.Errorf("half a previous round: %v (exit %d), want a usage error", err, exitCode(err))
	}
}
