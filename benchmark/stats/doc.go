// Package stats is the numerics of the comparison method (docs/method.md):
// descriptive statistics, Welch's t-test, the Mann–Whitney U test, Hedges' g,
// the Benjamini–Hochberg and Holm adjustments, all on plain []float64, and
// Fisher's exact test of a 2×2 table of counts.
//
// Undefined results are NaN (a mean of nothing, an SD of one value, a test
// of a sample with too few values); callers turn NaN into "no number". The
// inputs must be finite: no function checks for NaN or ±Inf values. No
// function modifies its arguments.
//
// The tests compare every function with values computed by SciPy and NumPy
// (testdata/gen_reference.py writes testdata/reference.json).
package stats
