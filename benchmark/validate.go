package benchmark

import (
	"fmt"
	"github.com/qbench/qbench/internal/i18n"
	"math"
	"regexp"
	"strings"
	"time"
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

	regions := v.regions(d.Regions)
	switch {
	case d.FocalRegion == "":
		v.add("focal_region", "is required")
	case len(regions) > 0 && !regions[d.FocalRegion]:
		v.add("focal_region", fmt.Sprintf("%q is not among the regions", d.FocalRegion))
	}

	if d.Lab == nil {
		v.add("lab", "is required: every study names the one lab that tests all samples")
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

func (v *validator) add(field, reason string) {
	v.problems = append(v.problems, FieldError{Field: field, Reason: reason})
}

func (v *validator) required(field, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(field, "is required")
	}
}

// code checks a code and reports whether it is well formed.
func (v *validator) code(field, value string) bool {
	switch {
	case value == "":
		v.add(field, "is required")
	case len(value) > maxCodeLength:
		v.add(field, fmt.Sprintf("is longer than %d characters", maxCodeLength))
	case !codePattern.MatchString(value):
		v.add(field, fmt.Sprintf("%q may contain only letters, digits, '-', '_' and '.'", value))
	case strings.Trim(value, ".") == "":
		// ".", ".." as a URL segment are removed by clients and proxies.
		v.add(field, fmt.Sprintf("%q needs a letter, digit, '-' or '_'", value))
	default:
		return true
	}
	return false
}

// unique checks a code within its list and reports duplicates by the path of
// the first occurrence.
func (v *validator) unique(seen map[string]string, field, value string) {
	if first, dup := seen[value]; dup {
		v.add(field, fmt.Sprintf("duplicate code %q (first used at %s)", value, first))
		return
	}
	seen[value] = field
}

// regions validates the region list and returns the set of known codes.
func (v *validator) regions(regions []Region) map[string]bool {
	if len(regions) < 2 {
		v.add("regions", fmt.Sprintf("a comparison needs at least two regions, got %d", len(regions)))
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
		v.add("settings.alpha", fmt.Sprintf("must be between 0 and 1 (exclusive), got %v", *s.Alpha))
	}
	if s.MinRelDiff != nil && !(*s.MinRelDiff >= 0 && !math.IsInf(*s.MinRelDiff, 0)) {
		v.add("settings.min_rel_diff", fmt.Sprintf("must be a finite number >= 0, got %v", *s.MinRelDiff))
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
	v.add(field, fmt.Sprintf("unknown value %q (allowed: %s)", value, strings.Join(allowed, ", ")))
}

func (v *validator) indicators(inds []Indicator) {
	if len(inds) == 0 {
		v.add("indicators", "at least one indicator is required")
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
		for _, f := range []struct {
			name  string
			value *float64
		}{
			{"limit_min", ind.LimitMin}, {"limit_max", ind.LimitMax},
			{"target_min", ind.TargetMin}, {"target_max", ind.TargetMax},
		} {
			if f.value != nil && (math.IsNaN(*f.value) || math.IsInf(*f.value, 0)) {
				v.add(path+"."+f.name, "must be a finite number")
			}
		}
		if ind.LimitMin != nil && ind.LimitMax != nil && *ind.LimitMin > *ind.LimitMax {
			v.add(path+".limit_min", fmt.Sprintf("limit_min %v is greater than limit_max %v", *ind.LimitMin, *ind.LimitMax))
		}
		if ind.LOD != nil && !(*ind.LOD >= 0 && !math.IsInf(*ind.LOD, 0)) {
			v.add(path+".lod", fmt.Sprintf("must be a finite number >= 0, got %v", *ind.LOD))
		}
		if ind.Decimals != nil && (*ind.Decimals < 0 || *ind.Decimals > maxDecimals) {
			v.add(path+".decimals", fmt.Sprintf("must be between 0 and %d, got %d", maxDecimals, *ind.Decimals))
		}
		if ind.Weight != nil && !(*ind.Weight > 0 && !math.IsInf(*ind.Weight, 0)) {
			v.add(path+".weight", fmt.Sprintf("must be a finite number > 0, got %v", *ind.Weight))
		}
	}
}

// direction checks the direction and the target interval that goes with it.
func (v *validator) direction(path string, ind *Indicator) {
	switch ind.Direction {
	case DirectionHigher, DirectionLower, DirectionNone:
		if ind.TargetMin != nil || ind.TargetMax != nil {
			v.add(path+".direction", fmt.Sprintf("target_min and target_max apply only to direction %q, not %q", DirectionRange, ind.Direction))
		}
	case DirectionRange:
		switch {
		case ind.TargetMin == nil && ind.TargetMax == nil:
			v.add(path+".target_min", "direction range needs both target_min and target_max")
		case ind.TargetMin == nil:
			v.add(path+".target_min", "direction range needs target_min")
		case ind.TargetMax == nil:
			v.add(path+".target_max", "direction range needs target_max")
		case *ind.TargetMin >= *ind.TargetMax:
			v.add(path+".target_max", fmt.Sprintf("target_max %v must be greater than target_min %v", *ind.TargetMax, *ind.TargetMin))
		}
	case "":
		v.add(path+".direction", "is required (higher, lower, range or none)")
	default:
		v.add(path+".direction", fmt.Sprintf("unknown direction %q (allowed: higher, lower, range, none)", ind.Direction))
	}
}

func (v *validator) samples(samples []Sample, regions map[string]bool) {
	if len(samples) == 0 {
		v.add("samples", "at least one sample is required")
	}
	seen := map[string]string{}
	for i, s := range samples {
		path := fmt.Sprintf("samples[%d]", i)
		if v.code(path+".code", s.Code) {
			v.unique(seen, path+".code", s.Code)
		}
		switch {
		case s.Region == "":
			v.add(path+".region", "is required")
		case len(regions) > 0 && !regions[s.Region]:
			v.add(path+".region", fmt.Sprintf("unknown region %q", s.Region))
		}
		if s.CollectedOn != "" {
			if _, err := time.Parse(time.DateOnly, s.CollectedOn); err != nil {
				v.add(path+".collected_on", fmt.Sprintf("%q is not a date (YYYY-MM-DD)", s.CollectedOn))
			}
		}
	}
}
