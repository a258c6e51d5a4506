package stats

import "math"

// HedgesG returns Hedges' g of a against b: J·(mean(a)-mean(b))/s_p with the
// pooled SD s_p² = ((n_a-1)s_a² + (n_b-1)s_b²)/(n_a+n_b-2) and the
// small-sample correction J = 1 - 3/(4(n_a+n_b)-9) (docs/method.md §3).
//
// It is NaN when a or b has fewer than two values, or when s_p = 0 (both
// samples constant): a standardized difference has no scale then.
func HedgesG(a, b []float64) float64 {
	na, nb := len(a), len(b)
	if na < 2 || nb < 2 {
		return math.NaN()
	}
	meanA, varA := meanVar(a)
	meanB, varB := meanVar(b)
	sp := math.Sqrt((float64(na-1)*varA + float64(nb-1)*varB) / float64(na+nb-2))
	if sp == 0 {
		return math.NaN()
	}
	j := 1 - 3/float64(4*(na+nb)-9)
	return j * (meanA - meanB) / sp
}
