package benchmark

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/qbench/qbench/internal/i18n"
)

// FieldError is one problem of a design: the JSON path of the field
// ("indicators[3].target_max") and why it is wrong.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
	// Msg is the reason as a catalogue message, worded at the edge in the
	// caller's language; Reason is its English wording (for logs and
	// callers that have no language). Zero while a reason is not yet in
	// the catalogue: the edge then shows Reason.
	Msg i18n.Message `json:"-"`
}

// ValidationError lists every problem of a design at once, so that the
// bureau can fix them all in one go.
type ValidationError struct {
	Problems []FieldError
	// Subject is what was refused: "" for a study design, SubjectFindings.
	Subject string
}

// SubjectFindings marks the problems of experts' findings.
const SubjectFindings = "findings"

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Reason
	}
	what := "study design"
	if e.Subject != "" {
		what = e.Subject
	}
	return fmt.Sprintf("invalid %s (%d problems): %s", what, len(e.Problems), strings.Join(parts, "; "))
}

// codePattern is the alphabet of every code (study, region, lab, indicator,
// sample): letters, digits, '-', '_' and '.'.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// maxCodeLength keeps codes usable as file names, URL segments and labels.
const maxCodeLength = 64

// maxDecimals bounds the decimals of an indicator: float64 carries about 15
// significant digits, so more would print noise.
const maxDecimals = 10

// Validate checks every rule of a study design and returns a
// *ValidationError listing all problems, or nil when the design is sound.
func (d *Design) Validate() error {
	v := &validator{}
	v.code("code", d.Code)
	v.required("title", d.Title)
	v.required("product", d.Product)
	v.optionalCode("programme", d.Programme)
	if v.optionalCode("predecessor", d.Predecessor) && d.Predecessor == d.Code {
		v.report("predecessor", i18n.M("design.predecessor_self"))
	}

	regions := v.regions(d.Regions)
	switch {
	case d.FocalRegion == "":
		v.report("focal_region", i18n.M("design.required"))
	case len(regions) > 0 && !regions[d.FocalRegion]:
		v.report("focal_region", i18n.M("design.focal_unknown", d.FocalRegion))
	}

	if d.Lab == nil {
		v.report("lab", i18n.M("design.lab_required"))
	} else {
		v.code("lab.code", d.Lab.Code)
		v.required("lab.name", d.Lab.Name)
	}
	if d.Settings != nil {
		v.settings(d.Settings)
	}
	v.indicators(d.Indicators)
	v.samples(d.Samples, regions)

	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

type validator struct {
	problems []FieldError
}

// add records a problem whose reason is not yet in the catalogue (the
// findings' checks): the edge shows its English Reason.
func (v *validator) add(field, reason string) {
	v.problems = append(v.problems, FieldError{Field: field, Reason: reason})
}

// report records a problem: its reason as a catalogue message (worded at
// the edge in the caller's language) and in English.
func (v *validator) report(field string, msg i18n.Message) {
	v.problems = append(v.problems, fieldError(field, msg))
}

// fieldError is the problem of a field with its reason msg, worded in
// English in Reason.
func fieldError(field string, msg i18n.Message) FieldError {
	return FieldError{Field: field, Reason: i18n.For(i18n.EN).Message(msg), Msg: msg}
}

func (v *validator) required(field, value string) {
	if strings.TrimSpace(value) == "" {
		v.report(field, i18n.M("design.required"))
	}
}

// optionalCode checks a code that may be absent, and reports whether it is
// present and well formed.
func (v *validator) optionalCode(field, value string) bool {
	return value != "" && v.code(field, value)
}

// finite checks an optional number and reports whether it is present and
// finite.
func (v *validator) finite(field string, value *float64) bool {
	if value == nil {
		return false
	}
	if math.IsNaN(*value) || math.IsInf(*value, 0) {
		v.report(field, i18n.M("design.finite"))
		return false
	}
	return true
}

// code checks a code and reports whether it is well formed.
func (v *validator) code(field, value string) bool {
	switch {
	case value == "":
		v.report(field, i18n.M("design.required"))
	case len(value) > maxCodeLength:
		v.report(field, i18n.M("design.code_too_long", maxCodeLength))
	case !codePattern.MatchString(value):
		v.report(field, i18n.M("design.code_chars", value))
	case strings.Trim(value, ".") == "":
		// ".", ".." as a URL segment are removed by clients and proxies.
		v.report(field, i18n.M("design.code_dots", value))
	default:
		return true
	}
	return false
}

// unique checks a code within its list and reports duplicates by the path of
// the first occurrence.
func (v *validator) unique(seen map[string]string, field, value string) {
	if first, dup := seen[value]; dup {
		v.report(field, i18n.M("design.duplicate_code", value, first))
		return
	}
	seen[value] = field
}

// regions validates the region list and returns the set of known codes.
func (v *validator) regions(regions []Region) map[string]bool {
	if len(regions) < 2 {
		v.report("regions", i18n.M("design.regions_min", len(regions)))
	}
	known := make(map[string]bool, len(regions))
	seen := map[string]string{}
	for i, r := range regions {
		path := fmt.Sprintf("regions[%d]", i)
		if v.code(path+".code", r.Code) {
			v.unique(seen, path+".code", r.Code)
			known[r.Code] = true
		}
		v.required(path+".name", r.Name)
	}
	return known
}

func (v *validator) settings(s *Settings) {
	if s.Alpha != nil && !(*s.Alpha > 0 && *s.Alpha < 1) {
		v.report("settings.alpha", i18n.M("design.alpha", *s.Alpha))
	}
	if s.MinRelDiff != nil && !(*s.MinRelDiff >= 0 && !math.IsInf(*s.MinRelDiff, 0)) {
		v.report("settings.min_rel_diff", i18n.M("design.non_negative", *s.MinRelDiff))
	}
	v.oneOf("settings.correction", s.Correction, CorrectionBH, CorrectionHolm, CorrectionNone)
	v.oneOf("settings.test", s.Test, TestWelch, TestMannWhitney)
	v.oneOf("settings.nd_substitution", s.NDSubstitution, NDHalf, NDZero, NDLOD)
}

// oneOf checks an optional enumerated setting.
func (v *validator) oneOf(field, value string, allowed ...string) {
	if value == "" {
		return
	}
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	v.report(field, i18n.M("design.unknown_value", value, strings.Join(allowed, ", ")))
}

func (v *validator) indicators(inds []Indicator) {
	if len(inds) == 0 {
		v.report("indicators", i18n.M("design.indicators_required"))
	}
	seen := map[string]string{}
	for i := range inds {
		ind := &inds[i]
		path := fmt.Sprintf("indicators[%d]", i)
		if v.code(path+".code", ind.Code) {
			v.unique(seen, path+".code", ind.Code)
		}
		v.required(path+".name", ind.Name)
		v.required(path+".unit", ind.Unit)
		v.required(path+".method", ind.Method)
		v.direction(path, ind)
		// Limits and targets may be negative (a weight deviation of -4 %).
		v.finite(path+".limit_min", ind.LimitMin)
		v.finite(path+".limit_max", ind.LimitMax)
		v.finite(path+".target_min", ind.TargetMin)
		v.finite(path+".target_max", ind.TargetMax)
		if ind.LimitMin != nil && ind.LimitMax != nil && *ind.LimitMin > *ind.LimitMax {
			v.report(path+".limit_min", i18n.M("design.limit_order", *ind.LimitMin, *ind.LimitMax))
		}
		// A limit of detection is a positive concentration or amount.
		if ind.LOD != nil && !(*ind.LOD > 0 && !math.IsInf(*ind.LOD, 0)) {
			v.report(path+".lod", i18n.M("design.positive", *ind.LOD))
		}
		if ind.Decimals != nil && (*ind.Decimals < 0 || *ind.Decimals > maxDecimals) {
			v.report(path+".decimals", i18n.M("design.decimals", maxDecimals, *ind.Decimals))
		}
		if ind.Weight != nil && !(*ind.Weight > 0 && !math.IsInf(*ind.Weight, 0)) {
			v.report(path+".weight", i18n.M("design.positive", *ind.Weight))
		}
		if ind.Claim != nil {
			v.claim(path+".claim", ind.Claim)
		}
	}
}

// claim checks an indicator's claim: a label, and min, max or both, in
// order.
func (v *validator) claim(path string, c *Claim) {
	v.required(path+".label", c.Label)
	hasMin, hasMax := v.finite(path+".min", c.Min), v.finite(path+".max", c.Max)
	switch {
	case c.Min == nil && c.Max == nil:
		v.report(path, i18n.M("design.claim_bounds"))
	case hasMin && hasMax && *c.Min > *c.Max:
		v.report(path+".min", i18n.M("design.claim_order", *c.Min, *c.Max))
	}
}

// direction checks the direction and the target interval that goes with it.
func (v *validator) direction(path string, ind *Indicator) {
	switch ind.Direction {
	case DirectionHigher, DirectionLower, DirectionNone:
		if ind.TargetMin != nil || ind.TargetMax != nil {
			v.report(path+".direction", i18n.M("design.target_not_range", DirectionRange, ind.Direction))
		}
	case DirectionRange:
		switch {
		case ind.TargetMin == nil && ind.TargetMax == nil:
			v.report(path+".target_min", i18n.M("design.range_needs_both"))
		case ind.TargetMin == nil:
			v.report(path+".target_min", i18n.M("design.range_needs", "target_min"))
		case ind.TargetMax == nil:
			v.report(path+".target_max", i18n.M("design.range_needs", "target_max"))
		case *ind.TargetMin >= *ind.TargetMax:
			v.report(path+".target_max", i18n.M("design.target_order", *ind.TargetMax, *ind.TargetMin))
		}
	case "":
		v.report(path+".direction", i18n.M("design.direction_required"))
	default:
		v.report(path+".direction", i18n.M("design.direction_unknown", ind.Direction))
	}
}

// samples checks the samples. A design may have none yet: next round's
// draft (a clone) is set up before its samples are bought; CheckOpen
// refuses to open a study without samples.
func (v *validator) samples(samples []Sample, regions map[string]bool) {
	seen := map[string]string{}
	for i, s := range samples {
		path := fmt.Sprintf("samples[%d]", i)
		if v.code(path+".code", s.Code) {
			v.unique(seen, path+".code", s.Code)
		}
		switch {
		case s.Region == "":
			v.report(path+".region", i18n.M("design.required"))
		case len(regions) > 0 && !regions[s.Region]:
			v.report(path+".region", i18n.M("design.region_unknown", s.Region))
		}
		v.date(path+".collected_on", s.CollectedOn)
		v.date(path+".produced_on", s.ProducedOn)
	}
}

// date checks an optional date (YYYY-MM-DD).
func (v *validator) date(field, value string) {
	if value == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, value); err != nil {
		v.report(field, i18n.M("design.not_date", value))
	}
}
