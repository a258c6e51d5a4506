package benchmark

// Verdicts of a comparison (shared/METHOD.md §3).
const (
	VerdictAdvantage    = "advantage"
	VerdictShortfall    = "shortfall"
	VerdictParity       = "parity"
	VerdictInsufficient = "insufficient"
	// Verdicts of indicators with direction none.
	VerdictHigher  = "higher"
	VerdictLower   = "lower"
	VerdictSimilar = "similar"
	// Compliance verdict of an indicator without a limit, or with a side
	// that has no sample.
	ComplianceNone = "none"
)

// PooledReference is the reference code of the synthetic pooled reference:
// all samples of all reference regions together.
const PooledReference = "pooled"

// Profile is the result of Analyze: per-indicator region summaries and
// comparisons, the advantage and shortfall profiles, and the composite
// ranking. Its JSON form is the public "Profile" format of
// shared/FORMATS.md; undefined numbers are nil and encode as null.
type Profile struct {
	Study       string             `json:"study"`
	FocalRegion string             `json:"focal_region"`
	References  []string           `json:"references"`
	Settings    EffectiveSettings  `json:"settings"`
	Indicators  []IndicatorProfile `json:"indicators"`
	Advantages  []ProfileEntry     `json:"advantages"`
	Shortfalls  []ProfileEntry     `json:"shortfalls"`
	Composite   []CompositeScore   `json:"composite"`
	Radar       []RadarAxis        `json:"radar"`
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
}

// Summary describes the sample values of one region (or of the pooled
// references) for one indicator (shared/METHOD.md §2).
type Summary struct {
	N        int      `json:"n"`
	Mean     *float64 `json:"mean"`
	SD       *float64 `json:"sd"`
	Median   *float64 `json:"median"`
	Min      *float64 `json:"min"`
	Max      *float64 `json:"max"`
	Detected int      `json:"detected"`
	// Compliant is the number of samples meeting every limit; nil when the
	// indicator has no limit.
	Compliant *int `json:"compliant"`
}

// Comparison is the focal region against one reference (a reference region
// code, or PooledReference) for one indicator (shared/METHOD.md §3).
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
	Verdict      string   `json:"verdict"`
	Compliance   string   `json:"compliance"`
}

// ProfileEntry is one line of the advantage or shortfall profile.
type ProfileEntry struct {
	Indicator  string   `json:"indicator"`
	Reference  string   `json:"reference"`
	Diff       *float64 `json:"diff"`
	RelDiff    *float64 `json:"rel_diff"`
	HedgesG    *float64 `json:"hedges_g"`
	Q          *float64 `json:"q"`
	Verdict    string   `json:"verdict"`
	Compliance string   `json:"compliance"`
}

// CompositeScore is a region's weighted mean standardized score
// (shared/METHOD.md §5). Score and Rank are nil for a region with no score.
type CompositeScore struct {
	Region string   `json:"region"`
	Score  *float64 `json:"score"`
	Rank   *int     `json:"rank"`
}

// RadarAxis is one directional indicator of the radar chart: per region,
// 100·(v-min)/(max-min) with v = s·mean (shared/METHOD.md §5). A region with
// no sample for the indicator is absent from Values.
type RadarAxis struct {
	Indicator string             `json:"indicator"`
	Values    map[string]float64 `json:"values"`
}
