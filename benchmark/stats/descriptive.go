package stats

import (
	"math"
	"slices"
)

// Mean returns the arithmetic mean of x, or NaN when x is empty.
//
// The values are summed as deviations from x[0]. Identical values therefore
// have exactly that value as their mean (and, in SD, a variance of exactly
// 0), which the zero-variance rules of the method rely on; and data with a
// large common offset (400 MPa ± 5) keeps its precision.
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	x0 := x[0]
	var sum float64
	for _, v := range x[1:] {
		sum += v - x0
	}
	return x0 + sum/float64(len(x))
}

// SD returns the sample standard deviation of x (divisor n-1), or NaN when x
// has fewer than two values.
func SD(x []float64) float64 {
	_, v := meanVar(x)
	return math.Sqrt(v)
}

// meanVar returns the mean and the sample variance (divisor n-1) of x; the
// variance is NaN when x has fewer than two values.
//
// The variance is the corrected two-pass form (Chan, Golub & LeVeque, 1983):
// the second term removes the rounding error of the mean.
func meanVar(x []float64) (mean, variance float64) {
	mean = Mean(x)
	n := len(x)
	if n < 2 {
		return mean, math.NaN()
	}
	var ss, s float64
	for _, v := range x {
		d := v - mean
		ss += d * d
		s += d
	}
	return mean, max(0, (ss-s*s/float64(n))/float64(n-1))
}

// Median returns the median of x (the mean of the two middle values when
// len(x) is even), or NaN when x is empty. Sorted input is used as is;
// other input is copied before sorting.
func Median(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	s := sortedView(x)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// sortedView returns x when it is sorted ascending, else a sorted copy, so
// that callers who already sort pay only one pass.
func sortedView(x []float64) []float64 {
	if slices.IsSorted(x) {
		return x
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return s
}
