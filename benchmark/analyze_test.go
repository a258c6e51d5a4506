package benchmark_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/benchmark/stats"
)

// fixture builds a small study for one edge case: regions (the first is
// the focal one), indicators and, per region, samples named REGION-1,
// REGION-2, … created as values are added.
type fixture struct {
	d       benchmark.Design
	results []benchmark.Result
}

func newFixture(regions ...string) *fixture {
	f := &fixture{d: benchmark.Design{
		Code: "T", Title: "test", Product: "绿茶", FocalRegion: regions[0],
		Lab: &benchmark.Lab{Code: "LAB", Name: "lab"},
	}}
	for _, r := range regions {
		f.d.Regions = append(f.d.Regions, benchmark.Region{Code: r, Name: r})
	}
	return f
}

// indicator adds an indicator; its unit and method are filled in.
func (f *fixture) indicator(code, direction string, set ...func(*benchmark.Indicator)) *fixture {
	ind := benchmark.Indicator{Code: code, Name: code, Unit: "%", Method: "M", Direction: direction}
	for _, s := range set {
		s(&ind)
	}
	f.d.Indicators = append(f.d.Indicators, ind)
	return f
}

func limitMax(v float64) func(*benchmark.Indicator) {
	return func(i *benchmark.Indicator) { i.LimitMax = &v }
}

func limitMin(v float64) func(*benchmark.Indicator) {
	return func(i *benchmark.Indicator) { i.LimitMin = &v }
}

func lod(v float64) func(*benchmark.Indicator) {
	return func(i *benchmark.Indicator) { i.LOD = &v }
}

func target(lo, hi float64) func(*benchmark.Indicator) {
	return func(i *benchmark.Indicator) { i.TargetMin, i.TargetMax = &lo, &hi }
}

// sample returns the code of the region's k-th sample (from 1), adding it
// to the design when it is new.
func (f *fixture) sample(region string, k int) string {
	code := fmt.Sprintf("%s-%d", region, k)
	if f.d.Sample(code) == nil {
		f.d.Samples = append(f.d.Samples, benchmark.Sample{Code: code, Region: region})
	}
	return code
}

// values adds one detected result per value, for the region's samples 1, 2, ….
func (f *fixture) values(region, indicator string, values ...float64) *fixture {
	for k, v := range values {
		f.results = append(f.results, benchmark.Result{
			Sample: f.sample(region, k+1), Indicator: indicator, Replicate: 1,
			Reported: fmt.Sprint(v), Value: &v,
		})
	}
	return f
}

// nonDetects adds n non-detects without their own LOD (the indicator's
// applies), for the region's samples 1..n.
func (f *fixture) nonDetects(region, indicator string, n int) *fixture {
	return f.nonDetectsFrom(region, indicator, 1, n)
}

// nonDetectsFrom adds n non-detects for the region's samples first,
// first+1, …, with the indicator's LOD.
func (f *fixture) nonDetectsFrom(region, indicator string, first, n int) *fixture {
	for k := range n {
		f.results = append(f.results, benchmark.Result{
			Sample: f.sample(region, first+k), Indicator: indicator, Replicate: 1,
			Reported: "ND", NonDetect: true,
		})
	}
	return f
}

// nonDetectsAt adds one non-detect "<lod" per LOD, for the region's samples
// first, first+1, ….
func (f *fixture) nonDetectsAt(region, indicator string, first int, lods ...float64) *fixture {
	for k, l := range lods {
		f.results = append(f.results, benchmark.Result{
			Sample: f.sample(region, first+k), Indicator: indicator, Replicate: 1,
			Reported: fmt.Sprintf("<%v", l), NonDetect: true, LOD: ptr(l),
		})
	}
	return f
}

func (f *fixture) settings(s benchmark.Settings) *fixture {
	f.d.Settings = &s
	return f
}

func (f *fixture) analyze(t *testing.T) *benchmark.Profile {
	t.Helper()
	p, err := benchmark.Analyze(&f.d, f.results)
	if err != nil {
		t.Fatal(err)
	}
	checkNoNaN(t, p)
	return p
}

// comparison returns the comparison of an indicator against a reference.
func comparison(t *testing.T, p *benchmark.Profile, indicator, ref string) benchmark.Comparison {
	t.Helper()
	for _, c := range indicatorProfile(t, p, indicator).Comparisons {
		if c.Reference == ref {
			return c
		}
	}
	t.Fatalf("no comparison of %s against %s", indicator, ref)
	return benchmark.Comparison{}
}

func indicatorProfile(t *testing.T, p *benchmark.Profile, code string) benchmark.IndicatorProfile {
	t.Helper()
	for _, ip := range p.Indicators {
		if ip.Code == code {
			return ip
		}
	}
	t.Fatalf("no indicator %s", code)
	return benchmark.IndicatorProfile{}
}

func ptr[T any](v T) *T { return &v }

// asJSON shows a profile part in failure messages as it would be served.
func asJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// approx is cmp's view of "the same number" for computed values.
var approx = cmpopts.EquateApprox(1e-12, 0)

func TestAnalyzeRegionWithOneSample(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "ONE", "R").indicator("x", benchmark.DirectionHigher).
		values("F", "x", 10, 11, 12).values("ONE", "x", 8).values("R", "x", 7, 8, 9).
		analyze(t)
	c := comparison(t, p, "x", "ONE")
	want := benchmark.Comparison{
		Reference: "ONE", Diff: ptr(3.0), RelDiff: ptr(3.0 / 8),
		Verdict: benchmark.VerdictInsufficient, Compliance: benchmark.ComplianceNone,
		Claim: benchmark.ComplianceNone,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("one sample (-want +got):\n%s", diff)
	}
	if s := indicatorProfile(t, p, "x").Regions["ONE"]; s.N != 1 || s.SD != nil || *s.Mean != 8 {
		t.Errorf("summary of one sample = %s, want n 1, mean 8, sd null", asJSON(s))
	}
	// The pooled reference has four samples and is compared as usual.
	if c := comparison(t, p, "x", benchmark.PooledReference); c.Verdict == benchmark.VerdictInsufficient || c.P == nil {
		t.Errorf("pooled comparison = %s, want a test", asJSON(c))
	}
}

func TestAnalyzeFocalWithoutSamples(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("x", benchmark.DirectionHigher, limitMin(1)).
		indicator("y", benchmark.DirectionHigher).
		values("R", "x", 1, 2, 3).values("F", "y", 1, 2).values("R", "y", 1, 2).
		analyze(t)
	for _, c := range indicatorProfile(t, p, "x").Comparisons {
		if c.Diff != nil || c.RelDiff != nil || c.Verdict != benchmark.VerdictInsufficient || c.Compliance != benchmark.ComplianceNone {
			t.Errorf("comparison without focal samples = %s", asJSON(c))
		}
	}
}

func TestAnalyzeAllNonDetects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		limit         float64
		wantCompliant int
	}{
		{"LOD below the limit", 0.05, 4},
		{"LOD above the limit", 0.001, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newFixture("F", "R").
				indicator("pest", benchmark.DirectionLower, lod(0.01), limitMax(tc.limit)).
				nonDetects("F", "pest", 4).nonDetects("R", "pest", 3).
				analyze(t)
			ip := indicatorProfile(t, p, "pest")
			f := ip.Regions["F"]
			// Revision 2: no invented mean, SD, median, min or max; the bounds.
			want := benchmark.Summary{
				N: 4, MeanLB: ptr(0.0), MeanUB: ptr(0.01), Detected: 0, Compliant: ptr(tc.wantCompliant),
			}
			if diff := cmp.Diff(want, f); diff != "" {
				t.Errorf("focal summary (-want +got):\n%s", diff)
			}
			// A censored comparison: every value ties at L_c, nothing differs.
			c := comparison(t, p, "pest", "R")
			want1 := benchmark.Comparison{
				Reference: "R", Q: ptr(1.0), PMannWhitney: ptr(1.0), RankBiserial: ptr(0.0), PDetection: ptr(1.0),
				Censored: true, Significant: ptr(false), Verdict: benchmark.VerdictParity,
				Compliance: benchmark.VerdictParity, Claim: benchmark.ComplianceNone,
			}
			if diff := cmp.Diff(want1, c); diff != "" {
				t.Errorf("all non-detects on both sides (-want +got):\n%s", diff)
			}
			wantViolations := 0
			if tc.wantCompliant == 0 {
				wantViolations = 7 // every sample of both regions, as a non-detect
			}
			if len(ip.Violations) != wantViolations {
				t.Errorf("violations = %s, want %d", asJSON(ip.Violations), wantViolations)
			}
			for _, v := range ip.Violations {
				if v.Value != nil || v.LOD == nil || *v.LOD != 0.01 || v.Limit != benchmark.LimitMax {
					t.Errorf("violation of a non-detect = %s, want value null, lod 0.01, limit max", asJSON(v))
				}
			}
		})
	}
}

func TestAnalyzeZeroVarianceBothSides(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").
		indicator("equal", benchmark.DirectionHigher).
		indicator("higher", benchmark.DirectionHigher).
		indicator("lower", benchmark.DirectionLower).
		values("F", "equal", 0.1, 0.1, 0.1).values("R", "equal", 0.1, 0.1).
		values("F", "higher", 5.2, 5.2, 5.2).values("R", "higher", 4, 4).
		values("F", "lower", 5.2, 5.2, 5.2).values("R", "lower", 4, 4).
		analyze(t)

	equal := comparison(t, p, "equal", "R")
	if diff := cmp.Diff(benchmark.Comparison{
		Reference: "R", Diff: ptr(0.0), RelDiff: ptr(0.0), T: ptr(0.0), P: ptr(1.0), Q: ptr(1.0),
		PMannWhitney: ptr(1.0), RankBiserial: ptr(0.0), Significant: ptr(false),
		Verdict: benchmark.VerdictParity, Compliance: benchmark.ComplianceNone, Claim: benchmark.ComplianceNone,
	}, equal); diff != "" {
		t.Errorf("equal constants (-want +got):\n%s", diff)
	}
	for code, verdict := range map[string]string{"higher": benchmark.VerdictAdvantage, "lower": benchmark.VerdictShortfall} {
		c := comparison(t, p, code, "R")
		if c.T != nil || c.DF != nil || c.HedgesG != nil || *c.P != 0 || c.Verdict != verdict {
			t.Errorf("%s: different constants = %s, want t, df, g null, p 0, %s", code, asJSON(c), verdict)
		}
	}
}

func TestAnalyzeReferenceMeanZero(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("x", benchmark.DirectionLower).
		values("F", "x", 0.12, 0.30, 0.07, 0.21, 0.18).values("R", "x", 0, 0, 0, 0).
		analyze(t)
	c := comparison(t, p, "x", "R")
	// rel_diff is undefined; significance then rests on q alone.
	if c.RelDiff != nil || *c.Q > 0.05 || c.Verdict != benchmark.VerdictShortfall {
		t.Errorf("reference mean 0 = %s, want rel_diff null, q <= 0.05, shortfall", asJSON(c))
	}
}

func TestAnalyzeTies(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("x", benchmark.DirectionHigher).
		values("F", "x", 1, 2, 2, 3, 3).values("R", "x", 2, 3, 3, 4, 4).
		settings(benchmark.Settings{Test: benchmark.TestMannWhitney}).
		analyze(t)
	c := comparison(t, p, "x", "R")
	// scipy.stats.mannwhitneyu(..., method='auto') falls back to the normal
	// approximation with tie correction; ttest_ind(equal_var=False) for p.
	want := benchmark.Comparison{
		Reference: "R", PMannWhitney: ptr(0.12512238701328704), P: ptr(0.09545200899274052),
		Q: ptr(0.12512238701328704), Verdict: benchmark.VerdictParity, Compliance: benchmark.ComplianceNone,
	}
	got := benchmark.Comparison{
		Reference: c.Reference, PMannWhitney: c.PMannWhitney, P: c.P, Q: c.Q, Verdict: c.Verdict, Compliance: c.Compliance,
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("tied values (-want +got):\n%s", diff)
	}
}

func TestAnalyzeDirectionNone(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").
		indicator("up", benchmark.DirectionNone).
		indicator("down", benchmark.DirectionNone).
		indicator("flat", benchmark.DirectionNone).
		indicator("h1", benchmark.DirectionHigher).
		indicator("h2", benchmark.DirectionHigher).
		values("F", "up", 10, 11, 12, 11).values("R", "up", 5, 6, 5, 6).
		values("F", "down", 5, 6, 5, 6).values("R", "down", 10, 11, 12, 11).
		values("F", "flat", 5, 6, 7, 6).values("R", "flat", 5, 7, 6, 6).
		values("F", "h1", 10, 11, 12, 11).values("R", "h1", 5, 6, 5, 6).
		values("F", "h2", 5, 6, 7, 6).values("R", "h2", 5.5, 7, 6, 6).
		analyze(t)
	for code, want := range map[string]string{
		"up": benchmark.VerdictHigher, "down": benchmark.VerdictLower, "flat": benchmark.VerdictSimilar,
	} {
		c := comparison(t, p, code, "R")
		if c.Verdict != want {
			t.Errorf("%s: verdict %s, want %s", code, c.Verdict, want)
		}
		// Not in the family: q is the unadjusted p.
		if *c.Q != *c.P {
			t.Errorf("%s: q = %v, want p = %v", code, *c.Q, *c.P)
		}
	}
	for _, e := range append(p.Advantages, p.Shortfalls...) {
		if e.Indicator != "h1" && e.Indicator != "h2" {
			t.Errorf("direction none in a profile: %s", asJSON(e))
		}
	}
	// The family is h1 and h2 only: BH over their two p-values.
	h1, h2 := comparison(t, p, "h1", "R"), comparison(t, p, "h2", "R")
	q := stats.AdjustBH([]float64{*h1.P, *h2.P})
	if *h1.Q != q[0] || *h2.Q != q[1] {
		t.Errorf("q = %v, %v; want BH over the directional indicators %v", *h1.Q, *h2.Q, q)
	}
}

func TestAnalyzeSignificantWithoutDifference(t *testing.T) {
	t.Parallel()
	// Equal means (4.125, exact in binary), but nine of ten focal values are
	// below every reference value: the Mann–Whitney test is significant, the
	// difference is 0.
	focal := []float64{0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 27.75}
	reference := []float64{3, 3.25, 3.5, 3.75, 4, 4.25, 4.5, 4.75, 5, 5.25}
	p := newFixture("F", "R").
		indicator("h", benchmark.DirectionHigher).indicator("n", benchmark.DirectionNone).
		values("F", "h", focal...).values("R", "h", reference...).
		values("F", "n", focal...).values("R", "n", reference...).
		settings(benchmark.Settings{Test: benchmark.TestMannWhitney, MinRelDiff: ptr(0.0)}).
		analyze(t)
	for code, want := range map[string]string{"h": benchmark.VerdictParity, "n": benchmark.VerdictSimilar} {
		c := comparison(t, p, code, "R")
		if *c.Diff != 0 || *c.Q > 0.05 || c.Verdict != want {
			t.Errorf("%s: %s, want diff 0, q <= 0.05 and %s", code, asJSON(c), want)
		}
	}
}

func TestAnalyzeRangeAllInsideTarget(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("alk", benchmark.DirectionRange, target(1, 3)).
		values("F", "alk", 1.5, 2.5, 2.9, 1.1).values("R", "alk", 1.2, 2.2, 3.0).
		analyze(t)
	c := comparison(t, p, "alk", "R")
	if *c.Diff != 0 || c.RelDiff != nil || *c.P != 1 || c.Verdict != benchmark.VerdictParity {
		t.Errorf("all inside the target = %s, want distance diff 0, rel_diff null, p 1, parity", asJSON(c))
	}
	// Summaries describe the values, not the distances.
	if s := indicatorProfile(t, p, "alk").Regions["F"]; *s.Mean != 2 || *s.Min != 1.1 || *s.Max != 2.9 {
		t.Errorf("focal summary = %s, want mean 2, min 1.1, max 2.9 (the values)", asJSON(s))
	}
}

func TestAnalyzeRangeComparesDistances(t *testing.T) {
	t.Parallel()
	// The focal values straddle the target symmetrically, the reference's sit
	// inside it: the means of x are equal, the distances are not.
	p := newFixture("F", "R").indicator("alk", benchmark.DirectionRange, target(1, 3)).
		values("F", "alk", 0.2, 3.8, 0.4, 3.6, 0.3, 3.7).values("R", "alk", 1.8, 2.2, 2.0, 1.9, 2.1, 2.0).
		analyze(t)
	c := comparison(t, p, "alk", "R")
	if *c.Diff <= 0 || c.Verdict != benchmark.VerdictShortfall {
		t.Errorf("off-target focal = %s, want a positive distance diff and a shortfall", asJSON(c))
	}
}

func TestAnalyzeIndicatorMissingForRegion(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "NONE", "R").
		indicator("x", benchmark.DirectionLower, limitMax(7)).
		values("F", "x", 6, 6.5, 7.5).values("R", "x", 5, 5.5, 6).
		indicator("other", benchmark.DirectionHigher).values("NONE", "other", 1, 2).
		analyze(t)
	ip := indicatorProfile(t, p, "x")
	if diff := cmp.Diff(benchmark.Summary{Compliant: ptr(0)}, ip.Regions["NONE"]); diff != "" {
		t.Errorf("summary of a region without results (-want +got):\n%s", diff)
	}
	c := comparison(t, p, "x", "NONE")
	if c.Diff != nil || c.Verdict != benchmark.VerdictInsufficient || c.Compliance != benchmark.ComplianceNone {
		t.Errorf("comparison with a region without results = %s", asJSON(c))
	}
	// The pooled reference is R alone.
	if ip.Pooled.N != 3 || comparison(t, p, "x", benchmark.PooledReference).Compliance != benchmark.VerdictShortfall {
		t.Errorf("pooled = %s, want R's three samples and a compliance shortfall", asJSON(ip.Pooled))
	}
}

func TestAnalyzeTwoRegions(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("x", benchmark.DirectionHigher, limitMin(10)).
		values("F", "x", 10, 11, 12, 13).values("R", "x", 7, 8, 9, 8).
		analyze(t)
	if diff := cmp.Diff([]string{"R"}, p.References); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
	pooled, r := comparison(t, p, "x", benchmark.PooledReference), comparison(t, p, "x", "R")
	pooled.Reference = "R"
	if diff := cmp.Diff(r, pooled); diff != "" {
		t.Errorf("with one reference region, pooled is that region (-R +pooled):\n%s", diff)
	}
	if len(p.Advantages) != 2 || p.Advantages[0].Reference != benchmark.PooledReference || p.Advantages[1].Reference != "R" {
		t.Errorf("advantages = %s, want x against pooled, then against R", asJSON(p.Advantages))
	}
}

func TestAnalyzeReplicatesAndSubstitution(t *testing.T) {
	t.Parallel()
	// Indicator LOD 0.02, limit_max 0.03. Replicates per sample:
	// F-1 ND, ND; F-2 ND, 0.03; F-3 <0.04, ND.
	replicates := map[string][2]benchmark.Result{
		"F-1": {{Reported: "ND", NonDetect: true}, {Reported: "ND", NonDetect: true}},
		"F-2": {{Reported: "ND", NonDetect: true}, {Reported: "0.03", Value: ptr(0.03)}},
		"F-3": {{Reported: "<0.04", NonDetect: true, LOD: ptr(0.04)}, {Reported: "ND", NonDetect: true}},
	}
	for _, tc := range []struct {
		nd   string
		want []float64 // F-1, F-2, F-3
	}{
		{benchmark.NDHalf, []float64{0.01, 0.02, 0.015}},
		{benchmark.NDZero, []float64{0, 0.015, 0}},
		{benchmark.NDLOD, []float64{0.02, 0.025, 0.03}},
	} {
		// x_lb: F-1 0, F-2 (0 + 0.03)/2, F-3 0; x_ub: F-1 0.02, F-2
		// (0.02 + 0.03)/2, F-3 (0.04 + 0.02)/2, whatever the substitution.
		lb, ub := []float64{0, 0.015, 0}, []float64{0.02, 0.025, 0.03}
		t.Run(tc.nd, func(t *testing.T) {
			t.Parallel()
			f := newFixture("F", "R").indicator("pest", benchmark.DirectionLower, lod(0.02), limitMax(0.03)).
				settings(benchmark.Settings{NDSubstitution: tc.nd}).values("R", "pest", 0.01, 0.02)
			for k := 1; k <= 3; k++ {
				sample := f.sample("F", k)
				for rep, r := range replicates[sample] {
					r.Sample, r.Indicator, r.Replicate = sample, "pest", rep+1
					f.results = append(f.results, r)
				}
			}
			got := f.analyze(t).Indicators[0].Regions["F"]
			// F-1 and F-3 are non-detect samples: no mean, SD, median or
			// min; max is F-2's, the one detected sample.
			want := benchmark.Summary{
				N: 3, Max: ptr(tc.want[1]), MeanLB: ptr(stats.Mean(lb)), MeanUB: ptr(stats.Mean(ub)),
				// F-2 has a detected replicate and meets the limit by its
				// mean; F-1's LODs meet it; F-3's LOD 0.04 does not.
				Detected: 1, Compliant: ptr(2),
			}
			if diff := cmp.Diff(want, got, approx); diff != "" {
				t.Errorf("focal summary (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnalyzeLimits(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").
		indicator("se", benchmark.DirectionHigher, lod(0.02), limitMin(0.25), limitMax(4)).
		values("F", "se", 0.25, 0.3, 4, 4.1).nonDetects("R", "se", 2).
		analyze(t)
	ip := indicatorProfile(t, p, "se")
	// 0.25 and 4 meet their limits exactly; 4.1 does not; a non-detect never
	// meets limit_min.
	if *ip.Regions["F"].Compliant != 3 || *ip.Regions["R"].Compliant != 0 {
		t.Errorf("compliant F %d, R %d; want 3, 0", *ip.Regions["F"].Compliant, *ip.Regions["R"].Compliant)
	}
	if c := comparison(t, p, "se", "R"); c.Compliance != benchmark.VerdictAdvantage {
		t.Errorf("compliance = %s, want advantage", c.Compliance)
	}
}

func TestAnalyzeSettings(t *testing.T) {
	t.Parallel()
	// Against the same reference values, four indicators: a (p 2e-13,
	// rel_diff 0.98), b (p 2e-6, rel_diff 0.12), c (p 0.025, rel_diff 0.06)
	// and d (p 0.41, rel_diff 0.01).
	base := func() *fixture {
		f := newFixture("F", "R")
		for code, focal := range map[string][]float64{
			"a": {20, 20.2, 20.4, 20.2, 20},
			"b": {11.25, 11.45, 11.65, 11.45, 11.25},
			"c": {10.2, 10.8, 11.3, 10.6, 11.0},
			"d": {10.0, 10.6, 10.1, 10.5, 10.2},
		} {
			f.indicator(code, benchmark.DirectionHigher).values("F", code, focal...).values("R", code, 10, 10.2, 10.4, 10.2, 10)
		}
		slices.SortFunc(f.d.Indicators, func(x, y benchmark.Indicator) int { return strings.Compare(x.Code, y.Code) })
		return f
	}
	ps := func(p *benchmark.Profile, pick func(benchmark.Comparison) *float64) []float64 {
		var out []float64
		for _, ip := range p.Indicators {
			out = append(out, *pick(ip.Comparisons[1]))
		}
		return out
	}
	qs := func(p *benchmark.Profile) []float64 {
		return ps(p, func(c benchmark.Comparison) *float64 { return c.Q })
	}
	welchP := func(c benchmark.Comparison) *float64 { return c.P }
	defaults := base().analyze(t)

	t.Run("defaults", func(t *testing.T) {
		want := benchmark.EffectiveSettings{Alpha: 0.05, MinRelDiff: 0.05, Correction: "bh", Test: "welch", NDSubstitution: "half"}
		if diff := cmp.Diff(want, defaults.Settings); diff != "" {
			t.Errorf("settings (-want +got):\n%s", diff)
		}
	})
	for _, tc := range []struct {
		correction string
		adjust     func([]float64) []float64
	}{
		{benchmark.CorrectionBH, stats.AdjustBH},
		{benchmark.CorrectionHolm, stats.AdjustHolm},
		{benchmark.CorrectionNone, func(p []float64) []float64 { return p }},
	} {
		t.Run("correction "+tc.correction, func(t *testing.T) {
			p := base().settings(benchmark.Settings{Correction: tc.correction}).analyze(t)
			if diff := cmp.Diff(tc.adjust(ps(p, welchP)), qs(p)); diff != "" {
				t.Errorf("q (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("test mann-whitney", func(t *testing.T) {
		p := base().settings(benchmark.Settings{Test: benchmark.TestMannWhitney}).analyze(t)
		want := stats.AdjustBH(ps(p, func(c benchmark.Comparison) *float64 { return c.PMannWhitney }))
		if diff := cmp.Diff(want, qs(p)); diff != "" {
			t.Errorf("q from the Mann–Whitney p-values (-want +got):\n%s", diff)
		}
	})
	verdicts := func(p *benchmark.Profile) string {
		var v []string
		for _, ip := range p.Indicators {
			v = append(v, ip.Comparisons[1].Verdict)
		}
		return strings.Join(v, " ")
	}
	for _, tc := range []struct {
		name     string
		settings benchmark.Settings
		want     string
	}{
		{"default verdicts", benchmark.Settings{}, "advantage advantage advantage parity"},
		{"alpha 0.01", benchmark.Settings{Alpha: ptr(0.01)}, "advantage advantage parity parity"},
		{"alpha 0.9", benchmark.Settings{Alpha: ptr(0.9)}, "advantage advantage advantage parity"},
		{"min_rel_diff 0.1", benchmark.Settings{MinRelDiff: ptr(0.1)}, "advantage advantage parity parity"},
		{"min_rel_diff 0", benchmark.Settings{MinRelDiff: ptr(0.0), Alpha: ptr(0.9)}, "advantage advantage advantage advantage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := verdicts(base().settings(tc.settings).analyze(t)); got != tc.want {
				t.Errorf("verdicts %q, want %q (p %v)", got, tc.want, ps(defaults, welchP))
			}
		})
	}
	// nd_substitution is covered by TestAnalyzeReplicatesAndSubstitution.
}

func TestAnalyzeCompositeTiesShareRank(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R1", "R2", "LOW", "EMPTY").
		indicator("x", benchmark.DirectionHigher).indicator("y", benchmark.DirectionLower).
		values("F", "x", 10, 12).values("R1", "x", 8, 9).values("R2", "x", 9, 8).values("LOW", "x", 1, 2).
		values("F", "y", 1, 2).values("R1", "y", 3, 3).values("R2", "y", 3, 3).values("LOW", "y", 5, 6).
		analyze(t)
	var got []string
	for _, c := range p.Composite {
		if c.Score == nil {
			got = append(got, fmt.Sprintf("%s:-", c.Region))
			continue
		}
		got = append(got, fmt.Sprintf("%s:%d", c.Region, *c.Rank))
	}
	if diff := cmp.Diff([]string{"F:1", "R1:2", "R2:2", "LOW:4", "EMPTY:-"}, got); diff != "" {
		t.Errorf("ranking (-want +got):\n%s", diff)
	}
	if *p.Composite[1].Score != *p.Composite[2].Score {
		t.Errorf("tied scores differ: %v", p.Composite)
	}
}

func TestAnalyzeCompositeAndRadar(t *testing.T) {
	t.Parallel()
	w := 3.0
	p := newFixture("F", "R").
		indicator("x", benchmark.DirectionHigher, func(i *benchmark.Indicator) { i.Weight = &w }).
		indicator("y", benchmark.DirectionLower).
		indicator("same", benchmark.DirectionHigher).
		indicator("n", benchmark.DirectionNone).
		indicator("untested", benchmark.DirectionHigher).
		values("F", "x", 4, 6).values("R", "x", 1, 3).
		values("F", "y", 4, 6).values("R", "y", 1, 3).
		values("F", "same", 2, 2).values("R", "same", 2, 2).
		values("F", "n", 1, 2).values("R", "n", 3, 4).
		analyze(t)
	// x and y over all samples: mean 3.5, SD sqrt(13/3). F: z_x = +1.5/SD,
	// z_y = -1.5/SD; weighted (3:1) mean = 0.75/SD. "same" has SD 0, "n" no
	// direction and "untested" no value: none of them counts.
	sd := math.Sqrt(13.0 / 3)
	want := []benchmark.CompositeScore{
		{Region: "F", Score: ptr(0.75 / sd), Rank: ptr(1)},
		{Region: "R", Score: ptr(-0.75 / sd), Rank: ptr(2)},
	}
	if diff := cmp.Diff(want, p.Composite, approx); diff != "" {
		t.Errorf("composite (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"x", "y"}, p.CompositeIndicators); diff != "" {
		t.Errorf("composite indicators (-want +got):\n%s", diff)
	}
	// T-scores 50 + 10·z on the composite's indicators only.
	wantRadar := []benchmark.RadarAxis{
		{Indicator: "x", Values: map[string]float64{"F": 50 + 15/sd, "R": 50 - 15/sd}},
		{Indicator: "y", Values: map[string]float64{"F": 50 - 15/sd, "R": 50 + 15/sd}},
	}
	if diff := cmp.Diff(wantRadar, p.Radar, approx); diff != "" {
		t.Errorf("radar (-want +got):\n%s", diff)
	}
}

// TestAnalyzeCompositeLeavesOutNonDetects: an indicator with a non-detect
// sample in any region has no honest mean and is not in the composite or
// the radar; T-scores are clipped to [0, 100].
func TestAnalyzeCompositeLeavesOutNonDetects(t *testing.T) {
	t.Parallel()
	zeros := make([]float64, 30)
	p := newFixture("F", "R").
		indicator("x", benchmark.DirectionHigher).
		indicator("pest", benchmark.DirectionLower, lod(0.01)).
		values("F", "x", 100).values("R", "x", zeros...).
		values("F", "pest", 0.2, 0.3).values("R", "pest", 0.02).nonDetectsFrom("R", "pest", 2, 1).
		analyze(t)
	if diff := cmp.Diff([]string{"x"}, p.CompositeIndicators); diff != "" {
		t.Errorf("composite indicators (-want +got):\n%s", diff)
	}
	all := append([]float64{100}, zeros...)
	m, sd := stats.Mean(all), stats.SD(all)
	if z := (100 - m) / sd; z <= 5 {
		t.Fatalf("z = %v: the test needs one above 5", z)
	}
	want := []benchmark.RadarAxis{{Indicator: "x", Values: map[string]float64{"F": 100, "R": 50 + 10*(0-m)/sd}}}
	if diff := cmp.Diff(want, p.Radar, approx); diff != "" {
		t.Errorf("radar (-want +got):\n%s", diff)
	}
}

func TestAnalyzeBothProfilesForOneComparison(t *testing.T) {
	t.Parallel()
	// Lower on average, but one focal sample over the limit: an advantage
	// and a compliance shortfall at once.
	p := newFixture("F", "R").indicator("pb", benchmark.DirectionLower, limitMax(5)).
		values("F", "pb", 0.1, 0.2, 0.1, 0.2, 0.15, 0.12, 0.1, 5.5).values("R", "pb", 3, 3.5, 4, 4.5, 3.2, 3.9, 4.1, 3.6).
		settings(benchmark.Settings{Test: benchmark.TestMannWhitney}).
		analyze(t)
	c := comparison(t, p, "pb", "R")
	if c.Verdict != benchmark.VerdictAdvantage || c.Compliance != benchmark.VerdictShortfall {
		t.Fatalf("comparison = %s, want advantage with a compliance shortfall", asJSON(c))
	}
	if len(p.Advantages) != 2 || len(p.Shortfalls) != 2 {
		t.Errorf("advantages %d, shortfalls %d; want the comparison (pooled and R) in both", len(p.Advantages), len(p.Shortfalls))
	}
}

func TestAnalyzeRefuses(t *testing.T) {
	t.Parallel()
	valid := func() *fixture {
		return newFixture("F", "R").indicator("x", benchmark.DirectionLower).values("F", "x", 1, 2).values("R", "x", 1, 2)
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name  string
		edit  func(*fixture)
		wants []string // the error names these
	}{
		{"unknown sample", func(f *fixture) { f.results[0].Sample = "NOPE" }, []string{`"NOPE"`, "not in the study"}},
		{"unknown indicator", func(f *fixture) { f.results[0].Indicator = "nope" }, []string{`"nope"`, "not in the study"}},
		{"non-detect without LOD", func(f *fixture) {
			f.results[1] = benchmark.Result{Sample: "F-2", Indicator: "x", Replicate: 1, Reported: "ND", NonDetect: true}
		}, []string{`"F-2"`, `"x"`, "limit of detection"}},
		{"duplicate replicate", func(f *fixture) { f.results = append(f.results, f.results[0]) }, []string{`"F-1"`, "replicate 1"}},
		{"no value", func(f *fixture) { f.results[0].Value = nil }, []string{`"F-1"`, "no value"}},
		{"NaN value", func(f *fixture) { f.results[0].Value = &nan }, []string{`"F-1"`, "finite"}},
		{"invalid design", func(f *fixture) { f.d.FocalRegion = "Z" }, []string{"focal_region"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := valid()
			tc.edit(f)
			_, err := benchmark.Analyze(&f.d, f.results)
			if err == nil {
				t.Fatal("no error")
			}
			if benchmark.ErrorCode(err) != benchmark.EINVALID {
				t.Errorf("code %s, want %s", benchmark.ErrorCode(err), benchmark.EINVALID)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
	if _, err := benchmark.Analyze(nil, nil); benchmark.ErrorCode(err) != benchmark.EINVALID {
		t.Errorf("nil design: %v", err)
	}
}

// checkNoNaN fails when the profile holds a NaN or an infinity anywhere, or
// when its JSON has one (encoding/json refuses them, so marshalling must
// succeed).
func checkNoNaN(t *testing.T, p *benchmark.Profile) {
	t.Helper()
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Float64:
			if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
				t.Errorf("%s = %v", path, f)
			}
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(fmt.Sprintf("%s[%v]", path, it.Key()), it.Value())
			}
		}
	}
	walk("profile", reflect.ValueOf(p))
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("profile JSON: %v", err)
	}
}
