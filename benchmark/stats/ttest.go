package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// TTest is the result of Welch's two-sample t-test. Undefined fields are
// NaN.
type TTest struct {
	T  float64 // (mean(a) - mean(b)) / standard error
	DF float64 // Welch–Satterthwaite degrees of freedom
	P  float64 // two-sided p-value
}

// Welch performs Welch's unequal-variance t-test of a against b, two-sided.
//
// Every field is NaN when a or b has fewer than two values. When both
// samples have zero variance the t distribution does not apply and, as
// docs/method.md §3 says, the answer is P = 1 and T = 0 when the means are
// equal, P = 0 and T = NaN when they differ; DF is NaN in both cases.
//
// P = 2·S(|T|) with S the survival function of Student's t, which keeps its
// precision for tiny p where 2·(1-F) would round to 0; it matches
// scipy.stats.ttest_ind(a, b, equal_var=False).
func Welch(a, b []float64) TTest {
	na, nb := len(a), len(b)
	nan := math.NaN()
	if na < 2 || nb < 2 {
		return TTest{T: nan, DF: nan, P: nan}
	}
	meanA, varA := meanVar(a)
	meanB, varB := meanVar(b)
	diff := meanA - meanB
	// Squared standard errors of the two means.
	seA, seB := varA/float64(na), varB/float64(nb)
	se2 := seA + seB
	if se2 == 0 {
		if diff == 0 {
			return TTest{T: 0, DF: nan, P: 1}
		}
		return TTest{T: nan, DF: nan, P: 0}
	}
	t := diff / math.Sqrt(se2)
	// Welch–Satterthwaite df = se2² / (seA²/(na-1) + seB²/(nb-1)), written
	// with shares of se2 so that tiny variances do not underflow.
	ra, rb := seA/se2, seB/se2
	df := 1 / (ra*ra/float64(na-1) + rb*rb/float64(nb-1))
	p := 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	return TTest{T: t, DF: df, P: p}
}
