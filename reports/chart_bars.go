package reports

import (
	"math"

	"github.com/qbench/qbench/reports/model"
)

// The diverging bar chart (model.BarChart) on the page: names on the left,
// the axis centred in the rest, value labels beside the bars.

const (
	barRowHeight  = 5.4
	barThickness  = 3.4
	barAxisHeight = 12.0
	barLegendRoom = 7.0
	// barCaptionRoom is kept below the axis for the figure caption.
	barCaptionRoom = 12.0
	// barLabelRoom keeps space beside the plot for the value labels.
	barLabelRoom = 15.0
)

func (r *report) divergingChart() {
	chart := &r.m.Bars
	if len(chart.Bars) == 0 && len(chart.Ranked) == 0 {
		r.paragraph(r.say(chart.Empty))
		return
	}
	if len(chart.Bars) > 0 {
		r.barPanel(chart, chart.Bars, chart.Axis, r.say(chart.Caption))
	}
	// Censored indicators in a panel of their own, on the rank-biserial
	// scale.
	if len(chart.Ranked) > 0 {
		r.paragraph(r.say(chart.RankedIntro))
		r.barPanel(chart, chart.Ranked, chart.RankedAxis, r.say(chart.RankedCaption))
	}
}

// barPanel draws one figure of bars on one axis, continued over pages
// when long.
func (r *report) barPanel(chart *model.BarChart, bars []model.Bar, axis model.Axis, caption string) {
	r.figureNo++

	// The name column is as wide as the longest name, within bounds.
	r.fontSize(sizeSmall - 0.5)
	nameWidth := 0.0
	for _, b := range bars {
		nameWidth = math.Max(nameWidth, r.width(b.Label))
	}
	nameWidth = math.Min(math.Max(nameWidth+2, 20), 55)

	// A long list continues on the next page, with legend and axis again.
	continued := false
	for first := 0; first < len(bars); {
		fits := int((bodyBottom - r.pdf.GetY() - barLegendRoom - barAxisHeight - barCaptionRoom) / barRowHeight)
		if fits < min(len(bars)-first, 4) {
			r.pdf.AddPage()
			continue
		}
		last := min(first+fits, len(bars))
		r.drawBars(chart, bars[first:last], axis, nameWidth)
		r.figureCaption(caption, continued)
		first, continued = last, true
	}
}

// drawBars draws one page's share of the bars with legend and axis.
func (r *report) drawBars(chart *model.BarChart, bars []model.Bar, axis model.Axis, nameWidth float64) {
	top := r.pdf.GetY()
	x := marginLeft + nameWidth
	for _, e := range chart.Legend {
		x = r.legendEntry(x, top, e)
	}

	limit := axis.Max
	plotTop := top + barLegendRoom
	plotLeft := marginLeft + nameWidth + barLabelRoom
	plotRight := marginLeft + contentWidth - barLabelRoom
	zero := (plotLeft + plotRight) / 2
	scale := (plotRight - zero) / limit
	plotBottom := plotTop + float64(len(bars))*barRowHeight

	// Grid and axis.
	r.pdf.SetLineWidth(0.15)
	for _, tick := range axis.Ticks {
		xv := zero + tick.Value*scale
		r.drawColor(colorGrid)
		if tick.Value == 0 {
			r.drawColor(colorMuted)
		}
		r.pdf.Line(xv, plotTop-1, xv, plotBottom+1)
		r.fontSize(sizeSmall - 1.5)
		r.textColor(colorMuted)
		r.put(xv-10, plotBottom+1.5, 20, 3.5, tick.Label, alignCenter)
	}
	r.fontSize(sizeSmall - 1)
	r.textColor(colorMuted)
	r.put(plotLeft, plotBottom+5.5, zero-plotLeft-2, 4, chart.WorseLabel, alignRight)
	r.put(zero+2, plotBottom+5.5, plotRight-zero-2, 4, chart.BetterLabel, alignLeft)

	for i, b := range bars {
		y := plotTop + float64(i)*barRowHeight
		mid := y + barRowHeight/2
		r.fontSize(sizeSmall - 0.5)
		r.textColor(colorText)
		r.put(marginLeft, y, nameWidth-2, barRowHeight, fitText(b.Label, nameWidth-2, r.width), alignRight)
		r.fontSize(sizeSmall - 1.5)
		r.textColor(colorMuted)
		if b.Value == nil {
			r.put(zero+1, y, 20, barRowHeight, b.ValueLabel, alignLeft)
			continue
		}
		v := b.Shown
		end := zero + v*scale
		r.fillColor(b.Role.RGB())
		r.pdf.Rect(math.Min(zero, end), mid-barThickness/2, math.Max(math.Abs(end-zero), 0.3), barThickness, "F")
		if b.Clipped {
			r.barBreak(end-math.Copysign(2.5, v), mid)
		}
		if v >= 0 {
			r.put(end+1, y, barLabelRoom, barRowHeight, b.ValueLabel, alignLeft)
		} else {
			r.put(end-1-barLabelRoom, y, barLabelRoom, barRowHeight, b.ValueLabel, alignRight)
		}
	}
	r.pdf.SetY(plotBottom + barAxisHeight)
}

// barBreak marks a bar cut at the end of the axis with two white slashes
// at x; its label still gives the full value.
func (r *report) barBreak(x, mid float64) {
	r.drawColor(colorWhite)
	r.pdf.SetLineWidth(0.5)
	for _, dx := range []float64{-0.6, 0.6} {
		r.pdf.Line(x+dx-0.8, mid+barThickness/2+0.3, x+dx+0.8, mid-barThickness/2-0.3)
	}
}
