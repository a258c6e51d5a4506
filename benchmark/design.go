package benchmark

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Directions of an indicator (docs/method.md, "Terms").
const (
	DirectionHigher = "higher" // a higher value is better
	DirectionLower  = "lower"  // a lower value is better
	DirectionRange  = "range"  // inside [target_min, target_max] is best
	DirectionNone   = "none"   // descriptive only
)

// Values of the study settings.
const (
	CorrectionBH   = "bh"
	CorrectionHolm = "holm"
	CorrectionNone = "none"

	TestWelch       = "welch"
	TestMannWhitney = "mann-whitney"

	NDHalf = "half"
	NDZero = "zero"
	NDLOD  = "lod"
)

// Default settings (docs/method.md).
const (
	DefaultAlpha          = 0.05
	DefaultMinRelDiff     = 0.05
	DefaultCorrection     = CorrectionBH
	DefaultTest           = TestWelch
	DefaultNDSubstitution = NDHalf
	DefaultDecimals       = 2
	DefaultWeight         = 1.0
)

// Design is a comparison study as the bureau sets it up: the four
// unifications (one product, one indicator set, one lab, one method per
// indicator) and the samples bought in each region. Its JSON form is the
// public "Study design" format of docs/formats.md.
type Design struct {
	Code        string      `json:"code"`
	Title       string      `json:"title"`
	TitleEn     string      `json:"title_en,omitempty"`
	Product     string      `json:"product"`
	ProductEn   string      `json:"product_en,omitempty"`
	Description string      `json:"description,omitempty"`
	FocalRegion string      `json:"focal_region"`
	Regions     []Region    `json:"regions"`
	Lab         *Lab        `json:"lab"`
	Settings    *Settings   `json:"settings,omitempty"`
	Indicators  []Indicator `json:"indicators"`
	Samples     []Sample    `json:"samples"`

	// Revision 2: the study's place among others. Programme is the code of
	// the programme the study belongs to, Industry its trade (冶金), Round
	// its round ("2017"), Predecessor the code of the previous round's
	// study of the same product and focal region. Only their format is
	// checked here; whether they exist is the store's question.
	Programme   string `json:"programme,omitempty"`
	Industry    string `json:"industry,omitempty"`
	Round       string `json:"round,omitempty"`
	Predecessor string `json:"predecessor,omitempty"`

	// Document is the JSON document the design was read from (compacted),
	// extra fields included; nil for a design built in code. Extra fields
	// are welcome in the public format, so a design is stored and served
	// as this document, and comes back as it was posted.
	Document json.RawMessage `json:"-"`
}

// Region is a region whose samples are compared. One region of a design is
// the focal region; the others are references.
type Region struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en,omitempty"`
}

// Lab is the one accredited laboratory that tests every sample of a study.
type Lab struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	NameEn        string `json:"name_en,omitempty"`
	Accreditation string `json:"accreditation,omitempty"`
}

// Settings are the optional analysis settings of a study. A nil field means
// "the default of docs/method.md"; Effective resolves them.
type Settings struct {
	Alpha          *float64 `json:"alpha,omitempty"`
	MinRelDiff     *float64 `json:"min_rel_diff,omitempty"`
	Correction     string   `json:"correction,omitempty"`
	Test           string   `json:"test,omitempty"`
	NDSubstitution string   `json:"nd_substitution,omitempty"`
}

// EffectiveSettings are the settings an analysis actually uses.
type EffectiveSettings struct {
	Alpha          float64 `json:"alpha"`
	MinRelDiff     float64 `json:"min_rel_diff"`
	Correction     string  `json:"correction"`
	Test           string  `json:"test"`
	NDSubstitution string  `json:"nd_substitution"`
}

// Indicator is one quality indicator with its unit, direction, test method
// and optional limits.
type Indicator struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	NameEn    string   `json:"name_en,omitempty"`
	Unit      string   `json:"unit"`
	Category  string   `json:"category,omitempty"`
	Direction string   `json:"direction"`
	Method    string   `json:"method"`
	LimitMin  *float64 `json:"limit_min,omitempty"`
	LimitMax  *float64 `json:"limit_max,omitempty"`
	TargetMin *float64 `json:"target_min,omitempty"`
	TargetMax *float64 `json:"target_max,omitempty"`
	LOD       *float64 `json:"lod,omitempty"`
	Decimals  *int     `json:"decimals,omitempty"`
	Weight    *float64 `json:"weight,omitempty"`
	// Standard is the document the limits come from ("GB 2763-2021").
	Standard string `json:"standard,omitempty"`
	// UnitLabel and UnitLabelEn are how the unit reads to people ("分",
	// "points") when the lab's unit code, which results must match, is not.
	UnitLabel   string `json:"unit_label,omitempty"`
	UnitLabelEn string `json:"unit_label_en,omitempty"`
	// Claim is a threshold that earns a label (富硒); nil without one.
	Claim *Claim `json:"claim,omitempty"`
}

// Claim is a threshold on an indicator that earns a label, such as 富硒
// (selenium-rich) for selenium >= 0.25 mg/kg (docs/method.md §2). It has
// Min, Max or both; a sample meets it when it meets every bound given.
type Claim struct {
	Label    string   `json:"label"`
	LabelEn  string   `json:"label_en,omitempty"`
	Min      *float64 `json:"min,omitempty"`
	Max      *float64 `json:"max,omitempty"`
	Standard string   `json:"standard,omitempty"`
}

// Sample is one market-bought sample of the product.
type Sample struct {
	Code        string `json:"code"`
	Region      string `json:"region"`
	Enterprise  string `json:"enterprise,omitempty"`
	Grade       string `json:"grade,omitempty"`
	CollectedOn string `json:"collected_on,omitempty"`
	Source      string `json:"source,omitempty"`
	// Revision 2: the fields of the sampling record (抽样单). ProducedOn is
	// a date (YYYY-MM-DD); SampledAt is the place the sample was taken.
	Brand      string `json:"brand,omitempty"`
	Batch      string `json:"batch,omitempty"`
	ProducedOn string `json:"produced_on,omitempty"`
	SampledAt  string `json:"sampled_at,omitempty"`
}

// JSON returns the design's JSON document: the one it was read from, or
// its encoding when it was built in code. When a field was changed after
// the design was read, the document would disagree with the design: then
// the known fields are encoded afresh over the document, whose extra
// top-level fields stay.
func (d *Design) JSON() ([]byte, error) {
	if len(d.Document) == 0 {
		return json.Marshal(d)
	}
	var read Design
	if err := json.Unmarshal(d.Document, &read); err == nil {
		read.Document = d.Document
		if reflect.DeepEqual(&read, d) {
			return d.Document, nil
		}
	}
	return d.overDocument()
}

// overDocument encodes the design's fields over its document's: every
// member of the document named like a field of Design (in any case) is
// replaced by the field's encoding, or dropped when the field is now
// empty; the other members stay.
func (d *Design) overDocument() ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(d.Document, &doc); err != nil {
		return nil, fmt.Errorf("read design document: %w", err)
	}
	fresh, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode design: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(fresh, &fields); err != nil {
		return nil, fmt.Errorf("encode design: %w", err)
	}
	t := reflect.TypeOf(Design{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		for k := range doc {
			if strings.EqualFold(k, name) {
				delete(doc, k)
			}
		}
	}
	for k, v := range fields {
		doc[k] = v
	}
	return json.Marshal(doc)
}

// Effective returns the settings with every default filled in.
func (d *Design) Effective() EffectiveSettings {
	e := EffectiveSettings{
		Alpha:          DefaultAlpha,
		MinRelDiff:     DefaultMinRelDiff,
		Correction:     DefaultCorrection,
		Test:           DefaultTest,
		NDSubstitution: DefaultNDSubstitution,
	}
	s := d.Settings
	if s == nil {
		return e
	}
	if s.Alpha != nil {
		e.Alpha = *s.Alpha
	}
	if s.MinRelDiff != nil {
		e.MinRelDiff = *s.MinRelDiff
	}
	if s.Correction != "" {
		e.Correction = s.Correction
	}
	if s.Test != "" {
		e.Test = s.Test
	}
	if s.NDSubstitution != "" {
		e.NDSubstitution = s.NDSubstitution
	}
	return e
}

// References returns the codes of the reference regions in design order.
func (d *Design) References() []string {
	refs := make([]string, 0, len(d.Regions))
	for _, r := range d.Regions {
		if r.Code != d.FocalRegion {
			refs = append(refs, r.Code)
		}
	}
	return refs
}

// Indicator returns the indicator with the given code, or nil.
func (d *Design) Indicator(code string) *Indicator {
	for i := range d.Indicators {
		if d.Indicators[i].Code == code {
			return &d.Indicators[i]
		}
	}
	return nil
}

// Sample returns the sample with the given code, or nil.
func (d *Design) Sample(code string) *Sample {
	for i := range d.Samples {
		if d.Samples[i].Code == code {
			return &d.Samples[i]
		}
	}
	return nil
}

// Region returns the region with the given code, or nil.
func (d *Design) Region(code string) *Region {
	for i := range d.Regions {
		if d.Regions[i].Code == code {
			return &d.Regions[i]
		}
	}
	return nil
}

// DecimalsOrDefault is the number of decimals a report shows for the
// indicator's values.
func (ind *Indicator) DecimalsOrDefault() int {
	if ind.Decimals == nil {
		return DefaultDecimals
	}
	return *ind.Decimals
}

// WeightOrDefault is the indicator's weight in the composite score.
func (ind *Indicator) WeightOrDefault() float64 {
	if ind.Weight == nil {
		return DefaultWeight
	}
	return *ind.Weight
}

// HasClaim reports whether the indicator carries a claim.
func (ind *Indicator) HasClaim() bool { return ind.Claim != nil }

// HasLimit reports whether the indicator carries a legal or standard limit.
func (ind *Indicator) HasLimit() bool { return ind.LimitMin != nil || ind.LimitMax != nil }
