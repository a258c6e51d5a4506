package reports

import "github.com/qbench/qbench/reports/model"

// followUpChapter compares the study with its previous round (a study
// whose design names a predecessor, when Input.FollowUp is given): what
// became of the shortfalls, how the focal region changed, a table per
// indicator and a chart of before and after.
func (r *report) followUpChapter() {
	if r.in.FollowUp == nil || r.in.FollowUp.Report == nil || r.in.FollowUp.Previous == nil {
		return
	}
	ch := model.NewFollowUp(*r.in.FollowUp, r.design, r.profile, r.t.p.Lang())
	r.chapter(ch.Title)
	for _, p := range ch.Paragraphs {
		r.paragraph(p)
	}
	if len(ch.Chart.Rows) > 0 {
		r.beforeAfterChart(&ch.Chart)
	}
	if len(ch.Table.Rows) > 0 {
		r.programmeTables([]model.ProgrammeTable{ch.Table})
	}
	if ch.Note != "" {
		r.note(ch.Note)
	}
}

// beforeAfterChart draws, per indicator, the focal region's value before
// (muted) and after (coloured by the change) as two bars on the row's own
// scale, their values at the bars' ends, a legend above.
func (r *report) beforeAfterChart(c *model.BeforeAfter) {
	const barH, pairGap, labelW, valueW = 3.2, 3.0, 45.0, 22.0
	plotW := contentWidth - labelW - valueW
	rowH := 2*barH + pairGap
	h := float64(len(c.Rows))*rowH + 8
	r.gap(2)
	r.ensureSpace(min(h, bodyBottom-marginTop-20) + 10)
	r.figureNo++
	// Legend.
	y := r.pdf.GetY()
	r.fontSize(sizeSmall)
	r.fillColor(colorMuted)
	r.pdf.Rect(marginLeft+labelW, y+1, 4, 2.5, "F")
	r.textColor(colorText)
	r.put(marginLeft+labelW+5, y, 60, 4.5, c.BeforeLabel, alignLeft)
	r.fillColor(colorAccent)
	r.pdf.Rect(marginLeft+labelW+70, y+1, 4, 2.5, "F")
	r.put(marginLeft+labelW+75, y, 60, 4.5, c.AfterLabel, alignLeft)
	y += 7
	x0 := marginLeft + labelW
	for _, row := range c.Rows {
		if y+rowH > bodyBottom {
			r.pdf.AddPage()
			y = r.pdf.GetY()
		}
		top := max(row.Before, row.After)
		scale := 0.0
		if top > 0 {
			scale = plotW / top
		}
		r.textColor(colorText)
		r.put(marginLeft, y, labelW-2, 2*barH, fitText(row.Label, labelW-3, r.width), alignRight)
		after := colorAccent
		switch row.Change {
		case "improved":
			after = colorAdvantage
		case "worsened":
			after = colorShortfall
		}
		for k, bar := range []struct {
			v     float64
			text  string
			color rgb
		}{{row.Before, row.BeforeText, colorMuted}, {row.After, row.AfterText, after}} {
			by := y + float64(k)*barH
			w := max(bar.v*scale, 0)
			r.fillColor(bar.color)
			if w > 0 {
				r.pdf.Rect(x0, by+0.3, w, barH-0.6, "F")
			}
			r.textColor(colorMuted)
			r.put(x0+w+1, by, valueW, barH, bar.text, alignLeft)
		}
		y += rowH
	}
	r.pdf.SetY(y)
	r.caption(r.t.figureLabel(r.figureNo), c.Caption)
}
