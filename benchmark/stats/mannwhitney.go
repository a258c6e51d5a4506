package stats

import "math"

// UTest is the result of a two-sided Mann–Whitney U test. Undefined fields
// are NaN.
type UTest struct {
	U float64 // the statistic of the first sample: R_a - n_a(n_a+1)/2
	P float64 // two-sided p-value
}

// maxExactN is the size of the smaller sample up to which a tie-free test
// uses the exact null distribution of U (the choice of scipy's
// method='auto').
const maxExactN = 8

// MannWhitney performs the two-sided Mann–Whitney U test of a against b with
// the rule of docs/method.md §3, which is that of
// scipy.stats.mannwhitneyu(a, b, alternative='two-sided', method='auto')
// (SciPy 1.10, which the tests compare with):
//
//   - without ties and with min(n_a, n_b) <= 8, the exact null distribution:
//     P = 2·P(U' >= max(U_a, U_b));
//   - otherwise the normal approximation with the tie-corrected variance and
//     a continuity correction of 1/2;
//   - P = 1 when every value of both samples is the same;
//   - P is capped at 1.
//
// Both fields are NaN when a or b is empty.
func MannWhitney(a, b []float64) UTest {
	na, nb := len(a), len(b)
	if na == 0 || nb == 0 {
		return UTest{U: math.NaN(), P: math.NaN()}
	}
	sa, sb := sortedView(a), sortedView(b)
	rank := rankSum(sa, sb)
	mn := float64(na) * float64(nb)
	ua := rank.sumA - float64(na)*float64(na+1)/2
	u := max(ua, mn-ua) // the larger tail; doubled below for two sides

	var p float64
	switch {
	case sa[0] == sa[na-1] && sb[0] == sb[nb-1] && sa[0] == sb[0]:
		p = 1 // every value the same: no shift at all (and no variance)
	case rank.tieTerm == 0 && min(na, nb) <= maxExactN:
		p = 2 * exactUCDF(int(mn-u), na, nb) // P(U' >= u) = P(U' <= mn-u) by symmetry
	default:
		n := float64(na + nb)
		sd := math.Sqrt(mn / 12 * (n + 1 - rank.tieTerm/(n*(n-1))))
		z := (u - mn/2 - 0.5) / sd
		p = math.Erfc(z / math.Sqrt2) // 2·(1-Φ(z))
	}
	return UTest{U: ua, P: min(p, 1)}
}

// ranks is what the U test needs from the midranks of a and b together.
type ranks struct {
	sumA    float64 // sum of the midranks of a's values
	tieTerm float64 // Σ (t³ - t) over the groups of t tied values
}

// rankSum ranks the sorted samples a and b together by merging them, in
// O(n_a + n_b), giving tied values their midrank.
func rankSum(a, b []float64) ranks {
	var r ranks
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var v float64
		switch {
		case j == len(b) || (i < len(a) && a[i] <= b[j]):
			v = a[i]
		default:
			v = b[j]
		}
		first := i + j + 1 // rank of the first value of this tie group
		ca, cb := 0, 0
		for i < len(a) && a[i] == v {
			i++
			ca++
		}
		for j < len(b) && b[j] == v {
			j++
			cb++
		}
		t := float64(ca + cb)
		r.sumA += float64(ca) * (float64(first) + (t-1)/2)
		r.tieTerm += t*t*t - t
	}
	return r
}

// exactUCDF returns P(U <= k) under the null hypothesis for samples of
// sizes m and n without ties.
//
// The number of rank arrangements with U = j is the number of partitions of
// j into at most min(m,n) parts none larger than max(m,n): the coefficient
// of q^j in the Gaussian binomial Π_{i=1..m} (1-q^(n+i))/(1-q^i). Dividing by
// the (1-q^i) first and then multiplying by the (1-q^(n+i)), truncated at
// degree k, costs O(m·k) time and O(k) memory, so a small focal region
// against a pooled reference of thousands of samples stays cheap.
func exactUCDF(k, m, n int) float64 {
	if m > n {
		m, n = n, m
	}
	count := make([]float64, k+1)
	count[0] = 1
	for i := 1; i <= m; i++ {
		for j := i; j <= k; j++ {
			count[j] += count[j-i]
		}
	}
	for i := 1; i <= m; i++ {
		for j := k; j >= n+i; j-- {
			count[j] -= count[j-n-i]
		}
	}
	total := 1.0 // C(m+n, m), the number of arrangements
	for i := 1; i <= m; i++ {
		total = total * float64(n+i) / float64(i)
	}
	var sum float64
	for _, c := range count {
		sum += c
	}
	return sum / total
}
