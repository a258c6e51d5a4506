package reports

import (
	"math"

	"github.com/qbench/qbench/reports/model"
)

// Dot plots (model.DotPlots) on the page: two plots side by side, the
// value axis on the left of each, the region names under the columns.

const (
	dotPlotHeight  = 62.0
	dotPlotGap     = 8.0
	dotPlotColumns = 2
	dotRadius      = 0.75
	// dotLegendHeight is the room of the legend above the plots.
	dotLegendHeight = 7.0
)

func (r *report) dotPlots() {
	dp := &r.m.Dots
	if len(dp.Plots) == 0 {
		r.paragraph(r.say(dp.Empty))
		return
	}
	r.figureNo++

	r.dotLegend(dp.Legend)
	cellWidth := (contentWidth - dotPlotGap*(dotPlotColumns-1)) / dotPlotColumns
	for i := 0; i < len(dp.Plots); i += dotPlotColumns {
		r.ensureSpace(dotPlotHeight)
		y := r.pdf.GetY()
		for j := 0; j < dotPlotColumns && i+j < len(dp.Plots); j++ {
			x := marginLeft + float64(j)*(cellWidth+dotPlotGap)
			r.dotPlot(&dp.Plots[i+j], x, y, cellWidth)
		}
		r.pdf.SetY(y + dotPlotHeight + 3)
	}
	r.figureCaption(r.say(dp.Caption), false)
}

// dotLegend explains the marks once, above the plots.
func (r *report) dotLegend(entries []model.LegendEntry) {
	r.ensureSpace(dotLegendHeight + dotPlotHeight)
	x, y := marginLeft, r.pdf.GetY()
	for _, e := range entries {
		x = r.legendEntry(x, y, e)
	}
	r.pdf.SetY(y + dotLegendHeight)
}

func (r *report) dashMark(c rgb) func(x, y float64) {
	return func(x, y float64) { r.dashedLine(x, y+1.7, x+3.5, y+1.7, c) }
}

func (r *report) dashedLine(x1, y1, x2, y2 float64, c rgb) {
	r.drawColor(c)
	r.pdf.SetLineWidth(0.35)
	r.pdf.SetDashPattern([]float64{1.2, 0.8}, 0)
	r.pdf.Line(x1, y1, x2, y2)
	r.pdf.SetDashPattern(nil, 0)
}

// dotPlot draws one indicator's plot in the cell at (x, y) of width w.
func (r *report) dotPlot(plot *model.DotPlot, x, y, w float64) {
	const (
		titleHeight = 6.0
		axisWidth   = 11.0
	)
	left, right := x+axisWidth, x+w-1
	catWidth := (right - left) / float64(len(plot.Columns))
	labels := r.layoutCategoryLabels(plot.Columns, catWidth)

	r.fontSize(sizeSmall)
	r.textColor(colorAccent)
	r.put(x, y, w, titleHeight-1, fitText(plot.Title, w, r.width), alignLeft)

	top, bottom := y+titleHeight+1, y+dotPlotHeight-labels.height
	axisLo, axisHi := plot.Axis.Min, plot.Axis.Max
	yOf := func(v float64) float64 { return bottom - (v-axisLo)/(axisHi-axisLo)*(bottom-top) }

	// The focal region's column is shaded, as its table rows are.
	r.fillColor(colorHighlight)
	r.pdf.Rect(left, top, catWidth, bottom-top, "F")

	r.pdf.SetLineWidth(0.15)
	for _, tick := range plot.Axis.Ticks {
		r.drawColor(colorGrid)
		r.pdf.Line(left, yOf(tick.Value), right, yOf(tick.Value))
		r.fontSize(sizeSmall - 2)
		r.textColor(colorMuted)
		r.put(x, yOf(tick.Value)-1.5, axisWidth-1.2, 3, tick.Label, alignRight)
	}
	r.drawColor(colorRule)
	r.pdf.Line(left, top, left, bottom)
	r.pdf.Line(left, bottom, right, bottom)

	for _, l := range plot.Lines {
		r.dashedLine(left, yOf(l.Value), right, yOf(l.Value), l.Role.RGB())
	}
	r.fontSize(sizeSmall - 2)
	for i, l := range plot.OffScale {
		ly := top + 0.5 + 3*float64(i)
		if l.Below {
			ly = bottom - 3.5 - 3*float64(i)
		}
		r.textColor(l.Role.RGB())
		r.put(right-20, ly, 19, 3, l.Label, alignRight)
	}

	for k, col := range plot.Columns {
		center := left + (float64(k)+0.5)*catWidth
		c := col.Role.RGB()
		r.pdf.SetLineWidth(0.25)
		for _, d := range col.Dots {
			px := center + d.Jitter*0.5*catWidth
			if d.NonDetect {
				r.drawColor(c)
				r.pdf.Circle(px, yOf(d.Value), dotRadius, "D")
			} else {
				r.fillColor(c)
				r.pdf.Circle(px, yOf(d.Value), dotRadius, "F")
			}
			if d.Violates {
				r.drawColor(model.RoleShortfall.RGB())
				r.pdf.SetLineWidth(0.4)
				r.pdf.Circle(px, yOf(d.Value), dotRadius+0.9, "D")
				r.pdf.SetLineWidth(0.25)
			}
		}
		if col.Mean != nil {
			r.drawColor(colorText)
			r.pdf.SetLineWidth(0.6)
			r.pdf.Line(center-0.32*catWidth, yOf(*col.Mean), center+0.32*catWidth, yOf(*col.Mean))
		}
		r.categoryLabel(col, labels, center, bottom+1, catWidth)
	}
}

// categoryLabels is how the region names under a dot plot are set: in one
// type size for all, horizontally when they fit their columns, else
// rotated by 45°.
type categoryLabels struct {
	size    float64
	rotated bool
	height  float64 // room below the plot
}

const (
	categoryLabelSize    = sizeSmall - 1
	minCategoryLabelSize = 6.0
	// maxRotatedLabel keeps rotated labels within the plot's cell.
	maxRotatedLabel = 15.0
)

func (r *report) layoutCategoryLabels(columns []model.DotColumn, width float64) categoryLabels {
	for size := categoryLabelSize; size >= minCategoryLabelSize; size -= 0.5 {
		r.fontSize(size)
		fits := true
		for _, col := range columns {
			fits = fits && r.width(col.Label) <= width-0.5
		}
		if fits {
			return categoryLabels{size: size, height: 7}
		}
	}
	r.fontSize(minCategoryLabelSize)
	longest := 0.0
	for _, col := range columns {
		longest = max(longest, min(r.width(col.Label), maxRotatedLabel))
	}
	return categoryLabels{size: minCategoryLabelSize, rotated: true, height: 4 + longest*math.Sqrt2/2}
}

// categoryLabel writes a region's name under its column at (center, y);
// the focal region's in its colour.
func (r *report) categoryLabel(col model.DotColumn, labels categoryLabels, center, y, width float64) {
	r.fontSize(labels.size)
	r.textColor(colorText)
	if col.Focal {
		r.textColor(colorAdvantage)
	}
	name := col.Label
	if !labels.rotated {
		r.put(center-width/2, y, width, 4, name, alignCenter)
		return
	}
	// The label ends at the column's centre and runs down to the left.
	name = fitText(name, maxRotatedLabel, r.width)
	w := r.width(name)
	r.pdf.TransformBegin()
	r.pdf.TransformRotate(45, center, y+1)
	r.put(center-w, y, w, 2.5, name, alignRight)
	r.pdf.TransformEnd()
}
