package stats

import (
	"cmp"
	"slices"
)

// AdjustBH returns the Benjamini–Hochberg adjusted p-values (q-values) of
// the family p, in the order of p: q_(i) = min over j >= i of
// min(1, m·p_(j)/j) for the ascending p_(1..m). Equal p-values get equal q;
// q is monotone in p and at most 1. The p-values must lie in [0, 1].
func AdjustBH(p []float64) []float64 {
	m := len(p)
	q := make([]float64, m)
	running := 1.0
	order := ascending(p)
	for r := m - 1; r >= 0; r-- {
		i := order[r]
		running = min(running, p[i]*float64(m)/float64(r+1))
		q[i] = running
	}
	return q
}

// AdjustHolm returns Holm's step-down adjusted p-values of the family p, in
// the order of p: q_(i) = max over j <= i of min(1, (m-j+1)·p_(j)) for the
// ascending p_(1..m). Equal p-values get equal q; q is monotone in p and at
// most 1. The p-values must lie in [0, 1].
func AdjustHolm(p []float64) []float64 {
	m := len(p)
	q := make([]float64, m)
	running := 0.0
	for r, i := range ascending(p) {
		running = max(running, min(1, p[i]*float64(m-r)))
		q[i] = running
	}
	return q
}

// ascending returns the indices of p ordered by ascending p.
func ascending(p []float64) []int {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(p[i], p[j]) })
	return order
}
