package benchmark

import (
	"strconv"
	"strings"
	"time"

	"github.com/qbench/qbench/internal/i18n"
)

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
		return errorMsg(EINVALID, i18n.M("lifecycle.unknown_state", to))
	}
	for _, next := range transitions[from] {
		if next == to {
			return nil
		}
	}
	next := make([]any, len(transitions[from]))
	for i, s := range transitions[from] {
		next[i] = stateWord(s)
	}
	return errorMsg(ECONFLICT, i18n.M("lifecycle.transition", stateWord(from), stateWord(to), i18n.M("lifecycle.list."+strconv.Itoa(len(next)), next...)))
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
		return errorMsg(ECONFLICT, i18n.M("lifecycle.upload_state", code, stateWord(state)))
	}
	return nil
}

// CheckFindingsAllowed returns nil when experts may write findings: once
// results come in (open) until publication freezes what readers see.
func CheckFindingsAllowed(code, state string) error {
	if state != StateOpen && state != StateClosed {
		return errorMsg(ECONFLICT, i18n.M("lifecycle.findings_state", code, stateWord(state)))
	}
	return nil
}

// CheckReportAllowed returns nil when a report may be rendered: only on
// locked results (closed or published), so that a report never describes
// data that can still change.
func CheckReportAllowed(code, state string) error {
	if state != StateClosed && state != StatePublished {
		return errorMsg(ECONFLICT, i18n.M("lifecycle.report_state", code, stateWord(state)))
	}
	return nil
}

// Gap is an indicator × region cell of a design without a single result.
type Gap struct {
	Indicator string `json:"indicator"`
	Region    string `json:"region"`
}

func (g Gap) String() string { return g.Indicator + " × " + g.Region }

// Gaps lists the indicator × region cells of d that no result covers, in
// design order; measured holds the {sample, indicator} pairs that have at
// least one result.
func Gaps(d *Design, measured map[[2]string]bool) []Gap {
	covered := make(map[[2]string]bool, len(measured))
	for pair := range measured {
		if s := d.Sample(pair[0]); s != nil {
			covered[[2]string{pair[1], s.Region}] = true
		}
	}
	var gaps []Gap
	for _, ind := range d.Indicators {
		for _, r := range d.Regions {
			if !covered[[2]string{ind.Code, r.Code}] {
				gaps = append(gaps, Gap{Indicator: ind.Code, Region: r.Code})
			}
		}
	}
	return gaps
}

// maxGapsNamed bounds the gaps a refusal to close names.
const maxGapsNamed = 20

// CheckClose returns nil when a study may close: it needs results, and a
// reason when some indicator × region cells have none (the audit trail then
// says why the comparison is incomplete). The error names every gap.
func CheckClose(code string, results int, gaps []Gap, cells int, reason string) error {
	if results == 0 {
		return errorMsg(ECONFLICT, i18n.M("records.lifecycle.close_empty", code))
	}
	if len(gaps) > 0 && strings.TrimSpace(reason) == "" {
		// The first gaps name the problem; a study of 100 indicators
		// could have hundreds, which the count gives (the trail keeps all).
		names := make([]string, 0, maxGapsNamed+1)
		for _, g := range gaps[:min(len(gaps), maxGapsNamed)] {
			names = append(names, g.String())
		}
		if len(gaps) > maxGapsNamed {
			names = append(names, "…")
		}
		return errorMsg(EINVALID, i18n.M("records.lifecycle.close_gaps", code, len(gaps), cells, strings.Join(names, ", ")))
	}
	return nil
}

// CheckOpen returns nil when a study may open: the lab needs samples to
// test, and blind codes are drawn for them as it opens. (A draft may have
// none while it is set up.)
func CheckOpen(code string, samples int) error {
	if samples == 0 {
		return errorMsg(ECONFLICT, i18n.M("sheetsapi.open_no_samples", code))
	}
	return nil
}

// CheckPublish returns nil when a study may be published: readers must
// never see a profile of nothing.
func CheckPublish(code string, results int) error {
	if results == 0 {
		return errorMsg(ECONFLICT, i18n.M("records.lifecycle.publish_empty", code))
	}
	return nil
}

// CheckReportResults returns nil when a report may be made of a study's
// results: a report of no results would read as a finding.
func CheckReportResults(code string, results int) error {
	if results == 0 {
		return errorMsg(ECONFLICT, i18n.M("records.lifecycle.report_empty", code))
	}
	return nil
}

// CheckMoveReason returns the trimmed reason of a lifecycle move and an
// EINVALID error when the move undoes a step (NeedsReason) without one: a
// reason of blanks is no reason.
func CheckMoveReason(code, from, to, reason string) (string, error) {
	reason, err := CheckReason(reason)
	if err != nil {
		return "", err
	}
	if NeedsReason(from, to) && reason == "" {
		return "", errorMsg(EINVALID, i18n.M("records.lifecycle.reason_needed", code, from, to))
	}
	return reason, nil
}

// errorMsg is an *Error from a catalogue message, with its English wording.
func errorMsg(code string, msg i18n.Message) *Error {
	return &Error{Code: code, Message: i18n.For(i18n.EN).Message(msg), Msg: msg}
}

// stateWord is a state as the catalogue words it (开放, "open"); an
// unknown state stays as it was given.
func stateWord(state string) any {
	if ValidState(state) {
		return i18n.M("store.state." + state)
	}
	return state
}
