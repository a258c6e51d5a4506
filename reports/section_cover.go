package reports

import "github.com/qbench/qbench/reports/model"

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
	facts := [][2]string{
		{r.t.s("report.cover.product"), r.productName()},
		{r.t.s("report.cover.focal"), r.regionName(d.FocalRegion) + r.t.s("report.focal_mark")},
		{r.t.s("report.cover.references"), r.t.joinList(refs)},
		{r.t.s("report.cover.lab"), model.Missing},
		{r.t.s("report.cover.accreditation"), model.Missing},
		{r.t.s("report.cover.study_code"), d.Code},
	}
	if lab := d.Lab; lab != nil {
		facts[3][1] = r.t.name(lab.Name, lab.NameEn)
		if lab.Accreditation != "" {
			facts[4][1] = lab.Accreditation
		}
	}
	if !r.in.Date.IsZero() {
		facts = append(facts, [2]string{r.t.s("report.cover.date"), r.t.date(r.in.Date)})
	}
	if r.findings.Authors != "" {
		facts = append(facts, [2]string{r.t.s("report.cover.authors"), r.findings.Authors})
	}
	r.keyValueList(facts, 130)

	// The note sits at the foot of the cover, above the page number.
	r.pdf.SetY(bodyBottom - 14)
	r.block(r.t.s("report.cover.note"), marginLeft, contentWidth, sizeSmall, lineSmall, colorMuted)
}

// keyValueList draws label–value pairs from y downwards, values wrapped,
// with a rule between pairs.
func (r *report) keyValueList(pairs [][2]string, y float64) {
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
}
