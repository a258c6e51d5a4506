package benchmark

import (
	"math"

	"github.com/qbench/qbench/benchmark/stats"
)

// This file is METHOD.md §3a (revision 2): comparisons where a side has
// non-detect samples compare ranks and detection rates, never means of
// substituted values.

// censoredRank is the value every censored sample takes in the rank test:
// below every value that is not censored (those are >= L_c > 0). It is
// finite, as package stats expects; only its order matters.
const censoredRank = -math.MaxFloat64

// censorBuffers is scratch space for the censored values of both sides.
type censorBuffers struct{ a, b []float64 }

// isCensored reports whether the comparison of f with r is censored: the
// direction is not range and a side has a non-detect sample. Range
// indicators keep the substitution of §1 in their distances.
func isCensored(ind *Indicator, f, r *side) bool {
	return ind.Direction != DirectionRange && (f.nd > 0 || r.nd > 0)
}

// compareCensored fills the rank and detection statistics of a censored
// comparison with at least two samples a side (METHOD.md §3a). Every sample
// that is a non-detect or below L_c, the largest L_s of both sides, is
// censored at L_c (Helsel's re-censoring at the highest detection limit):
// they all tie at the lowest rank. diff, rel_diff, t, df, p and g stay nil.
func compareCensored(c *Comparison, f, r *side, buf *censorBuffers) {
	lc := max(f.maxL, r.maxL)
	buf.a = censorAt(buf.a[:0], f, lc)
	buf.b = censorAt(buf.b[:0], r, lc)
	u := stats.MannWhitney(buf.a, buf.b)
	na, nb := len(buf.a), len(buf.b)
	c.PMannWhitney = optional(u.P)
	c.RankBiserial = optional(rankBiserial(u.U, na, nb))
	da, db := len(f.det), len(r.det)
	c.PDetection = optional(stats.FisherExact(da, na-da, db, nb-db))
}

// censorAt appends the side's values censored at lc to dst, sorted: its
// non-detect samples and its detected values below lc as censoredRank,
// then its detected values >= lc as they are.
func censorAt(dst []float64, s *side, lc float64) []float64 {
	below := 0
	for below < len(s.det) && s.det[below] < lc {
		below++
	}
	for range s.nd + below {
		dst = append(dst, censoredRank)
	}
	return append(dst, s.det[below:]...)
}
