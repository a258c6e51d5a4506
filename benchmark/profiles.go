package benchmark

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// profiles lists the advantage and the shortfall profiles (METHOD.md §4):
// an advantage is a verdict or claim verdict advantage, a shortfall a
// verdict, compliance or claim verdict shortfall. Pooled first, then the
// reference regions in design order; within one reference by |g|,
// |rank_biserial| and |rel_diff| descending (nil last), then indicator code.
func profiles(p *Profile) (advantages, shortfalls []ProfileEntry) {
	advantages, shortfalls = []ProfileEntry{}, []ProfileEntry{}
	for k := range len(p.References) + 1 {
		nA, nS := len(advantages), len(shortfalls)
		for i := range p.Indicators {
			c := &p.Indicators[i].Comparisons[k]
			e := ProfileEntry{
				Indicator: p.Indicators[i].Code, Reference: c.Reference,
				Diff: c.Diff, RelDiff: c.RelDiff, HedgesG: c.HedgesG, Q: c.Q,
				RankBiserial: c.RankBiserial,
				Verdict:      c.Verdict, Compliance: c.Compliance, Claim: c.Claim,
			}
			if c.Verdict == VerdictAdvantage || c.Claim == VerdictAdvantage {
				advantages = append(advantages, e)
			}
			if c.Verdict == VerdictShortfall || c.Compliance == VerdictShortfall || c.Claim == VerdictShortfall {
				shortfalls = append(shortfalls, e)
			}
		}
		slices.SortFunc(advantages[nA:], byEffect)
		slices.SortFunc(shortfalls[nS:], byEffect)
	}
	return advantages, shortfalls
}

// byEffect is the order of the entries of one reference (METHOD.md §4).
func byEffect(x, y ProfileEntry) int {
	if c := descendingNilLast(x.HedgesG, y.HedgesG, math.Abs); c != 0 {
		return c
	}
	if c := descendingNilLast(x.RankBiserial, y.RankBiserial, math.Abs); c != 0 {
		return c
	}
	if c := descendingNilLast(x.RelDiff, y.RelDiff, math.Abs); c != 0 {
		return c
	}
	return strings.Compare(x.Indicator, y.Indicator)
}

// descendingNilLast orders optional numbers by key(v), descending, nil last.
func descendingNilLast(a, b *float64, key func(float64) float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(key(*b), key(*a))
}
