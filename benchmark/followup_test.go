package benchmark_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qbench/qbench/benchmark"
)

// TestFollowUpMatchesReference runs FollowUp on the pairs of rounds in
// testdata/reference/followup-* (the previous round in prev/) and compares
// every field with the follow-up analyze_ref.py --follow-up wrote: numbers
// at 1e-9 relative (1e-12 absolute near 0), statuses and lists exactly.
// The pairs cover shortfalls closed, persisting and new, a method change, a
// dropped reference region, censored indicators and random designs.
func TestFollowUpMatchesReference(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("testdata/reference/followup-*/followup.json")
	if err != nil || len(paths) < 4 {
		t.Fatalf("follow-up studies: %d found, %v", len(paths), err)
	}
	for _, path := range paths {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			prevDesign, prevResults := loadStudy(t, filepath.Join(dir, "prev"))
			design, results := loadStudy(t, dir)
			got, err := benchmark.FollowUp(prevDesign, prevResults, design, results)
			if err != nil {
				t.Fatal(err)
			}
			var want benchmark.FollowUpReport
			decodeStrict(t, path, &want)
			if diff := cmp.Diff(&want, got, cmpopts.EquateApprox(1e-9, 1e-12)); diff != "" {
				t.Errorf("follow-up differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestFollowUpRefuses a pair with different focal regions, and a design
// that names another predecessor.
func TestFollowUpRefuses(t *testing.T) {
	t.Parallel()
	prev, prevResults := loadStudy(t, "testdata/reference/followup-tea/prev")
	for name, edit := range map[string]func(*benchmark.Design){
		"other focal region": func(d *benchmark.Design) { d.FocalRegion = "YA" },
		"other predecessor":  func(d *benchmark.Design) { d.Predecessor = "BZ-GT-2015" },
	} {
		d, results := loadStudy(t, "testdata/reference/followup-tea")
		edit(d)
		if _, err := benchmark.FollowUp(prev, prevResults, d, results); benchmark.ErrorCode(err) != benchmark.EINVALID {
			t.Errorf("%s: %v, want an invalid error", name, err)
		}
	}
}
