package stats

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// reference is testdata/reference.json, written by testdata/gen_reference.py
// with SciPy and NumPy. Undefined values are null there and nil here.
type reference struct {
	SciPy    string `json:"scipy"`
	Describe []struct {
		Name   string
		X      []float64
		Mean   *float64
		SD     *float64
		Median *float64
	}
	Welch []struct {
		Name      string
		A, B      []float64
		T, DF, P  *float64
		Published *struct {
			T, DF, P, Rel float64
		}
	}
	MannWhitney []struct {
		Name      string
		A, B      []float64
		U, P      *float64
		Published *struct {
			U, P, Rel float64
		}
	} `json:"mann_whitney"`
	HedgesG []struct {
		Name string
		A, B []float64
		G    *float64
	} `json:"hedges_g"`
	Adjust []struct {
		Name      string
		P         []float64
		BH        []float64
		Holm      []float64
		Published *struct {
			Alpha        float64
			BHRejected   int `json:"bh_rejected"`
			HolmRejected int `json:"holm_rejected"`
		}
	}
	Fisher []struct {
		Name      string
		Table     [2][2]int
		P         *float64
		Published *struct {
			P, Rel float64
		}
	}
}

func loadReference(t *testing.T) *reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatalf("testdata/reference.json: %v", err)
	}
	return &ref
}

const (
	relTol = 1e-9  // relative tolerance against SciPy
	absTol = 1e-12 // absolute tolerance for values near 0
)

// close reports whether got matches want within relTol (or absTol near 0);
// a nil want stands for "undefined" and matches only NaN.
func close(got float64, want *float64, rel float64) bool {
	if want == nil {
		return math.IsNaN(got)
	}
	w := *want
	return math.Abs(got-w) <= max(rel*math.Abs(w), absTol)
}

func check(t *testing.T, what string, got float64, want *float64) {
	t.Helper()
	if !close(got, want, relTol) {
		t.Errorf("%s = %v, want %v", what, got, show(want))
	}
}

func show(p *float64) any {
	if p == nil {
		return "undefined"
	}
	return *p
}

func TestDescriptive(t *testing.T) {
	t.Parallel()
	for _, c := range loadReference(t).Describe {
		t.Run(c.Name, func(t *testing.T) {
			check(t, "Mean", Mean(c.X), c.Mean)
			check(t, "SD", SD(c.X), c.SD)
			check(t, "Median", Median(c.X), c.Median)
		})
	}
}

func TestWelch(t *testing.T) {
	t.Parallel()
	for _, c := range loadReference(t).Welch {
		t.Run(c.Name, func(t *testing.T) {
			got := Welch(c.A, c.B)
			check(t, "T", got.T, c.T)
			check(t, "DF", got.DF, c.DF)
			check(t, "P", got.P, c.P)
			if pub := c.Published; pub != nil {
				for _, f := range []struct {
					name      string
					got, want float64
				}{{"T", got.T, pub.T}, {"DF", got.DF, pub.DF}, {"P", got.P, pub.P}} {
					if !close(f.got, &f.want, pub.Rel) {
						t.Errorf("%s = %v, published %v", f.name, f.got, f.want)
					}
				}
			}
		})
	}
}

func TestMannWhitney(t *testing.T) {
	t.Parallel()
	for _, c := range loadReference(t).MannWhitney {
		t.Run(c.Name, func(t *testing.T) {
			got := MannWhitney(c.A, c.B)
			check(t, "U", got.U, c.U)
			check(t, "P", got.P, c.P)
			if pub := c.Published; pub != nil {
				if got.U != pub.U || !close(got.P, &pub.P, pub.Rel) {
					t.Errorf("U, P = %v, %v; published %v, %v", got.U, got.P, pub.U, pub.P)
				}
			}
		})
	}
}

func TestHedgesG(t *testing.T) {
	t.Parallel()
	for _, c := range loadReference(t).HedgesG {
		t.Run(c.Name, func(t *testing.T) {
			check(t, "g", HedgesG(c.A, c.B), c.G)
		})
	}
}

func TestAdjust(t *testing.T) {
	t.Parallel()
	for _, c := range loadReference(t).Adjust {
		t.Run(c.Name, func(t *testing.T) {
			for _, m := range []struct {
				name   string
				adjust func([]float64) []float64
				want   []float64
			}{{"BH", AdjustBH, c.BH}, {"Holm", AdjustHolm, c.Holm}} {
				got := m.adjust(c.P)
				if len(got) != len(m.want) {
					t.Fatalf("%s: %d values, want %d", m.name, len(got), len(m.want))
				}
				for i := range got {
					check(t, m.name, got[i], &m.want[i])
				}
			}
			if pub := c.Published; pub != nil {
				if n := countAtMost(AdjustBH(c.P), pub.Alpha); n != pub.BHRejected {
					t.Errorf("BH rejects %d at %v, published %d", n, pub.Alpha, pub.BHRejected)
				}
				if n := countAtMost(AdjustHolm(c.P), pub.Alpha); n != pub.HolmRejected {
					t.Errorf("Holm rejects %d at %v, published %d", n, pub.Alpha, pub.HolmRejected)
				}
			}
		})
	}
}

func countAtMost(q []float64, alpha float64) int {
	n := 0
	for _, v := range q {
		if v <= alpha {
			n++
		}
	}
	return n
}

// TestExactUCDFIsADistribution checks the exact null distribution of U
// against two of its properties: it sums to 1, and it is symmetric about
// mn/2, including for a small sample against a large one.
func TestExactUCDFIsADistribution(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{1, 1}, {3, 4}, {8, 8}, {5, 2}, {8, 700}} {
		m, n := size[0], size[1]
		if total := exactUCDF(m*n, m, n); math.Abs(total-1) > 1e-12 {
			t.Errorf("m=%d n=%d: P(U <= mn) = %v, want 1", m, n, total)
		}
		for _, k := range []int{0, 1, m * n / 3, m*n/2 - 1} {
			if k < 0 || k >= m*n {
				continue
			}
			lower, upper := exactUCDF(k, m, n), 1-exactUCDF(m*n-k-1, m, n)
			if math.Abs(lower-upper) > 1e-12 {
				t.Errorf("m=%d n=%d k=%d: P(U <= k) = %v, P(U >= mn-k) = %v", m, n, k, lower, upper)
			}
		}
	}
}

// BenchmarkMannWhitneyExact is the worst case of the exact test: the
// largest small sample against a large one, U near the centre.
func BenchmarkMannWhitneyExact(b *testing.B) {
	a := make([]float64, 8)
	ref := make([]float64, 5000)
	for i := range ref {
		ref[i] = float64(i)
	}
	for i := range a {
		a[i] = float64(i*625) + 0.5
	}
	for b.Loop() {
		MannWhitney(a, ref)
	}
}

func TestFisherExact(t *testing.T) {
	t.Parallel()
	cases := loadReference(t).Fisher
	if len(cases) < 20 {
		t.Fatalf("%d Fisher cases in testdata/reference.json", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			got := FisherExact(c.Table[0][0], c.Table[0][1], c.Table[1][0], c.Table[1][1])
			check(t, "P", got, c.P)
			if pub := c.Published; pub != nil && math.Abs(got-pub.P) > pub.Rel*pub.P {
				t.Errorf("P = %v, published %v", got, pub.P)
			}
			// Swapping the rows, or the columns, is the same test.
			for _, sw := range [][4]int{
				{c.Table[1][0], c.Table[1][1], c.Table[0][0], c.Table[0][1]},
				{c.Table[0][1], c.Table[0][0], c.Table[1][1], c.Table[1][0]},
			} {
				check(t, "P of the swapped table", FisherExact(sw[0], sw[1], sw[2], sw[3]), c.P)
			}
		})
	}
}

func TestFisherExactRefusesNegativeCounts(t *testing.T) {
	t.Parallel()
	if p := FisherExact(-1, 2, 3, 4); !math.IsNaN(p) {
		t.Errorf("FisherExact(-1, 2, 3, 4) = %v, want NaN", p)
	}
}

// TestFisherExactLargeTablesStayFinite runs tables up to n = 40,000, where
// factorials overflow float64 long before: p must be a probability.
func TestFisherExactLargeTablesStayFinite(t *testing.T) {
	t.Parallel()
	for _, tab := range [][4]int{{20000, 0, 0, 20000}, {10000, 10000, 10000, 10000}, {1, 19999, 0, 20000}, {7, 13, 19990, 5}} {
		p := FisherExact(tab[0], tab[1], tab[2], tab[3])
		if !(p >= 0 && p <= 1) {
			t.Errorf("FisherExact%v = %v, want a probability", tab, p)
		}
	}
}
