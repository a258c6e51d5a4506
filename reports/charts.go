package reports

import (
	"math"
	"strconv"

	"github.com/qbench/qbench/benchmark"
)

// Charts are drawn with fpdf's vector primitives, so they stay sharp in
// print and their labels remain text that can be searched and copied.

// chartsChapter shows the profile at a glance: the diverging bar chart of
// direction-adjusted differences, the radar of the regions, and dot plots
// of the indicators that appear in the advantage or shortfall profile.
func (r *report) chartsChapter() {
	t := r.t
	r.chapter(t.chCharts)

	r.section(t.secDiverging, 3*lineBody+barLegendRoom+4*barRowHeight+barAxisHeight)
	r.paragraph(t.divergingIntro(r.focalProduct()))
	r.divergingChart()

	r.section(t.secRadar, 3*lineBody+radarBlockHeight)
	r.paragraph(t.radarIntro)
	r.radarChart()

	r.section(t.secDotPlots, 3*lineBody+dotLegendHeight+dotPlotHeight)
	r.paragraph(t.dotPlotIntro(t.ndName(r.settings().NDSubstitution)))
	r.dotPlots()
}

// figureCaption numbers and titles a chart, below it.
func (r *report) figureCaption(title string, continued bool) {
	label := r.t.figureLabel(r.figureNo)
	if continued {
		label += r.t.continued
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

// swatch is a legend mark: a filled square.
func (r *report) swatch(c rgb) func(x, y float64) {
	return func(x, y float64) {
		r.fillColor(c)
		r.pdf.Rect(x, y+0.2, 3, 3, "F")
	}
}

// niceStep is a round step (1, 2, 2.5 or 5 × 10^k) that divides span into
// at most maxTicks intervals.
func niceStep(span float64, maxTicks int) float64 {
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(maxTicks)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// niceTicks are the ticks of an axis covering [lo, hi] with a round step;
// the first and last tick are the axis ends.
func niceTicks(lo, hi float64, maxTicks int) []float64 {
	if hi <= lo { // a single value: centre it in a small range
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	step := niceStep(hi-lo, maxTicks)
	first := math.Floor(lo/step+1e-9) * step
	last := math.Ceil(hi/step-1e-9) * step
	var ticks []float64
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if v > last+step/2 {
			break
		}
		// Snap to the step so that 0.30000000000000004 prints as 0.3.
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return ticks
}

// tickDecimals is how many decimals show every tick of the step exactly.
func tickDecimals(step float64) int {
	for d := range 10 {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*scaled {
			return d
		}
	}
	return 10
}

// directionSign is s of shared/METHOD.md §5: +1 when higher is better, -1
// when lower is better (range indicators compare a distance, lower is
// better), 0 for descriptive indicators.
func directionSign(direction string) float64 {
	switch direction {
	case benchmark.DirectionHigher:
		return 1
	case benchmark.DirectionLower, benchmark.DirectionRange:
		return -1
	}
	return 0
}

// verdictColor colours a bar or mark by the comparison's verdict.
func verdictColor(verdict string) rgb {
	switch verdict {
	case benchmark.VerdictAdvantage:
		return colorAdvantage
	case benchmark.VerdictShortfall:
		return colorShortfall
	case benchmark.VerdictInsufficient:
		return colorInsufficient
	}
	return colorParity
}

func percentTick(v float64, decimals int) string {
	s := strconv.FormatFloat(v*100, 'f', decimals, 64)
	if v > 0 {
		s = "+" + s
	}
	if v == 0 {
		s = "0"
	}
	return s + "%"
}
