package benchmark

import "time"

// Study states (the lifecycle of a comparison study).
const (
	StateDraft     = "draft"     // the bureau edits the design
	StateOpen      = "open"      // design frozen, samples blinded; the lab uploads
	StateClosed    = "closed"    // results locked; experts write findings, reports are made
	StatePublished = "published" // readers see the profile and the reports
)

// transitions lists the allowed moves. Closed can go back to open so that a
// lab can correct results the experts questioned, and published back to
// closed so that a bureau can withdraw a report; both need a reason.
var transitions = map[string][]string{
	StateDraft:     {StateOpen},
	StateOpen:      {StateClosed},
	StateClosed:    {StateOpen, StatePublished},
	StatePublished: {StateClosed},
}

// ValidState reports whether s is a study state.
func ValidState(s string) bool {
	_, ok := transitions[s]
	return ok
}

// CheckTransition returns nil when a study may move from one state to
// another, else an ECONFLICT *Error saying which moves are allowed.
func CheckTransition(from, to string) error {
	if !ValidState(to) {
		return Errorf(EINVALID, "unknown state %q (allowed: draft, open, closed, published)", to)
	}
	for _, next := range transitions[from] {
		if next == to {
			return nil
		}
	}
	return Errorf(ECONFLICT, "a study cannot move from %s to %s (from %s it can move to: %v)", from, to, from, transitions[from])
}

// NeedsReason reports whether a transition undoes an earlier step, which the
// audit trail must explain.
func NeedsReason(from, to string) bool {
	return (from == StateClosed && to == StateOpen) || (from == StatePublished && to == StateClosed)
}

// Study is a stored study: its design and where it stands.
type Study struct {
	Design   *Design
	State    string
	Revision int64
	// BlindCodes maps sample code to blind code; empty before the study opens.
	BlindCodes map[string]string
	// ResultCount is the number of stored results.
	ResultCount int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// CheckUploadAllowed returns nil when results may be uploaded: only while
// the study is open (its design frozen, its results not yet locked).
func CheckUploadAllowed(code, state string) error {
	if state != StateOpen {
		return Errorf(ECONFLICT, "study %s is %s: results can be uploaded only while it is open", code, state)
	}
	return nil
}

// CheckFindingsAllowed returns nil when experts may write findings: once
// results come in (open) until publication freezes what readers see.
func CheckFindingsAllowed(code, state string) error {
	if state != StateOpen && state != StateClosed {
		return Errorf(ECONFLICT, "study %s is %s: findings can be written while it is open or closed", code, state)
	}
	return nil
}

// CheckReportAllowed returns nil when a report may be rendered: only on
// locked results (closed or published), so that a report never describes
// data that can still change.
func CheckReportAllowed(code, state string) error {
	if state != StateClosed && state != StatePublished {
		return Errorf(ECONFLICT, "study %s is %s: reports are made once it is closed", code, state)
	}
	return nil
}
