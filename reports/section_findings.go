package reports

import "fmt"

// findingsChapter prints what the experts wrote, as given: causes per
// indicator, conclusions, numbered recommendations. Missing parts are
// said in a plain sentence rather than left as empty headings.
func (r *report) findingsChapter() {
	t, f := r.t, r.findings
	r.chapter(t.s("report.chapter.findings"))
	if f.Empty() {
		r.paragraph(t.s("report.findings.none"))
		return
	}
	if f.Authors != "" {
		r.paragraph(t.s("report.findings.by", f.Authors))
	}

	r.section(t.s("report.section.causes"), 2*lineBody)
	if len(f.Causes) == 0 {
		r.paragraph(t.s("report.findings.no_causes"))
	}
	for _, c := range f.Causes {
		r.subheading(t.nameWithCode(r.indicatorName(c.Indicator), c.Indicator), lineBody)
		r.paragraph(c.Text)
	}

	r.section(t.s("report.section.conclusions"), 2*lineBody)
	if len(f.Conclusions) == 0 {
		r.paragraph(t.s("report.findings.no_conclusions"))
	}
	for _, c := range f.Conclusions {
		r.paragraph(c)
	}

	r.section(t.s("report.section.recommendations"), 2*lineBody)
	if len(f.Recommendations) == 0 {
		r.paragraph(t.s("report.findings.no_recommendations"))
	}
	for i, rec := range f.Recommendations {
		r.listItem(fmt.Sprintf("%d.", i+1), rec)
	}
}
