package reports

import (
	"fmt"

	"github.com/qbench/qbench/benchmark"
)

// findingsText is a findings text in the report's language. A text the
// experts gave only in the other language is not printed silently in it:
// one marked line says that this language is missing. Empty for an empty
// text.
func (r *report) findingsText(t benchmark.Text) string {
	if t.IsZero() {
		return ""
	}
	lang := "zh"
	if r.t.english {
		lang = "en"
	}
	if s, ok := t.In(lang); ok {
		return s
	}
	return r.t.s("report.findings.untranslated")
}

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
	if authors := r.findingsText(f.Authors); authors != "" {
		r.paragraph(t.s("report.findings.by", authors))
	}

	r.section(t.s("report.section.causes"), 2*lineBody)
	if len(f.Causes) == 0 {
		r.paragraph(t.s("report.findings.no_causes"))
	}
	for _, c := range f.Causes {
		r.subheading(r.indicatorName(c.Indicator), lineBody)
		r.paragraph(r.findingsText(c.Text))
	}

	r.section(t.s("report.section.conclusions"), 2*lineBody)
	if len(f.Conclusions) == 0 {
		r.paragraph(t.s("report.findings.no_conclusions"))
	}
	for _, c := range f.Conclusions {
		r.paragraph(r.findingsText(c))
	}

	r.section(t.s("report.section.recommendations"), 2*lineBody)
	if len(f.Recommendations) == 0 {
		r.paragraph(t.s("report.findings.no_recommendations"))
	}
	for i, rec := range f.Recommendations {
		if n := len(f.Recommendations); n > 1 && i == n-2 {
			// The chapter's last item does not go alone onto a page.
			r.ensureSpace(r.listItemHeight(r.findingsText(rec)) + r.listItemHeight(r.findingsText(f.Recommendations[n-1])))
		}
		r.listItem(fmt.Sprintf("%d.", i+1), r.findingsText(rec))
	}
}
