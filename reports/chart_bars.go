package reports

import (
	"cmp"
	"math"
	"slices"

	"github.com/qbench/qbench/benchmark"
)

// The diverging bar chart: per directional indicator, the focal region's
// relative difference from the pooled references, sign-adjusted so that
// right (positive) is always favourable: for lower and range indicators a
// negative difference is the good one. Bars are coloured by verdict.

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

type barItem struct {
	name     string
	adjusted *float64 // direction-adjusted relative difference, a fraction
	verdict  string
}

// divergingItems are the bars, most favourable first; indicators without
// a relative difference come last, in design order.
func (r *report) divergingItems() []barItem {
	var items []barItem
	for i := range r.design.Indicators {
		ind := &r.design.Indicators[i]
		sign := directionSign(ind.Direction)
		ip := r.profiles[ind.Code]
		if sign == 0 || ip == nil {
			continue
		}
		item := barItem{name: r.indicatorName(ind.Code), verdict: benchmark.VerdictInsufficient}
		for _, c := range ip.Comparisons {
			if c.Reference != benchmark.PooledReference {
				continue
			}
			item.verdict = c.Verdict
			if c.RelDiff != nil {
				v := sign * *c.RelDiff
				item.adjusted = &v
			}
		}
		items = append(items, item)
	}
	slices.SortStableFunc(items, func(a, b barItem) int {
		switch {
		case a.adjusted != nil && b.adjusted != nil:
			return cmp.Compare(*b.adjusted, *a.adjusted)
		case a.adjusted != nil:
			return -1
		case b.adjusted != nil:
			return 1
		}
		return 0
	})
	return items
}

func (r *report) divergingChart() {
	items := r.divergingItems()
	if len(items) == 0 {
		r.paragraph(r.t.noDirectional)
		return
	}
	r.figureNo++
	limit, step := barAxis(items)

	// The name column is as wide as the longest name, within bounds.
	r.fontSize(sizeSmall - 0.5)
	nameWidth := 0.0
	for _, it := range items {
		nameWidth = math.Max(nameWidth, r.width(it.name))
	}
	nameWidth = math.Min(math.Max(nameWidth+2, 20), 55)

	// A long list continues on the next page, with legend and axis again.
	continued := false
	for first := 0; first < len(items); {
		fits := int((bodyBottom - r.pdf.GetY() - barLegendRoom - barAxisHeight - barCaptionRoom) / barRowHeight)
		if fits < min(len(items)-first, 4) {
			r.pdf.AddPage()
			continue
		}
		last := min(first+fits, len(items))
		r.drawBars(items[first:last], nameWidth, limit, step)
		r.figureCaption(r.t.divergingCaption(r.regionName(r.design.FocalRegion)), continued)
		first, continued = last, true
	}
}

// barAxis is the half-width of the axis and its tick step. The axis is
// wide enough for most bars, but one extreme value (a reference mean near
// zero gives relative differences of several hundred per cent) must not
// squash the others into slivers: the axis stops at three times the upper
// quartile of the values, and longer bars are cut and marked.
func barAxis(items []barItem) (limit, step float64) {
	var sizes []float64
	for _, it := range items {
		if it.adjusted != nil {
			sizes = append(sizes, math.Abs(*it.adjusted))
		}
	}
	limit = 0.1
	if len(sizes) > 0 {
		slices.Sort(sizes)
		upperQuartile := sizes[len(sizes)*3/4]
		limit = math.Max(math.Min(sizes[len(sizes)-1], 3*upperQuartile), limit)
	}
	step = niceStep(2*limit, 6)
	return math.Ceil(limit/step-1e-9) * step, step
}

// drawBars draws one page's share of the bars with legend and axis.
func (r *report) drawBars(items []barItem, nameWidth, limit, step float64) {
	t := r.t
	top := r.pdf.GetY()
	x := marginLeft + nameWidth
	for _, l := range []struct {
		label string
		color rgb
	}{
		{t.verdict(benchmark.VerdictAdvantage), colorAdvantage},
		{t.verdict(benchmark.VerdictShortfall), colorShortfall},
		{t.verdict(benchmark.VerdictParity), colorParity},
		{t.verdict(benchmark.VerdictInsufficient), colorInsufficient},
	} {
		x = r.legendItem(x, top, l.label, r.swatch(l.color))
	}

	plotTop := top + barLegendRoom
	plotLeft := marginLeft + nameWidth + barLabelRoom
	plotRight := marginLeft + contentWidth - barLabelRoom
	zero := (plotLeft + plotRight) / 2
	scale := (plotRight - zero) / limit
	plotBottom := plotTop + float64(len(items))*barRowHeight

	// Grid and axis.
	decimals := max(tickDecimals(step*100), 0)
	r.pdf.SetLineWidth(0.15)
	for _, v := range niceTicks(-limit, limit, int(math.Round(2*limit/step))) {
		xv := zero + v*scale
		r.drawColor(colorGrid)
		if v == 0 {
			r.drawColor(colorMuted)
		}
		r.pdf.Line(xv, plotTop-1, xv, plotBottom+1)
		r.fontSize(sizeSmall - 1.5)
		r.textColor(colorMuted)
		r.put(xv-10, plotBottom+1.5, 20, 3.5, percentTick(v, decimals), alignCenter)
	}
	r.fontSize(sizeSmall - 1)
	r.textColor(colorMuted)
	r.put(plotLeft, plotBottom+5.5, zero-plotLeft-2, 4, t.worseSide, alignRight)
	r.put(zero+2, plotBottom+5.5, plotRight-zero-2, 4, t.betterSide, alignLeft)

	for i, it := range items {
		y := plotTop + float64(i)*barRowHeight
		mid := y + barRowHeight/2
		r.fontSize(sizeSmall - 0.5)
		r.textColor(colorText)
		r.put(marginLeft, y, nameWidth-2, barRowHeight, fitText(it.name, nameWidth-2, r.width), alignRight)
		r.fontSize(sizeSmall - 1.5)
		r.textColor(colorMuted)
		if it.adjusted == nil {
			r.put(zero+1, y, 20, barRowHeight, missing, alignLeft)
			continue
		}
		v := math.Max(-limit, math.Min(limit, *it.adjusted))
		end := zero + v*scale
		r.fillColor(verdictColor(it.verdict))
		r.pdf.Rect(math.Min(zero, end), mid-barThickness/2, math.Max(math.Abs(end-zero), 0.3), barThickness, "F")
		if v != *it.adjusted {
			r.barBreak(end-math.Copysign(2.5, v), mid)
		}
		label := formatPercent(it.adjusted)
		if v >= 0 {
			r.put(end+1, y, barLabelRoom, barRowHeight, label, alignLeft)
		} else {
			r.put(end-1-barLabelRoom, y, barLabelRoom, barRowHeight, label, alignRight)
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
