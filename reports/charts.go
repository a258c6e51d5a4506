package reports

import (
	"github.com/qbench/qbench/reports/model"
)

// Charts are drawn with fpdf's vector primitives, so they stay sharp in
// print and their labels remain text that can be searched and copied.
// What a chart shows (bars, points, axes, colours) is the report model's
// (reports/model); the code here only maps it to the page.

// chartsChapter shows the profile at a glance: the diverging bar chart of
// direction-adjusted differences, the radar of the regions, and dot plots
// of the indicators that appear in the advantage or shortfall profile.
func (r *report) chartsChapter() {
	t := r.t
	r.chapter(t.s("report.chapter.charts"))

	r.section(t.s("report.section.diverging"), 3*lineBody+barLegendRoom+4*barRowHeight+barAxisHeight)
	r.paragraph(r.say(r.m.Bars.Intro))
	r.divergingChart()

	r.section(t.s("report.section.radar"), 3*lineBody+radarBlockHeight)
	r.paragraph(r.say(r.m.Radar.Intro))
	r.radarChart()

	r.section(t.s("report.section.dot_plots"), 5*lineBody+dotLegendHeight+dotPlotHeight)
	r.paragraph(r.say(r.m.Dots.Intro))
	r.dotPlots()
}

// figureCaption numbers and titles a chart, below it.
func (r *report) figureCaption(title string, continued bool) {
	label := r.t.figureLabel(r.figureNo)
	if continued {
		label += r.t.s("report.continued")
	}
	r.caption(label, title)
	r.pdf.SetY(r.pdf.GetY() + 1)
}

// legendItem draws a swatch (drawn by mark within a 3 mm box) and its
// label at (x, y); it returns the x after the item.
func (r *report) legendItem(x, y float64, label string, mark func(x, y float64)) float64 {
	mark(x, y)
	r.fontSize(sizeSmall - 0.5)
	r.textColor(colorText)
	w := r.width(label)
	r.put(x+4.2, y-0.5, w+1, 4, label, alignLeft)
	return x + 4.2 + w + 5
}

// legendEntry draws a legend entry of the model with its mark.
func (r *report) legendEntry(x, y float64, e model.LegendEntry) float64 {
	c := e.Role.RGB()
	var mark func(x, y float64)
	switch e.Mark {
	case model.MarkSwatch:
		mark = r.swatch(c)
	case model.MarkDot:
		mark = func(x, y float64) {
			r.fillColor(c)
			r.pdf.Circle(x+1.5, y+1.7, 1, "F")
		}
	case model.MarkHollow:
		mark = func(x, y float64) {
			r.drawColor(c)
			r.pdf.SetLineWidth(0.25)
			r.pdf.Circle(x+1.5, y+1.7, 1, "D")
		}
	case model.MarkLine:
		mark = func(x, y float64) {
			r.drawColor(c)
			r.pdf.SetLineWidth(0.6)
			r.pdf.Line(x, y+1.7, x+3, y+1.7)
		}
	default: // model.MarkDash
		mark = r.dashMark(c)
	}
	return r.legendItem(x, y, e.Label, mark)
}

// swatch is a legend mark: a filled square.
func (r *report) swatch(c rgb) func(x, y float64) {
	return func(x, y float64) {
		r.fillColor(c)
		r.pdf.Rect(x, y+0.2, 3, 3, "F")
	}
}
