package benchmark

import "fmt"

// Findings are what the experts write after reading the profile: the causes
// they see behind indicators, their overall conclusions and numbered
// recommendations. They are not computed; the report prints them as given.
type Findings struct {
	// Causes are per-indicator explanations, in the order the experts gave.
	// Lists left out stay out when the findings are read back: `{}` reads
	// back as `{}`, not as nulls the experts never wrote.
	Causes []Cause `json:"causes,omitempty"`
	// Conclusions are overall statements, one paragraph each.
	Conclusions []string `json:"conclusions,omitempty"`
	// Recommendations are numbered in the report in this order.
	Recommendations []string `json:"recommendations,omitempty"`
	// Authors names the experts or panel (optional).
	Authors string `json:"authors,omitempty"`
}

// Cause is the experts' explanation of one indicator's result.
type Cause struct {
	Indicator string `json:"indicator"`
	Text      string `json:"text"`
}

// Empty reports whether the experts have written nothing yet.
func (f *Findings) Empty() bool {
	return f == nil || (len(f.Causes) == 0 && len(f.Conclusions) == 0 && len(f.Recommendations) == 0)
}

// Validate checks that every cause names an indicator of the design and
// says something; it returns a *ValidationError listing every problem.
func (f *Findings) Validate(d *Design) error {
	v := &validator{}
	for i, cause := range f.Causes {
		path := fmt.Sprintf("causes[%d]", i)
		if d.Indicator(cause.Indicator) == nil {
			v.add(path+".indicator", fmt.Sprintf("%q is not an indicator of study %s", cause.Indicator, d.Code))
		}
		v.required(path+".text", cause.Text)
	}
	for i, r := range f.Recommendations {
		v.required(fmt.Sprintf("recommendations[%d]", i), r)
	}
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems, Subject: SubjectFindings}
	}
	return nil
}
