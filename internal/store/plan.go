package store

import (
	"context"

	"github.com/qbench/qbench/benchmark"
)

// UploadPlan is what an upload would change, worked out without writing:
// the counts of SaveResults, and which stored results it would replace.
type UploadPlan struct {
	UploadSummary
	// ReplacedKeys are the keys of the stored results the upload would replace
	// with other values, in key order.
	ReplacedKeys []benchmark.ResultKey `json:"replaced_keys,omitempty"`
}

// PlanResults tells what SaveResults would do with these results now —
// created, replaced, left unchanged — without writing anything: the dry run
// behind a preview. It applies SaveResults' rules (the study must be open);
// a reason for replacements is the caller's to ask for when Replaced > 0.
// The plan reads one snapshot; the upload that follows plans again inside
// its own transaction, so a plan may be stale but never wrong in effect.
func (s *Store) PlanResults(ctx context.Context, code string, results []benchmark.Result) (*UploadPlan, error) {
	st, stored, err := s.LoadStudyData(ctx, code)
	if err != nil {
		return nil, err
	}
	if err := benchmark.CheckUploadAllowed(code, st.State); err != nil {
		return nil, err
	}
	existing := make(map[benchmark.ResultKey]*benchmark.Result, len(stored))
	for i := range stored {
		existing[stored[i].Key()] = &stored[i]
	}
	p := &UploadPlan{UploadSummary: UploadSummary{Total: len(results)}}
	for i := range results {
		r := &results[i]
		old, ok := existing[r.Key()]
		switch {
		case !ok:
			p.Created++
		case sameResult(old, r):
			p.Unchanged++
		default:
			p.Replaced++
			p.ReplacedKeys = append(p.ReplacedKeys, r.Key())
		}
	}
	return p, nil
}
