package benchmark_test

import (
	"cmp"
	"encoding/json"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/qbench/qbench/benchmark"
)

// studyInput is what Analyze takes.
type studyInput struct {
	d       *benchmark.Design
	results []benchmark.Result
}

// referenceStudies loads every study of testdata/reference, by name.
func referenceStudies(t *testing.T) map[string]studyInput {
	t.Helper()
	dirs, err := filepath.Glob("testdata/reference/*/design.json")
	if err != nil {
		t.Fatal(err)
	}
	studies := map[string]studyInput{}
	for _, path := range dirs {
		dir := filepath.Dir(path)
		d, results := loadStudy(t, dir)
		studies[filepath.Base(dir)] = studyInput{d, results}
	}
	return studies
}

func analyzeJSON(t *testing.T, d *benchmark.Design, results []benchmark.Result, canonical func(*benchmark.Profile)) string {
	t.Helper()
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	if canonical != nil {
		canonical(p)
	}
	b, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAnalyzeIgnoresInputOrder shuffles the result rows and the samples of
// the design: the profile JSON stays the same to the last bit. Shuffling
// the regions changes only what design order defines (the order of the
// references, of the comparisons and profile entries per reference, and
// of tied composite ranks); everything else stays bit for bit.
func TestAnalyzeIgnoresInputOrder(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2016, 5))
	for name, st := range referenceStudies(t) {
		t.Run(name, func(t *testing.T) {
			want := analyzeJSON(t, st.d, st.results, nil)
			wantCanonical := analyzeJSON(t, st.d, st.results, canonicalRegionOrder)
			for range 5 {
				d := *st.d
				d.Samples = slices.Clone(d.Samples)
				results := slices.Clone(st.results)
				rng.Shuffle(len(d.Samples), func(i, j int) { d.Samples[i], d.Samples[j] = d.Samples[j], d.Samples[i] })
				rng.Shuffle(len(results), func(i, j int) { results[i], results[j] = results[j], results[i] })
				if got := analyzeJSON(t, &d, results, nil); got != want {
					t.Fatalf("shuffled rows and samples change the profile:\n%s", gocmp.Diff(want, got))
				}
				d.Regions = slices.Clone(d.Regions)
				rng.Shuffle(len(d.Regions), func(i, j int) { d.Regions[i], d.Regions[j] = d.Regions[j], d.Regions[i] })
				if got := analyzeJSON(t, &d, results, canonicalRegionOrder); got != wantCanonical {
					t.Fatalf("shuffled regions change the profile:\n%s", gocmp.Diff(wantCanonical, got))
				}
			}
		})
	}
}

// canonicalRegionOrder puts what design order defines in code order.
func canonicalRegionOrder(p *benchmark.Profile) {
	slices.Sort(p.References)
	byReference := func(ref string) string {
		if ref == benchmark.PooledReference {
			return "" // pooled first, as Analyze puts it
		}
		return ref
	}
	for i := range p.Indicators {
		slices.SortStableFunc(p.Indicators[i].Violations, func(a, b benchmark.Violation) int {
			return cmp.Or(cmp.Compare(a.Region, b.Region), cmp.Compare(a.Sample, b.Sample))
		})
		slices.SortStableFunc(p.Indicators[i].Comparisons, func(a, b benchmark.Comparison) int {
			return cmp.Compare(byReference(a.Reference), byReference(b.Reference))
		})
	}
	for _, list := range [][]benchmark.ProfileEntry{p.Advantages, p.Shortfalls} {
		slices.SortStableFunc(list, func(a, b benchmark.ProfileEntry) int {
			return cmp.Compare(byReference(a.Reference), byReference(b.Reference))
		})
	}
	rank := func(c benchmark.CompositeScore) int {
		if c.Rank == nil {
			return math.MaxInt
		}
		return *c.Rank
	}
	slices.SortStableFunc(p.Composite, func(a, b benchmark.CompositeScore) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Region, b.Region))
	})
}

// TestAnalyzeDirectionSwap turns every higher indicator into a lower one and
// back (without limits and claims, whose verdicts do not depend on
// direction):
// the advantages become the shortfalls and the other way round, in the same
// order, and every composite score changes sign.
func TestAnalyzeDirectionSwap(t *testing.T) {
	t.Parallel()
	for name, st := range referenceStudies(t) {
		t.Run(name, func(t *testing.T) {
			d := *st.d
			d.Indicators = nil
			for _, ind := range st.d.Indicators {
				if ind.Direction == benchmark.DirectionHigher || ind.Direction == benchmark.DirectionLower {
					ind.LimitMin, ind.LimitMax, ind.Claim = nil, nil, nil
					d.Indicators = append(d.Indicators, ind)
				}
			}
			var results []benchmark.Result
			for _, r := range st.results {
				if d.Indicator(r.Indicator) != nil {
					results = append(results, r)
				}
			}
			swapped := d
			swapped.Indicators = slices.Clone(d.Indicators)
			for i := range swapped.Indicators {
				ind := &swapped.Indicators[i]
				if ind.Direction == benchmark.DirectionHigher {
					ind.Direction = benchmark.DirectionLower
				} else {
					ind.Direction = benchmark.DirectionHigher
				}
			}
			p, err := benchmark.Analyze(&d, results)
			if err != nil {
				t.Fatal(err)
			}
			q, err := benchmark.Analyze(&swapped, results)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Advantages)+len(p.Shortfalls) == 0 {
				t.Fatal("the study has no advantage or shortfall to swap")
			}
			if diff := gocmp.Diff(entryKeys(p.Advantages), entryKeys(q.Shortfalls)); diff != "" {
				t.Errorf("advantages → shortfalls (-before +after):\n%s", diff)
			}
			if diff := gocmp.Diff(entryKeys(p.Shortfalls), entryKeys(q.Advantages)); diff != "" {
				t.Errorf("shortfalls → advantages (-before +after):\n%s", diff)
			}
			scores := func(p *benchmark.Profile, sign float64) map[string]float64 {
				m := map[string]float64{}
				for _, c := range p.Composite {
					if c.Score != nil {
						m[c.Region] = sign * *c.Score
					}
				}
				return m
			}
			if diff := gocmp.Diff(scores(p, 1), scores(q, -1), approx); diff != "" {
				t.Errorf("composite scores do not change sign (-before +after, negated):\n%s", diff)
			}
		})
	}
}

func entryKeys(entries []benchmark.ProfileEntry) []string {
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.Reference + "/" + e.Indicator
	}
	return keys
}

// TestAnalyzeProfileOrder checks the order of METHOD.md §4 on every
// reference study: pooled first, then the references in design order;
// within one, |g|, |rank_biserial| and |rel_diff| descending (nil last),
// code.
func TestAnalyzeProfileOrder(t *testing.T) {
	t.Parallel()
	for name, st := range referenceStudies(t) {
		p, err := benchmark.Analyze(st.d, st.results)
		if err != nil {
			t.Fatal(err)
		}
		position := map[string]int{benchmark.PooledReference: -1}
		for i, r := range p.References {
			position[r] = i
		}
		absOrNil := func(v *float64) float64 {
			if v == nil {
				return math.Inf(-1)
			}
			return math.Abs(*v)
		}
		for _, list := range [][]benchmark.ProfileEntry{p.Advantages, p.Shortfalls} {
			sorted := slices.IsSortedFunc(list, func(a, b benchmark.ProfileEntry) int {
				return cmp.Or(
					cmp.Compare(position[a.Reference], position[b.Reference]),
					cmp.Compare(absOrNil(b.HedgesG), absOrNil(a.HedgesG)),
					cmp.Compare(absOrNil(b.RankBiserial), absOrNil(a.RankBiserial)),
					cmp.Compare(absOrNil(b.RelDiff), absOrNil(a.RelDiff)),
					cmp.Compare(a.Indicator, b.Indicator))
			})
			if !sorted {
				t.Errorf("%s: profile out of order: %v", name, entryKeys(list))
			}
		}
	}
}
