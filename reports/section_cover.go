package reports

import (
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

// info is the findings' report metadata, empty when not given.
func (r *report) info() benchmark.ReportInfo {
	if r.findings.Report == nil {
		return benchmark.ReportInfo{}
	}
	return *r.findings.Report
}

// issuer is the issuing bureau in the report's language (the Chinese
// name when there is no English one: a proper name is not a sentence).
func (r *report) issuer() string {
	i := r.info()
	return r.t.name(i.Issuer, i.IssuerEn)
}

// cover is the title page: study title, kind of report, and the facts a
// reader checks first (product, regions, lab, date).
func (r *report) cover() {
	r.pdf.AddPage()
	d := r.design

	const top = 62.0
	r.fontSize(sizeCoverTitle)
	r.textColor(colorAccent)
	y := top
	for _, line := range r.wrap(r.studyTitle(), contentWidth-10) {
		r.put(marginLeft+10, y, contentWidth-10, 11, line, alignLeft)
		y += 11
	}
	r.fontSize(sizeCoverSub)
	r.textColor(colorText)
	r.put(marginLeft+10, y+2, contentWidth-10, 8, r.t.s("report.kind"), alignLeft)
	// An accent bar beside the title block.
	r.fillColor(colorAccent)
	r.pdf.Rect(marginLeft, top, 3, y+10-top, "F")

	refs := make([]string, 0, len(d.Regions))
	for _, code := range r.referenceCodes() {
		refs = append(refs, r.regionName(code))
	}
	var facts [][2]string
	info := r.info()
	if issuer := r.issuer(); issuer != "" {
		facts = append(facts, [2]string{r.t.s("report.cover.issuer"), issuer})
	}
	if info.Number != "" {
		facts = append(facts, [2]string{r.t.s("report.cover.number"), info.Number})
	}
	facts = append(facts, [][2]string{
		{r.t.s("report.cover.product"), r.productName()},
		{r.t.s("report.cover.focal"), r.regionName(d.FocalRegion) + r.t.s("report.focal_mark")},
		{r.t.s("report.cover.references"), r.t.joinList(refs)},
		{r.t.s("report.cover.lab"), model.Missing},
		{r.t.s("report.cover.accreditation"), model.Missing},
		{r.t.s("report.cover.study_code"), d.Code},
	}...)
	if lab := d.Lab; lab != nil {
		n := len(facts)
		facts[n-3][1] = r.t.name(lab.Name, lab.NameEn)
		if lab.Accreditation != "" {
			facts[n-2][1] = lab.Accreditation
		}
	}
	if !r.in.Date.IsZero() {
		facts = append(facts, [2]string{r.t.s("report.cover.date"), r.t.date(r.in.Date)})
	}
	if authors := r.findingsText(r.findings.Authors); authors != "" {
		facts = append(facts, [2]string{r.t.s("report.cover.authors"), authors})
	}
	y = r.keyValueList(facts, 118)

	// The signature line a bureau fills in: 编制 / 审核 / 批准, with the
	// names the findings give.
	var sig []string
	for _, p := range [][2]string{
		{"report.cover.prepared_by", info.PreparedBy},
		{"report.cover.reviewed_by", info.ReviewedBy},
		{"report.cover.approved_by", info.ApprovedBy},
	} {
		name := p[1]
		if name == "" {
			name = "            "
		}
		sig = append(sig, r.t.infoItem(r.t.s(p[0]), name))
	}
	r.fontSize(sizeBody + 0.5)
	r.textColor(colorText)
	r.put(marginLeft+10, y+4, contentWidth-10, 7, strings.Join(sig, "        "), alignLeft)

	// The note sits at the foot of the cover, above the page number.
	r.pdf.SetY(bodyBottom - 14)
	r.block(r.t.s("report.cover.note"), marginLeft, contentWidth, sizeSmall, lineSmall, colorMuted)
}

// keyValueList draws label–value pairs from y downwards, values wrapped,
// with a rule between pairs, and returns the y below the last.
func (r *report) keyValueList(pairs [][2]string, y float64) float64 {
	const labelWidth = 42.0
	x := marginLeft + 10
	valueWidth := contentWidth - 10 - labelWidth
	r.drawColor(colorGrid)
	r.pdf.SetLineWidth(0.2)
	for _, kv := range pairs {
		r.fontSize(sizeBody + 0.5)
		lines := r.wrap(kv[1], valueWidth)
		r.textColor(colorMuted)
		r.put(x, y, labelWidth, 7, kv[0], alignLeft)
		r.textColor(colorText)
		for i, line := range lines {
			r.put(x+labelWidth, y+float64(i)*6, valueWidth, 7, line, alignLeft)
		}
		y += float64(len(lines))*6 + 3
		r.pdf.Line(x, y-1, x+contentWidth-10, y-1)
	}
	return y
}
