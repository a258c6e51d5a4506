package benchmark_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// Tests of the rules that revision 2 of the method added: censored
// comparisons, claims, violations, signed values, bounds.

func claim(label string, lo, hi *float64) func(*benchmark.Indicator) {
	return func(i *benchmark.Indicator) { i.Claim = &benchmark.Claim{Label: label, Min: lo, Max: hi} }
}

// TestAnalyzeCensoredComparison works one censored comparison out by hand.
// F: <0.01, <0.01, 0.02, 0.05; R: 0.005, 0.03, 0.04, 0.06. L_c = 0.01, so
// R's 0.005 is censored too: three values tie at the lowest rank (2 each),
// then 0.02 (4), 0.03 … 0.06 (5–8). R_F = 2+2+4+7 = 15, U_F = 15 - 10 = 5,
// rank_biserial = 2·5/16 - 1 = -0.375. p_mann_whitney is SciPy 1.10.1's
// mannwhitneyu([c, c, 0.02, 0.05], [c, 0.03, 0.04, 0.06]) with c below
// every value; p_detection its fisher_exact([[2, 2], [4, 0]]).
func TestAnalyzeCensoredComparison(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("pest", benchmark.DirectionLower, lod(0.01)).
		values("F", "pest", 0.02, 0.05).nonDetectsFrom("F", "pest", 3, 2).
		values("R", "pest", 0.005, 0.03, 0.04, 0.06).
		analyze(t)
	want := benchmark.Comparison{
		Reference: "R", Q: ptr(0.4595973861839423), PMannWhitney: ptr(0.4595973861839423),
		RankBiserial: ptr(-0.375), PDetection: ptr(0.42857142857142855), Censored: true,
		Significant: ptr(false), Verdict: benchmark.VerdictParity,
		Compliance: benchmark.ComplianceNone, Claim: benchmark.ComplianceNone,
	}
	if diff := cmp.Diff(want, comparison(t, p, "pest", "R"), approx); diff != "" {
		t.Errorf("censored comparison (-want +got):\n%s", diff)
	}
	ip := indicatorProfile(t, p, "pest")
	// F has non-detect samples: no mean, SD, median or min; max 0.05.
	// x_lb: 0.02, 0.05, 0, 0; x_ub: 0.02, 0.05, 0.01, 0.01.
	wantF := benchmark.Summary{N: 4, Max: ptr(0.05), MeanLB: ptr(0.0175), MeanUB: ptr(0.0225), Detected: 2}
	if diff := cmp.Diff(wantF, ip.Regions["F"], approx); diff != "" {
		t.Errorf("focal summary (-want +got):\n%s", diff)
	}
	// R was detected throughout: a full summary, its bounds equal to its mean.
	r := ip.Regions["R"]
	if r.Mean == nil || r.Min == nil || *r.Min != 0.005 || *r.MeanLB != *r.Mean || *r.MeanUB != *r.Mean {
		t.Errorf("reference summary = %s, want a mean equal to both bounds and min 0.005", asJSON(r))
	}
	if len(p.Advantages)+len(p.Shortfalls) != 0 || len(p.CompositeIndicators) != 0 || len(p.Radar) != 0 {
		t.Errorf("profiles %s / %s, composite indicators %v: want none", asJSON(p.Advantages), asJSON(p.Shortfalls), p.CompositeIndicators)
	}
}

// TestAnalyzeCensoredVerdicts: a region never detected against one that
// always was. Ranks drive the verdict whatever the test setting says, and
// its direction is the sign of rank_biserial.
func TestAnalyzeCensoredVerdicts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		direction, want string
	}{
		{benchmark.DirectionLower, benchmark.VerdictAdvantage},
		{benchmark.DirectionHigher, benchmark.VerdictShortfall},
		{benchmark.DirectionNone, benchmark.VerdictLower},
	} {
		for _, test := range []string{benchmark.TestWelch, benchmark.TestMannWhitney} {
			p := newFixture("F", "R").indicator("pest", tc.direction, lod(0.05)).
				nonDetects("F", "pest", 8).values("R", "pest", 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8).
				settings(benchmark.Settings{Test: test}).
				analyze(t)
			c := comparison(t, p, "pest", "R")
			if !c.Censored || c.Verdict != tc.want || *c.RankBiserial != -1 || !*c.Significant ||
				c.P != nil || c.T != nil || c.DF != nil || c.Diff != nil || c.RelDiff != nil || c.HedgesG != nil ||
				c.PDetection == nil || *c.PDetection >= 0.001 {
				t.Errorf("%s, %s: %s, want censored %s, rank_biserial -1, significant, mean statistics null",
					tc.direction, test, asJSON(c), tc.want)
			}
			if f := indicatorProfile(t, p, "pest").Regions["F"]; f.Max != nil || f.Mean != nil || *f.MeanLB != 0 || *f.MeanUB != 0.05 {
				t.Errorf("%s: never detected = %s, want no number but the bounds 0 and 0.05", tc.direction, asJSON(f))
			}
		}
	}
}

// TestAnalyzeCensoredInsufficient: too few samples is insufficient, with
// every statistic null, diff included, as the comparison is censored.
func TestAnalyzeCensoredInsufficient(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("pest", benchmark.DirectionLower, lod(0.05)).
		nonDetects("F", "pest", 1).values("R", "pest", 0.1, 0.2).
		analyze(t)
	want := benchmark.Comparison{
		Reference: "R", Censored: true, Verdict: benchmark.VerdictInsufficient,
		Compliance: benchmark.ComplianceNone, Claim: benchmark.ComplianceNone,
	}
	if diff := cmp.Diff(want, comparison(t, p, "pest", "R")); diff != "" {
		t.Errorf("censored and insufficient (-want +got):\n%s", diff)
	}
}

// TestAnalyzeRangeWithNonDetectsIsNotCensored: range indicators keep the
// substitution in their comparison, but their summaries follow §2 and the
// composite leaves them out.
func TestAnalyzeRangeWithNonDetectsIsNotCensored(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("ph", benchmark.DirectionRange, target(0.1, 0.5), lod(0.1)).
		values("F", "ph", 0.2, 0.3, 0.4).nonDetectsFrom("F", "ph", 4, 1).values("R", "ph", 0.6, 0.8, 0.7).
		analyze(t)
	c := comparison(t, p, "ph", "R")
	if c.Censored || c.Diff == nil || c.P == nil || c.PDetection != nil || c.RankBiserial == nil {
		t.Errorf("range with a non-detect = %s, want a comparison of substituted distances", asJSON(c))
	}
	if f := indicatorProfile(t, p, "ph").Regions["F"]; f.Mean != nil || f.Min != nil || *f.Max != 0.4 {
		t.Errorf("range summary with a non-detect = %s, want mean and min null, max 0.4", asJSON(f))
	}
	if len(p.CompositeIndicators) != 0 {
		t.Errorf("composite indicators %v, want none", p.CompositeIndicators)
	}
}

// TestAnalyzeClaim: claim_met counts the samples that meet every bound; a
// non-detect never meets min and meets max when its LOD does; the claim
// verdict compares the rates and puts a comparison in a profile on its own.
func TestAnalyzeClaim(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").
		indicator("se", benchmark.DirectionHigher, lod(0.02), claim("富硒", ptr(0.25), ptr(4.0))).
		indicator("f", benchmark.DirectionLower, lod(0.02), claim("低氟", nil, ptr(0.03))).
		values("F", "se", 0.3, 0.25, 4.5, 0.2).values("R", "se", 0.26, 0.1, 0.11).nonDetectsFrom("R", "se", 4, 1).
		values("F", "f", 0.01, 0.04).nonDetectsFrom("F", "f", 3, 2).values("R", "f", 0.05, 0.06).
		analyze(t)
	se := indicatorProfile(t, p, "se")
	// F: 0.3 and 0.25 meet [0.25, 4]; 4.5 and 0.2 do not. R: 0.26 only.
	if got := [2]*int{se.Regions["F"].ClaimMet, se.Regions["R"].ClaimMet}; got[0] == nil || *got[0] != 2 || *got[1] != 1 {
		t.Errorf("se claim_met = %s, want F 2, R 1", asJSON(got))
	}
	if c := comparison(t, p, "se", "R"); c.Claim != benchmark.VerdictAdvantage {
		t.Errorf("se claim verdict %q, want advantage (2/4 > 1/4)", c.Claim)
	}
	f := indicatorProfile(t, p, "f")
	// F: 0.01 and both non-detects (LOD 0.02 <= 0.03) meet max 0.03; R none.
	if got := *f.Regions["F"].ClaimMet; got != 3 {
		t.Errorf("f claim_met F = %d, want 3", got)
	}
	if *f.Regions["R"].ClaimMet != 0 || f.Regions["R"].Compliant != nil {
		t.Errorf("f R = %s, want claim_met 0, compliant null", asJSON(f.Regions["R"]))
	}
	var claimAdvantages []string
	for _, e := range p.Advantages {
		if e.Claim == benchmark.VerdictAdvantage {
			claimAdvantages = append(claimAdvantages, e.Reference+"/"+e.Indicator)
		}
	}
	slices.Sort(claimAdvantages)
	if diff := cmp.Diff([]string{"R/f", "R/se", "pooled/f", "pooled/se"}, claimAdvantages); diff != "" {
		t.Errorf("advantages by claim (-want +got):\n%s", diff)
	}
	for _, ip := range p.Indicators {
		if ip.Pooled.ClaimMet == nil {
			t.Errorf("%s: pooled claim_met null", ip.Code)
		}
	}
}

// TestAnalyzeViolations lists the samples that break a limit, regions in
// design order and codes in code-point order (R-10 before R-2).
func TestAnalyzeViolations(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("pb", benchmark.DirectionLower, lod(0.5), limitMax(1), limitMin(-2)).
		values("R", "pb", 0.1, 1.5, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 2.5, -3).
		values("F", "pb", 0.3, 0.2).nonDetectsAt("F", "pb", 3, 2, 0.4).
		analyze(t)
	want := []benchmark.Violation{
		{Sample: "F-3", Region: "F", LOD: ptr(2.0), Limit: benchmark.LimitMax},
		{Sample: "F-4", Region: "F", LOD: ptr(0.4), Limit: benchmark.LimitMin},
		{Sample: "R-10", Region: "R", Value: ptr(2.5), Limit: benchmark.LimitMax},
		{Sample: "R-11", Region: "R", Value: ptr(-3.0), Limit: benchmark.LimitMin},
		{Sample: "R-2", Region: "R", Value: ptr(1.5), Limit: benchmark.LimitMax},
	}
	if diff := cmp.Diff(want, indicatorProfile(t, p, "pb").Violations); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
	// No limit, no violations: an empty list, never null.
	q := newFixture("F", "R").indicator("x", benchmark.DirectionHigher).values("F", "x", 1).values("R", "x", 2).analyze(t)
	if v := indicatorProfile(t, q, "x").Violations; v == nil || len(v) != 0 {
		t.Errorf("violations without a limit = %#v, want []", v)
	}
}

// TestAnalyzeSignedValues: weight deviations of steel bars are negative
// when a bar is underweight; the target interval may be too.
func TestAnalyzeSignedValues(t *testing.T) {
	t.Parallel()
	p := newFixture("F", "R").indicator("dev", benchmark.DirectionRange, target(-4, 2)).
		values("F", "dev", -3.81, -1.2, 0.5, 1.1).values("R", "dev", -5.5, -4.6, -6.1, 2.9).
		analyze(t)
	f := indicatorProfile(t, p, "dev").Regions["F"]
	if *f.Min != -3.81 || *f.Max != 1.1 {
		t.Errorf("focal summary = %s, want min -3.81, max 1.1", asJSON(f))
	}
	// Distances: F all inside (0); R 1.5, 0.6, 2.1, 0.9: F is closer.
	c := comparison(t, p, "dev", "R")
	if *c.Diff != -1.275 || c.Verdict != benchmark.VerdictAdvantage {
		t.Errorf("comparison = %s, want diff -1.275, advantage", asJSON(c))
	}
}

// TestAnalyzeRefusesLODZero: a limit of detection is > 0.
func TestAnalyzeRefusesLODZero(t *testing.T) {
	t.Parallel()
	f := newFixture("F", "R").indicator("x", benchmark.DirectionLower).values("F", "x", 1, 2).values("R", "x", 1).
		nonDetectsAt("R", "x", 2, 0)
	if _, err := benchmark.Analyze(&f.d, f.results); benchmark.ErrorCode(err) != benchmark.EINVALID {
		t.Errorf("LOD 0: %v, want an invalid error", err)
	}
}

// TestAnalyzeErrorsAreWorded: Analyze's refusals carry their catalogue
// message, worded in Chinese for the edge and in English as the message.
func TestAnalyzeErrorsAreWorded(t *testing.T) {
	t.Parallel()
	f := newFixture("F", "R").indicator("x", benchmark.DirectionLower).values("F", "x", 1, 2).values("R", "x", 1).
		nonDetectsAt("R", "x", 2, 0)
	_, err := benchmark.Analyze(&f.d, f.results)
	var e *benchmark.Error
	if !errors.As(err, &e) || e.Msg.IsZero() {
		t.Fatalf("Analyze = %v, want an *Error with a catalogue message", err)
	}
	if got := i18n.For(i18n.EN).Message(e.Msg); got != e.Message {
		t.Errorf("English wording %q, message %q", got, e.Message)
	}
	if got, want := i18n.For(i18n.ZH).Message(e.Msg), "样品“R-2”、指标“x”：检出限 0 不是大于 0 的有限数"; got != want {
		t.Errorf("Chinese wording %q, want %q", got, want)
	}
}
