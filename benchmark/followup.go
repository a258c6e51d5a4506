package benchmark

import "fmt"

// This file is METHOD.md §7 (revision 2): the follow-up of a study by the
// next round, its successor.

// Statuses of a shortfall and of an advantage between two rounds.
const (
	StatusClosed     = "closed"     // a shortfall before, not now
	StatusPersisting = "persisting" // a shortfall in both rounds
	StatusNew        = "new"        // a shortfall now only
	StatusKept       = "kept"       // an advantage in both rounds
	StatusLost       = "lost"       // an advantage before, not now
	StatusGained     = "gained"     // an advantage now only
	StatusNone       = "none"
)

// Changes of the focal region between two rounds.
const (
	ChangeImproved     = "improved"
	ChangeWorsened     = "worsened"
	ChangeUnchanged    = "unchanged"
	ChangeInsufficient = "insufficient"
)

// FollowUpReport is the follow-up of a study by the next round: its JSON
// form is the public "Follow-up" format (docs/formats.md).
type FollowUpReport struct {
	Study       string              `json:"study"`
	Predecessor string              `json:"predecessor"`
	FocalRegion string              `json:"focal_region"`
	Indicators  []FollowUpIndicator `json:"indicators"`
	Summary     FollowUpSummary     `json:"summary"`
}

// FollowUpIndicator is one indicator present in both rounds. A
// non-comparable one (its unit or method changed) has no references and no
// change.
type FollowUpIndicator struct {
	Code       string              `json:"code"`
	Comparable bool                `json:"comparable"`
	References []FollowUpReference `json:"references"`
	Change     *FocalChange        `json:"change"`
}

// FollowUpReference is the status of one indicator against one reference
// matched between the rounds (pooled, or a region present in both).
type FollowUpReference struct {
	Reference       string        `json:"reference"`
	Before          RoundVerdicts `json:"before"`
	Now             RoundVerdicts `json:"now"`
	ShortfallStatus string        `json:"shortfall_status"`
	AdvantageStatus string        `json:"advantage_status"`
}

// RoundVerdicts are the three verdicts of one comparison in one round.
type RoundVerdicts struct {
	Verdict    string `json:"verdict"`
	Compliance string `json:"compliance"`
	Claim      string `json:"claim"`
}

// FocalChange is the focal region of this round against the focal region
// of the previous one, for one indicator (§7.3): the fields of a
// comparison and the change.
type FocalChange struct {
	Censored     bool     `json:"censored"`
	Diff         *float64 `json:"diff"`
	RelDiff      *float64 `json:"rel_diff"`
	P            *float64 `json:"p"`
	PMannWhitney *float64 `json:"p_mann_whitney"`
	Q            *float64 `json:"q"`
	RankBiserial *float64 `json:"rank_biserial"`
	Change       string   `json:"change"`
}

// FollowUpSummary counts, against pooled, the shortfalls closed, persisting
// and new, and over the focal change the indicators improved and worsened.
type FollowUpSummary struct {
	Closed     int `json:"closed"`
	Persisting int `json:"persisting"`
	New        int `json:"new"`
	Improved   int `json:"improved"`
	Worsened   int `json:"worsened"`
}

// FollowUp compares a study (design, results) with its predecessor
// (prevDesign, prevResults), each analysed with its own settings, as
// METHOD.md §7 says. It refuses (EINVALID) a pair whose focal regions
// differ, and a design whose predecessor names another study; it refuses
// what Analyze refuses in either round.
func FollowUp(prevDesign *Design, prevResults []Result, design *Design, results []Result) (*FollowUpReport, error) {
	if prevDesign == nil || design == nil {
		return nil, invalid("followup.designs_needed")
	}
	prev, err := Analyze(prevDesign, prevResults)
	if err != nil {
		return nil, fmt.Errorf("follow-up, previous round: %w", err)
	}
	now, err := Analyze(design, results)
	if err != nil {
		return nil, fmt.Errorf("follow-up, this round: %w", err)
	}
	if prevDesign.FocalRegion != design.FocalRegion {
		return nil, invalid("followup.focal_differs",
			prevDesign.FocalRegion, prevDesign.Code, design.FocalRegion, design.Code)
	}
	if design.Predecessor != "" && design.Predecessor != prevDesign.Code {
		return nil, invalid("followup.predecessor_mismatch",
			design.Code, design.Predecessor, prevDesign.Code)
	}
	pa, ca := newAnalysis(prevDesign), newAnalysis(design)
	prevValues, err := pa.sampleValues(prevResults)
	if err != nil {
		return nil, fmt.Errorf("follow-up, previous round: %w", err)
	}
	values, err := ca.sampleValues(results)
	if err != nil {
		return nil, fmt.Errorf("follow-up, this round: %w", err)
	}

	out := &FollowUpReport{
		Study: design.Code, Predecessor: prevDesign.Code, FocalRegion: design.FocalRegion,
		Indicators: []FollowUpIndicator{},
	}
	refs := matchedReferences(prevDesign, design)
	var changes []*Comparison // the focal comparisons, for the family
	var directions []string
	nPrev, nNow := len(prevDesign.Samples), len(design.Samples)
	var f, r side
	var buf censorBuffers
	for i := range design.Indicators {
		ind := &design.Indicators[i]
		pi := indexOf(prevDesign, ind.Code)
		if pi < 0 {
			continue
		}
		before := &prevDesign.Indicators[pi]
		fi := FollowUpIndicator{Code: ind.Code, References: []FollowUpReference{}}
		if before.Unit != ind.Unit || before.Method != ind.Method {
			out.Indicators = append(out.Indicators, fi)
			continue
		}
		fi.Comparable = true
		for _, ref := range refs {
			fi.References = append(fi.References, status(
				prev.Indicators[pi].Comparisons[ref.prev], now.Indicators[i].Comparisons[ref.now]))
		}
		// The focal samples of both rounds, each valued by its own design
		// (§1), compared under this round's indicator definition.
		f.reset()
		r.reset()
		for s, v := range values[i*nNow : (i+1)*nNow] {
			if v.present && ca.regionOf[s] == ca.focal {
				f.add(v)
			}
		}
		for s, v := range prevValues[pi*nPrev : (pi+1)*nPrev] {
			if v.present && pa.regionOf[s] == pa.focal {
				r.add(v)
			}
		}
		for _, sd := range []*side{&f, &r} {
			sd.sortViews()
			sd.y = sd.x
			if ind.Direction == DirectionRange {
				sd.dist = distances(sd.dist[:0], sd.x, ind)
				sd.y = sd.dist
			}
		}
		c := compare(ind, prevDesign.Code, &f, &r, Summary{}, Summary{}, &buf)
		changes = append(changes, &c)
		directions = append(directions, ind.Direction)
		fi.Change = &FocalChange{}
		out.Indicators = append(out.Indicators, fi)
	}

	// One family over the comparable indicators, with this round's
	// correction; then this round's significance rule.
	ca.adjustFamily(changes, directions)
	k := 0
	for j := range out.Indicators {
		fi := &out.Indicators[j]
		if !fi.Comparable {
			continue
		}
		c := changes[k]
		ca.decide(directions[k], c)
		k++
		*fi.Change = FocalChange{
			Censored: c.Censored, Diff: c.Diff, RelDiff: c.RelDiff, P: c.P,
			PMannWhitney: c.PMannWhitney, Q: c.Q, RankBiserial: c.RankBiserial,
			Change: changeOf(c.Verdict),
		}
		switch fi.Change.Change {
		case ChangeImproved:
			out.Summary.Improved++
		case ChangeWorsened:
			out.Summary.Worsened++
		}
		if len(fi.References) > 0 { // pooled is always the first
			switch fi.References[0].ShortfallStatus {
			case StatusClosed:
				out.Summary.Closed++
			case StatusPersisting:
				out.Summary.Persisting++
			case StatusNew:
				out.Summary.New++
			}
		}
	}
	return out, nil
}

// referencePair is a reference matched between the rounds: its position
// among the comparisons of each profile.
type referencePair struct{ prev, now int }

// matchedReferences are pooled, then the reference regions present in both
// rounds, in this round's order.
func matchedReferences(prevDesign, design *Design) []referencePair {
	pairs := []referencePair{{0, 0}}
	prevRefs := prevDesign.References()
	for k, code := range design.References() {
		for pk, pcode := range prevRefs {
			if pcode == code {
				pairs = append(pairs, referencePair{prev: pk + 1, now: k + 1})
			}
		}
	}
	return pairs
}

// status compares the verdicts of one comparison in the two rounds
// (§7.2).
func status(before, now Comparison) FollowUpReference {
	shortfall := func(c Comparison) bool {
		return c.Verdict == VerdictShortfall || c.Compliance == VerdictShortfall || c.Claim == VerdictShortfall
	}
	advantage := func(c Comparison) bool {
		return c.Verdict == VerdictAdvantage || c.Claim == VerdictAdvantage
	}
	return FollowUpReference{
		Reference:       now.Reference,
		Before:          RoundVerdicts{Verdict: before.Verdict, Compliance: before.Compliance, Claim: before.Claim},
		Now:             RoundVerdicts{Verdict: now.Verdict, Compliance: now.Compliance, Claim: now.Claim},
		ShortfallStatus: transition(shortfall(before), shortfall(now), StatusClosed, StatusPersisting, StatusNew),
		AdvantageStatus: transition(advantage(before), advantage(now), StatusLost, StatusKept, StatusGained),
	}
}

// transition names the change of a yes/no property between two rounds.
func transition(before, now bool, onlyBefore, both, onlyNow string) string {
	switch {
	case before && now:
		return both
	case before:
		return onlyBefore
	case now:
		return onlyNow
	}
	return StatusNone
}

// changeOf words a verdict of the focal region against its own past.
func changeOf(verdict string) string {
	switch verdict {
	case VerdictAdvantage:
		return ChangeImproved
	case VerdictShortfall:
		return ChangeWorsened
	case VerdictParity:
		return ChangeUnchanged
	case VerdictInsufficient:
		return ChangeInsufficient
	}
	return verdict // higher, lower or similar, for direction none
}

// adjustFamily sets q on comparisons that form one family, as adjust does
// for the comparisons of one reference.
func (a *analysis) adjustFamily(cs []*Comparison, directions []string) {
	var family []*Comparison
	var ps []float64
	for k, c := range cs {
		pv := a.drivingP(c)
		if c.Verdict == VerdictInsufficient || pv == nil {
			continue
		}
		if directions[k] == DirectionNone {
			c.Q = optional(*pv)
			continue
		}
		family = append(family, c)
		ps = append(ps, *pv)
	}
	for j, q := range a.adjusted(ps) {
		family[j].Q = optional(q)
	}
}

func indexOf(d *Design, code string) int {
	for i := range d.Indicators {
		if d.Indicators[i].Code == code {
			return i
		}
	}
	return -1
}
