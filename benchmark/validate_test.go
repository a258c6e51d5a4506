package benchmark

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qbench/qbench/internal/i18n"
)

func ptr[T any](v T) *T { return &v }

// validDesign is a small sound design; each test case breaks it in one way.
func validDesign() *Design {
	return &Design{
		Code: "BZ-GT-2016", Title: "巴中绿茶质量比对", Product: "绿茶", FocalRegion: "BZ",
		Regions: []Region{{Code: "BZ", Name: "巴中"}, {Code: "YA", Name: "雅安"}},
		Lab:     &Lab{Code: "SCTQ", Name: "四川省茶叶质检站"},
		Indicators: []Indicator{
			{Code: "water_extract", Name: "水浸出物", Unit: "%", Direction: DirectionHigher, Method: "GB/T 8305-2013", LimitMin: ptr(34.0)},
			{Code: "bifenthrin", Name: "联苯菊酯", Unit: "mg/kg", Direction: DirectionLower, Method: "GB 23200.113-2018", LimitMax: ptr(5.0), LOD: ptr(0.005)},
			{Code: "alkalinity", Name: "碱度", Unit: "%", Direction: DirectionRange, Method: "GB/T 8309-2013", TargetMin: ptr(1.0), TargetMax: ptr(3.0)},
		},
		Samples: []Sample{
			{Code: "BZ-01", Region: "BZ", CollectedOn: "2016-05-03"},
			{Code: "YA-01", Region: "YA"},
		},
	}
}

func TestValidateAcceptsSoundDesign(t *testing.T) {
	if err := validDesign().Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(d *Design)
		want   []FieldError
	}{
		{"missing code", func(d *Design) { d.Code = "" }, []FieldError{{Field: "code", Reason: "is required"}}},
		{"malformed code", func(d *Design) { d.Code = "BZ GT" },
			[]FieldError{{Field: "code", Reason: `"BZ GT" may contain only letters, digits, '-', '_' and '.'`}}},
		{"fewer than two regions", func(d *Design) { d.Regions = d.Regions[:1]; d.Samples = d.Samples[:1] },
			[]FieldError{{Field: "regions", Reason: "a comparison needs at least two regions, got 1"}}},
		{"duplicate region", func(d *Design) { d.Regions[1].Code = "BZ"; d.Samples[1].Region = "BZ" },
			[]FieldError{{Field: "regions[1].code", Reason: `duplicate code "BZ" (first used at regions[0].code)`}}},
		{"focal not among regions", func(d *Design) { d.FocalRegion = "XX" },
			[]FieldError{{Field: "focal_region", Reason: `"XX" is not among the regions`}}},
		{"missing lab", func(d *Design) { d.Lab = nil },
			[]FieldError{{Field: "lab", Reason: "is required: every study names the one lab that tests all samples"}}},
		{"bad alpha", func(d *Design) { d.Settings = &Settings{Alpha: ptr(1.5)} },
			[]FieldError{{Field: "settings.alpha", Reason: "must be between 0 and 1 (exclusive), got 1.5"}}},
		{"negative min_rel_diff", func(d *Design) { d.Settings = &Settings{MinRelDiff: ptr(-0.1)} },
			[]FieldError{{Field: "settings.min_rel_diff", Reason: "must be a finite number >= 0, got -0.1"}}},
		{"unknown settings values", func(d *Design) {
			d.Settings = &Settings{Correction: "bonferroni", Test: "t", NDSubstitution: "third"}
		}, []FieldError{
			{Field: "settings.correction", Reason: `unknown value "bonferroni" (allowed: bh, holm, none)`},
			{Field: "settings.test", Reason: `unknown value "t" (allowed: welch, mann-whitney)`},
			{Field: "settings.nd_substitution", Reason: `unknown value "third" (allowed: half, zero, lod)`},
		}},
		{"duplicate indicator", func(d *Design) { d.Indicators[1].Code = "water_extract" },
			[]FieldError{{Field: "indicators[1].code", Reason: `duplicate code "water_extract" (first used at indicators[0].code)`}}},
		{"unknown direction", func(d *Design) { d.Indicators[0].Direction = "up" },
			[]FieldError{{Field: "indicators[0].direction", Reason: `unknown direction "up" (allowed: higher, lower, range, none)`}}},
		{"range without bound", func(d *Design) { d.Indicators[2].TargetMax = nil },
			[]FieldError{{Field: "indicators[2].target_max", Reason: "direction range needs target_max"}}},
		{"range min >= max", func(d *Design) { d.Indicators[2].TargetMin = ptr(3.0) },
			[]FieldError{{Field: "indicators[2].target_max", Reason: "target_max 3 must be greater than target_min 3"}}},
		{"target on higher", func(d *Design) { d.Indicators[0].TargetMax = ptr(3.0) },
			[]FieldError{{Field: "indicators[0].direction", Reason: `target_min and target_max apply only to direction "range", not "higher"`}}},
		{"limit_min > limit_max", func(d *Design) { d.Indicators[0].LimitMax = ptr(30.0) },
			[]FieldError{{Field: "indicators[0].limit_min", Reason: "limit_min 34 is greater than limit_max 30"}}},
		{"negative lod", func(d *Design) { d.Indicators[1].LOD = ptr(-0.001) },
			[]FieldError{{Field: "indicators[1].lod", Reason: "must be a finite number > 0, got -0.001"}}},
		{"lod 0", func(d *Design) { d.Indicators[1].LOD = ptr(0.0) },
			[]FieldError{{Field: "indicators[1].lod", Reason: "must be a finite number > 0, got 0"}}},
		{"claim without label and bounds", func(d *Design) { d.Indicators[0].Claim = &Claim{LabelEn: "Rich"} },
			[]FieldError{
				{Field: "indicators[0].claim.label", Reason: "is required"},
				{Field: "indicators[0].claim", Reason: "a claim needs min, max or both"},
			}},
		{"claim min > max", func(d *Design) { d.Indicators[0].Claim = &Claim{Label: "富硒", Min: ptr(4.0), Max: ptr(0.25)} },
			[]FieldError{{Field: "indicators[0].claim.min", Reason: "min 4 is greater than max 0.25"}}},
		{"claim not finite", func(d *Design) { d.Indicators[0].Claim = &Claim{Label: "富硒", Max: ptr(math.NaN())} },
			[]FieldError{{Field: "indicators[0].claim.max", Reason: "must be a finite number"}}},
		{"revision 2 fields malformed", func(d *Design) {
			d.Programme, d.Predecessor = "质量 提升", d.Code
			d.Samples[0].ProducedOn = "2016-13-01"
		}, []FieldError{
			{Field: "programme", Reason: `"质量 提升" may contain only letters, digits, '-', '_' and '.'`},
			{Field: "predecessor", Reason: "is the study's own code: the predecessor is the previous round's study"},
			{Field: "samples[0].produced_on", Reason: `"2016-13-01" is not a date (YYYY-MM-DD)`},
		}},
		{"infinite limit", func(d *Design) { d.Indicators[1].LimitMax = ptr(math.Inf(1)) },
			[]FieldError{{Field: "indicators[1].limit_max", Reason: "must be a finite number"}}},
		{"bad decimals and weight", func(d *Design) { d.Indicators[0].Decimals = ptr(-1); d.Indicators[0].Weight = ptr(0.0) },
			[]FieldError{{Field: "indicators[0].decimals", Reason: "must be between 0 and 10, got -1"}, {Field: "indicators[0].weight", Reason: "must be a finite number > 0, got 0"}}},
		{"missing method and unit", func(d *Design) { d.Indicators[1].Method = ""; d.Indicators[1].Unit = " " },
			[]FieldError{{Field: "indicators[1].unit", Reason: "is required"}, {Field: "indicators[1].method", Reason: "is required"}}},
		{"sample in unknown region", func(d *Design) { d.Samples[1].Region = "MS" },
			[]FieldError{{Field: "samples[1].region", Reason: `unknown region "MS"`}}},
		{"duplicate sample", func(d *Design) { d.Samples[1].Code = "BZ-01" },
			[]FieldError{{Field: "samples[1].code", Reason: `duplicate code "BZ-01" (first used at samples[0].code)`}}},
		{"bad collection date", func(d *Design) { d.Samples[0].CollectedOn = "03/05/2016" },
			[]FieldError{{Field: "samples[0].collected_on", Reason: `"03/05/2016" is not a date (YYYY-MM-DD)`}}},
		// No samples is a draft being set up (CheckOpen refuses to open it).
		{"no indicators nor samples", func(d *Design) { d.Indicators = nil; d.Samples = nil },
			[]FieldError{{Field: "indicators", Reason: "at least one indicator is required"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := validDesign()
			tc.mutate(d)
			err := d.Validate()
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Validate() = %v, want *ValidationError", err)
			}
			if diff := cmp.Diff(tc.want, verr.Problems, ignoreMsg); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// ignoreMsg compares problems by field and English reason; the catalogue
// messages are checked by TestValidateWordsProblems.
var ignoreMsg = cmpopts.IgnoreFields(FieldError{}, "Msg")

// TestValidateAcceptsRevision2 accepts what revision 2 allows: negative
// limits and targets, claims with one bound, the sampling record, the
// study's programme fields.
func TestValidateAcceptsRevision2(t *testing.T) {
	d := validDesign()
	d.Programme, d.Industry, d.Round, d.Predecessor = "SC-QUALITY", "冶金", "2017", "BZ-GT-2015"
	d.Indicators[2].TargetMin, d.Indicators[2].TargetMax = ptr(-4.0), ptr(-1.0)
	d.Indicators[0].LimitMin = ptr(-34.0)
	d.Indicators[0].Claim = &Claim{Label: "富硒", LabelEn: "Selenium-rich", Min: ptr(0.25), Standard: "GH/T 1090-2014"}
	d.Indicators[1].Claim = &Claim{Label: "低残留", Max: ptr(0.01)}
	d.Indicators[1].Standard, d.Indicators[1].UnitLabel, d.Indicators[1].UnitLabelEn = "GB 2763-2021", "毫克/千克", "mg per kg"
	d.Samples[0].Brand, d.Samples[0].Batch, d.Samples[0].ProducedOn, d.Samples[0].SampledAt = "巴山雀舌", "20160401", "2016-04-01", "巴中市某超市"
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
}

// TestValidateWordsProblems: every problem carries its catalogue message,
// worded in English as its Reason and in natural Chinese.
func TestValidateWordsProblems(t *testing.T) {
	d := validDesign()
	d.Code = ""
	d.Indicators[1].LOD = ptr(0.0)
	d.Indicators[0].Claim = &Claim{Label: "富硒"}
	d.Samples[0].ProducedOn = "昨天"
	var verr *ValidationError
	if !errors.As(d.Validate(), &verr) {
		t.Fatal("no ValidationError")
	}
	zh := map[string]string{}
	for _, p := range verr.Problems {
		if p.Msg.IsZero() || i18n.For(i18n.EN).Message(p.Msg) != p.Reason {
			t.Errorf("%s: message %v does not word as its reason %q", p.Field, p.Msg, p.Reason)
		}
		zh[p.Field] = i18n.For(i18n.ZH).Message(p.Msg)
	}
	want := map[string]string{
		"code":                   "必填",
		"indicators[1].lod":      "必须大于 0，现为 0",
		"indicators[0].claim":    "声称须给出 min、max 或两者",
		"samples[0].produced_on": "“昨天”不是日期（应为 YYYY-MM-DD）",
	}
	if diff := cmp.Diff(want, zh); diff != "" {
		t.Errorf("Chinese reasons (-want +got):\n%s", diff)
	}
}

// TestParseDesignRefusesOutOfRangeNumbers: 1e999 would be infinite and
// 1e-400 would be read as 0; both are refused by field path.
func TestParseDesignRefusesOutOfRangeNumbers(t *testing.T) {
	base := string(mustMarshal(t, validDesign()))
	for _, tc := range []struct{ literal, field string }{
		{"1e999", "indicators[1].limit_max"},
		{"-1e999", "indicators[1].limit_max"},
		{"1e-400", "indicators[1].limit_max"},
		{"2.5e-310", "indicators[1].limit_max"},
	} {
		in := strings.Replace(base, `"limit_max":5`, `"limit_max":`+tc.literal, 1)
		_, err := ParseDesign([]byte(in))
		var verr *ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("%s: ParseDesign = %v, want a ValidationError", tc.literal, err)
		}
		if len(verr.Problems) != 1 || verr.Problems[0].Field != tc.field || !strings.Contains(verr.Problems[0].Reason, tc.literal) {
			t.Errorf("%s: problems %+v, want one for %s naming the number", tc.literal, verr.Problems, tc.field)
		}
	}
	// A misspelt field beside a number too large to decode: both listed.
	in := strings.Replace(base, `"limit_max":5`, `"limit_max":1e999`, 1)
	in = strings.Replace(in, `"focal_region"`, `"focal_regoin"`, 1)
	_, err := ParseDesign([]byte(in))
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("1e999 and focal_regoin: ParseDesign = %v, want a ValidationError", err)
	}
	var fields []string
	for _, p := range verr.Problems {
		fields = append(fields, p.Field)
	}
	if want := []string{"focal_regoin", "indicators[1].limit_max"}; !slices.Equal(fields, want) {
		t.Errorf("1e999 and focal_regoin: problems of %v, want %v", fields, want)
	}
	// 0, 0.000 and 0e5 are zero, not an underflow.
	for _, zero := range []string{"0", "0.000", "0e5", "-0.0"} {
		in := strings.Replace(base, `"limit_max":5`, `"limit_max":`+zero, 1)
		if _, err := ParseDesign([]byte(in)); err != nil {
			t.Errorf("limit_max %s: %v", zero, err)
		}
	}
}

// TestValidateListsEveryProblem checks that five different mistakes come back
// together, as the bureau needs them to fix a design in one go.
func TestValidateListsEveryProblem(t *testing.T) {
	d := validDesign()
	d.FocalRegion = "XX"
	d.Indicators[0].Direction = "up"
	d.Indicators[2].TargetMin = nil
	d.Indicators[1].LOD = ptr(-1.0)
	d.Samples[1].Region = "MS"
	err := d.Validate()
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 5 {
		t.Fatalf("Validate() = %v, want 5 problems", err)
	}
}

func TestDesignJSONRoundTrip(t *testing.T) {
	d := validDesign()
	d.Settings = &Settings{Alpha: ptr(0.01), Test: TestMannWhitney}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Design
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, &back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	eff := back.Effective()
	want := EffectiveSettings{Alpha: 0.01, MinRelDiff: DefaultMinRelDiff, Correction: CorrectionBH, Test: TestMannWhitney, NDSubstitution: NDHalf}
	if eff != want {
		t.Errorf("Effective() = %+v, want %+v", eff, want)
	}
}

// TestParseDesignDeepNesting: a document nested far deeper than any design
// is refused as malformed, quickly and without exhausting the stack.
func TestParseDesignDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 1<<20) + strings.Repeat("]", 1<<20)
	var ferr *FormatError
	if _, err := ParseDesign([]byte(`{"code":` + deep + `}`)); !errors.As(err, &ferr) {
		t.Errorf("ParseDesign of a deep document = %v, want a FormatError", err)
	}
}

// TestParseDesignRefusesMisspeltRevision2Fields: the misspelling check
// knows the fields of revision 2, the claim's included.
func TestParseDesignRefusesMisspeltRevision2Fields(t *testing.T) {
	d := validDesign()
	d.Indicators[0].Claim = &Claim{Label: "富硒", Min: ptr(0.25)}
	in := strings.Replace(string(mustMarshal(t, d)), `"label":"富硒"`, `"label":"富硒","lable_en":"Se-rich"`, 1)
	in = strings.Replace(in, `"code":"BZ-01"`, `"code":"BZ-01","prodused_on":"2016-03-01"`, 1)
	_, err := ParseDesign([]byte(in))
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("ParseDesign = %v, want a ValidationError", err)
	}
	var fields []string
	for _, p := range verr.Problems {
		fields = append(fields, p.Field)
	}
	if diff := cmp.Diff([]string{"indicators[0].claim.lable_en", "samples[0].prodused_on"}, fields); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
