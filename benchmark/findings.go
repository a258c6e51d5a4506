package benchmark

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// Findings are what the experts write after reading the profile — the
// causes they see behind indicators, their overall conclusions and numbered
// recommendations — and the report's own metadata (who issues it, its
// number and date, who prepared, reviewed and approved it). They are not
// computed; the report prints them as given (findings revision 2,
// docs/formats.md).
type Findings struct {
	// Report is the issued report's metadata; nil when not given.
	Report *ReportInfo `json:"report,omitempty"`
	// Causes are per-indicator explanations, in the order the experts gave.
	// Lists left out stay out when the findings are read back: `{}` reads
	// back as `{}`, not as nulls the experts never wrote.
	Causes []Cause `json:"causes,omitempty"`
	// Conclusions are overall statements, one paragraph each.
	Conclusions []Text `json:"conclusions,omitempty"`
	// Recommendations are numbered in the report in this order.
	Recommendations []Text `json:"recommendations,omitempty"`
	// Authors names the experts or panel (optional).
	Authors Text `json:"authors,omitzero"`
}

// ReportInfo is the metadata of an issued report: what a bureau prints
// on the cover of a report it signs (编制单位, 报告编号, 报告日期,
// 编制/审核/批准). Every field is optional.
type ReportInfo struct {
	// Number is the report number the issuer gives (BZZJ-2016-017).
	Number string `json:"number,omitempty"`
	// Date is the report date, YYYY-MM-DD; without it the report is dated
	// by the latest tested_on of the results, or not at all.
	Date string `json:"date,omitempty"`
	// Issuer and IssuerEn name the issuing bureau (编制单位); the PDF's
	// author is the issuer.
	Issuer   string `json:"issuer,omitempty"`
	IssuerEn string `json:"issuer_en,omitempty"`
	// PreparedBy, ReviewedBy and ApprovedBy are the people who prepared
	// (编制), reviewed (审核) and approved (批准) the report.
	PreparedBy string `json:"prepared_by,omitempty"`
	ReviewedBy string `json:"reviewed_by,omitempty"`
	ApprovedBy string `json:"approved_by,omitempty"`
}

// Cause is the experts' explanation of one indicator's result.
type Cause struct {
	Indicator string `json:"indicator"`
	Text      Text   `json:"text"`
}

// Text is a findings text in one or both languages. In JSON it is either
// a string — one language: Chinese when it holds a Chinese character,
// else English — or an object {"zh": …, "en": …} with either or both.
// A text reads back in the form it was written.
type Text struct {
	ZH string `json:"zh,omitempty"`
	EN string `json:"en,omitempty"`
	// Bare is true when the text was (or is to be) written as a plain
	// string; only one of ZH and EN is then set.
	Bare bool `json:"-"`
}

// PlainText is s written as a plain string, its language told by its
// characters (see Text).
func PlainText(s string) Text {
	if hasHan(s) {
		return Text{ZH: s, Bare: true}
	}
	return Text{EN: s, Bare: true}
}

// In returns the text in lang ("zh" or "en"); ok is false when the
// experts gave none in that language (the report then says so rather
// than printing the other language silently).
func (t Text) In(lang string) (s string, ok bool) {
	if lang == "en" {
		return t.EN, strings.TrimSpace(t.EN) != ""
	}
	return t.ZH, strings.TrimSpace(t.ZH) != ""
}

// Any is the text in lang when there is one, else in the other language.
func (t Text) Any(lang string) string {
	if s, ok := t.In(lang); ok {
		return s
	}
	if lang == "en" {
		return t.ZH
	}
	return t.EN
}

// IsZero reports whether the text says nothing in either language.
func (t Text) IsZero() bool { return strings.TrimSpace(t.ZH) == "" && strings.TrimSpace(t.EN) == "" }

// UnmarshalJSON reads a string or a {"zh", "en"} object.
func (t *Text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = PlainText(s)
		return nil
	}
	if len(b) == 0 || b[0] != '{' {
		return fmt.Errorf("a text is a string or an object {\"zh\": …, \"en\": …}, not %.20s", b)
	}
	// Unknown members are refused like everywhere in findings.
	type both struct {
		ZH string `json:"zh,omitempty"`
		EN string `json:"en,omitempty"`
	}
	var v both
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*t = Text{ZH: v.ZH, EN: v.EN}
	return nil
}

// MarshalJSON writes the text in the form it was read.
func (t Text) MarshalJSON() ([]byte, error) {
	if t.Bare {
		if t.ZH != "" {
			return json.Marshal(t.ZH)
		}
		return json.Marshal(t.EN)
	}
	type both struct {
		ZH string `json:"zh,omitempty"`
		EN string `json:"en,omitempty"`
	}
	return json.Marshal(both{ZH: t.ZH, EN: t.EN})
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Empty reports whether the experts have written nothing yet (the report
// metadata alone is not an opinion).
func (f *Findings) Empty() bool {
	return f == nil || (len(f.Causes) == 0 && len(f.Conclusions) == 0 && len(f.Recommendations) == 0)
}

// Validate checks that every cause names an indicator of the design and
// says something, that texts are not empty and that the report date is a
// date; it returns a *ValidationError listing every problem.
func (f *Findings) Validate(d *Design) error {
	v := &validator{}
	for i, cause := range f.Causes {
		path := fmt.Sprintf("causes[%d]", i)
		if d.Indicator(cause.Indicator) == nil {
			v.add(path+".indicator", fmt.Sprintf("%q is not an indicator of study %s", cause.Indicator, d.Code))
		}
		v.requiredText(path+".text", cause.Text)
	}
	for i, c := range f.Conclusions {
		v.requiredText(fmt.Sprintf("conclusions[%d]", i), c)
	}
	for i, r := range f.Recommendations {
		v.requiredText(fmt.Sprintf("recommendations[%d]", i), r)
	}
	if f.Report != nil {
		v.date("report.date", f.Report.Date)
	}
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems, Subject: SubjectFindings}
	}
	return nil
}

// requiredText checks that a text says something in at least one language.
func (v *validator) requiredText(field string, t Text) {
	if t.IsZero() {
		v.required(field, "")
	}
}
