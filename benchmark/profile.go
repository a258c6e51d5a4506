package benchmark

// Verdicts of a comparison (docs/method.md §3).
const (
	VerdictAdvantage    = "advantage"
	VerdictShortfall    = "shortfall"
	VerdictParity       = "parity"
	VerdictInsufficient = "insufficient"
	// Verdicts of indicators with direction none.
	VerdictHigher  = "higher"
	VerdictLower   = "lower"
	VerdictSimilar = "similar"
	// Compliance (and claim) verdict of an indicator without a limit (a
	// claim), or with a side that has no sample.
	ComplianceNone = "none"
)

// PooledReference is the reference code of the synthetic pooled reference:
// all samples of all reference regions together.
const PooledReference = "pooled"

// Profile is the result of Analyze: per-indicator region summaries and
// comparisons, the advantage and shortfall profiles, and the composite
// ranking. Its JSON form is the public "Profile" format of
// docs/formats.md; undefined numbers are nil and encode as null.
type Profile struct {
	Study       string             `json:"study"`
	FocalRegion string             `json:"focal_region"`
	References  []string           `json:"references"`
	Settings    EffectiveSettings  `json:"settings"`
	Indicators  []IndicatorProfile `json:"indicators"`
	Advantages  []ProfileEntry     `json:"advantages"`
	Shortfalls  []ProfileEntry     `json:"shortfalls"`
	Composite   []CompositeScore   `json:"composite"`
	// CompositeIndicators are the codes of the indicators the composite
	// score used (and the radar shows), in design order (revision 2).
	CompositeIndicators []string    `json:"composite_indicators"`
	Radar               []RadarAxis `json:"radar"`
}

// IndicatorProfile is everything computed for one indicator.
type IndicatorProfile struct {
	Code      string `json:"code"`
	Direction string `json:"direction"`
	// Regions maps region code to the summary of that region's sample values
	// (x, also for range indicators). encoding/json writes map keys sorted,
	// which keeps the output deterministic.
	Regions     map[string]Summary `json:"regions"`
	Pooled      Summary            `json:"pooled"`
	Comparisons []Comparison       `json:"comparisons"`
	// Violations lists every sample, of any region, that does not meet a
	// limit: regions in design order, then sample codes in code-point order.
	Violations []Violation `json:"violations"`
}

// Violation is a sample that breaks a limit of an indicator
// (docs/method.md §2, revision 2).
type Violation struct {
	Sample string `json:"sample"`
	Region string `json:"region"`
	// Value is the sample value x; nil for a non-detect sample.
	Value *float64 `json:"value"`
	// LOD is L_s of a non-detect sample; nil for a detected sample.
	LOD *float64 `json:"lod"`
	// Limit is "max" when the sample breaks limit_max, else "min".
	Limit string `json:"limit"`
}

// Limits a violation breaks.
const (
	LimitMax = "max"
	LimitMin = "min"
)

// Summary describes the sample values of one region (or of the pooled
// references) for one indicator (docs/method.md §2).
//
// When the region has a non-detect sample, Mean, SD, Median and Min are nil
// (they would describe substituted values nobody measured) and Max is the
// largest value of its detected samples (nil when none was detected).
type Summary struct {
	N      int      `json:"n"`
	Mean   *float64 `json:"mean"`
	SD     *float64 `json:"sd"`
	Median *float64 `json:"median"`
	Min    *float64 `json:"min"`
	Max    *float64 `json:"max"`
	// MeanLB and MeanUB are the means of the samples' lower-bound (non-detect
	// replicates as 0) and upper-bound (as their LOD) values; nil when N = 0.
	MeanLB   *float64 `json:"mean_lb"`
	MeanUB   *float64 `json:"mean_ub"`
	Detected int      `json:"detected"`
	// Compliant is the number of samples meeting every limit; nil when the
	// indicator has no limit.
	Compliant *int `json:"compliant"`
	// ClaimMet is the number of samples meeting the claim; nil when the
	// indicator has no claim.
	ClaimMet *int `json:"claim_met"`
}

// Comparison is the focal region against one reference (a reference region
// code, or PooledReference) for one indicator (docs/method.md §3).
type Comparison struct {
	Reference    string   `json:"reference"`
	Diff         *float64 `json:"diff"`
	RelDiff      *float64 `json:"rel_diff"`
	T            *float64 `json:"t"`
	DF           *float64 `json:"df"`
	P            *float64 `json:"p"`
	Q            *float64 `json:"q"`
	PMannWhitney *float64 `json:"p_mann_whitney"`
	HedgesG      *float64 `json:"hedges_g"`
	// RankBiserial is 2·U_a/(n_a·n_b) - 1, on the censored values when the
	// comparison is censored; nil when insufficient.
	RankBiserial *float64 `json:"rank_biserial"`
	// PDetection is Fisher's exact test of the detection rates; nil unless
	// the comparison is censored (and not insufficient).
	PDetection *float64 `json:"p_detection"`
	// Censored is true when the direction is not range and either side has
	// a non-detect sample (§3a): ranks, not means, are compared, and Diff,
	// RelDiff, T, DF, P and HedgesG are nil.
	Censored bool `json:"censored"`
	// Significant is q <= alpha; nil when insufficient.
	Significant *bool  `json:"significant"`
	Verdict     string `json:"verdict"`
	Compliance  string `json:"compliance"`
	// Claim is the claim verdict: the rates claim_met/n compared like the
	// compliance rates; "none" without a claim.
	Claim string `json:"claim"`
}

// ProfileEntry is one line of the advantage or shortfall profile.
type ProfileEntry struct {
	Indicator string   `json:"indicator"`
	Reference string   `json:"reference"`
	Diff      *float64 `json:"diff"`
	RelDiff   *float64 `json:"rel_diff"`
	HedgesG   *float64 `json:"hedges_g"`
	Q         *float64 `json:"q"`
	// RankBiserial orders the entries after |g| (§4, revision 2).
	RankBiserial *float64 `json:"rank_biserial"`
	Verdict      string   `json:"verdict"`
	Compliance   string   `json:"compliance"`
	Claim        string   `json:"claim"`
}

// CompositeScore is a region's weighted mean standardized score
// (docs/method.md §5). Score and Rank are nil for a region with no score.
type CompositeScore struct {
	Region string   `json:"region"`
	Score  *float64 `json:"score"`
	Rank   *int     `json:"rank"`
}

// RadarAxis is one indicator of the composite on the radar chart: per
// region, the T-score 50 + 10·z clipped to [0, 100], z the region's
// standardized score of §5 (docs/method.md, revision 2). A region with no
// sample for the indicator is absent from Values.
type RadarAxis struct {
	Indicator string             `json:"indicator"`
	Values    map[string]float64 `json:"values"`
}
