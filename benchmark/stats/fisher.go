package stats

import (
	"math"
	"math/big"
	"slices"
	"sort"
)

// fisherTolerance is SciPy's relative tolerance for "as extreme": a table
// whose probability is at most (1 + 1e-14) times that of the observed table
// counts as at least as extreme, so that tables equally likely in exact
// arithmetic are not told apart by rounding.
const fisherTolerance = 1e-14

// logCloseness is the gap, in natural-log units, under which two table
// weights computed from log-factorials may be equal or within
// fisherTolerance in exact arithmetic: the rounding of a log-factorial of n
// <= 1e6 is far below it. Such pairs are decided with exact integers.
const logCloseness = 1e-9

// FisherExact returns the two-sided p-value of Fisher's exact test of the
// 2×2 table [[a, b], [c, d]] (non-negative counts), as
// scipy.stats.fisher_exact(table, alternative='two-sided') computes it
// (SciPy 1.10): with row sums n1 = a+b, n2 = c+d and first-column sum
// n = a+c, the first cell follows the hypergeometric distribution, and p is
// the probability of every table with the same margins that is at most
// (1 + 1e-14) times as likely as the observed one. The observed table's own
// tail counts whole; a table as likely as the mode gives 1; a table with an
// empty row or column gives 1.
//
// Probabilities come from log-factorials (math.Lgamma), so tables of tens of
// thousands do not overflow; each tail is summed from its largest term by
// the ratios of successive terms, stopping where the rest is negligible, so
// the cost grows with the spread of the distribution, not with n. Where two
// tables are nearly as likely (within 1e-9 in log), their order is decided
// exactly with big integers, so that symmetric tables tie as in exact
// arithmetic.
//
// It returns NaN for a negative count.
func FisherExact(a, b, c, d int) float64 {
	if a < 0 || b < 0 || c < 0 || d < 0 {
		return math.NaN()
	}
	n1, n2, n := a+b, c+d, a+c
	if n1 == 0 || n2 == 0 || n == 0 || b+d == 0 {
		return 1
	}
	h := hypergeom{n1: n1, n2: n2, n: n}
	lo, hi := max(0, n-n2), min(n, n1) // the support of the first cell
	mode := int(float64(n+1) * float64(n1+1) / float64(n1+n2+2))
	if h.asLikely(a, mode) {
		return 1
	}
	// The observed side counts whole, from its end up to the observed
	// table; the other side from its end inward while the tables are at
	// most as likely as the observed one. The weights fall monotonically
	// away from the mode (the distribution is log-concave), so the other
	// side's boundary is found by bisection.
	lC := logChoose(n1+n2, n)
	if a < mode {
		// The smallest x > mode that is not more likely than a, if any.
		first := sort.Search(hi-mode, func(i int) bool { return h.notMoreLikely(mode+1+i, a) }) + mode + 1
		p := h.tail(a, -1, lo, lC)
		if first <= hi {
			p += h.tail(first, +1, hi, lC)
		}
		return min(p, 1)
	}
	// The largest x < mode that is not more likely than a, if any.
	last := mode - 1 - sort.Search(mode-lo, func(i int) bool { return h.notMoreLikely(mode-1-i, a) })
	p := h.tail(a, +1, hi, lC)
	if last >= lo {
		p += h.tail(last, -1, lo, lC)
	}
	return min(p, 1)
}

// tail is the probability of the tables with first cell from inner to end
// (step +1 or -1, away from the mode): the inner term from log-factorials,
// the next ones by the ratio of successive weights, until what remains
// cannot change the sum (the ratios keep falling away from the mode, so
// the rest is below term·r/(1-r)).
func (h hypergeom) tail(inner, step, end int, logC float64) float64 {
	base := h.logWeight(inner) - logC
	sum, term := 1.0, 1.0
	for x := inner; x != end; x += step {
		var r float64
		if step > 0 { // w(x+1)/w(x)
			r = float64(h.n1-x) * float64(h.n-x) / (float64(x+1) * float64(h.n2-h.n+x+1))
		} else { // w(x-1)/w(x)
			r = float64(x) * float64(h.n2-h.n+x) / (float64(h.n1-x+1) * float64(h.n-x+1))
		}
		term *= r
		sum += term
		if r < 1 && term*r/(1-r) < 1e-17*sum {
			break
		}
	}
	return math.Exp(base) * sum
}

// hypergeom is the distribution of the first cell of a 2×2 table with row
// sums n1, n2 and first-column sum n. Its weight at x is
// C(n1, x)·C(n2, n-x), proportional to the probability of the table.
type hypergeom struct{ n1, n2, n int }

func (h hypergeom) logWeight(x int) float64 {
	return logChoose(h.n1, x) + logChoose(h.n2, h.n-x)
}

func (h hypergeom) weight(x int) *big.Int {
	var w, v big.Int
	w.Binomial(int64(h.n1), int64(x))
	v.Binomial(int64(h.n2), int64(h.n-x))
	return w.Mul(&w, &v)
}

// notMoreLikely reports whether the table with first cell x is at most
// (1 + 1e-14) times as likely as the one with first cell obs.
func (h hypergeom) notMoreLikely(x, obs int) bool {
	lx, lo := h.logWeight(x), h.logWeight(obs)
	if math.Abs(lx-lo) > logCloseness {
		return lx < lo
	}
	if h.sameFactorials(x, obs) {
		return true // equal in exact arithmetic, as in a symmetric table
	}
	// w(x)·1e14 <= w(obs)·(1e14 + 1), in integers.
	scale := big.NewInt(1e14)
	left := new(big.Int).Mul(h.weight(x), scale)
	right := new(big.Int).Mul(h.weight(obs), scale.Add(scale, big.NewInt(1)))
	return left.Cmp(right) <= 0
}

// asLikely reports whether the tables with first cells x and y are equally
// likely within SciPy's relative tolerance: |w(x) - w(y)| <= 1e-14·max.
func (h hypergeom) asLikely(x, y int) bool {
	lx, ly := h.logWeight(x), h.logWeight(y)
	if math.Abs(lx-ly) > logCloseness {
		return false
	}
	if h.sameFactorials(x, y) {
		return true
	}
	wx, wy := h.weight(x), h.weight(y)
	diff := new(big.Int).Sub(wx, wy)
	diff.Abs(diff).Mul(diff, big.NewInt(1e14))
	if wx.Cmp(wy) < 0 {
		wx = wy
	}
	return diff.Cmp(wx) <= 0
}

// sameFactorials reports whether the weights at x and y are the same
// quotient n1!·n2! / (a!·b!·c!·d!) with the same multiset {a, b, c, d} of
// cell counts: then they are equal without computing them, which is the
// common case of the tables a symmetric margin mirrors.
func (h hypergeom) sameFactorials(x, y int) bool {
	cells := func(x int) [4]int {
		c := [4]int{x, h.n1 - x, h.n - x, h.n2 - h.n + x}
		slices.Sort(c[:])
		return c
	}
	return cells(x) == cells(y)
}

// logChoose is log C(n, k) for 0 <= k <= n, -Inf outside.
func logChoose(n, k int) float64 {
	if k < 0 || k > n {
		return math.Inf(-1)
	}
	return logFactorial(n) - logFactorial(k) - logFactorial(n-k)
}

// logFactorial is log n!.
func logFactorial(n int) float64 {
	v, _ := math.Lgamma(float64(n) + 1)
	return v
}
