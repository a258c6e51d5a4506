package reports

import (
	"hash/fnv"
	"math"

	"github.com/qbench/qbench/benchmark"
)

// Dot plots: for each indicator in the advantage or shortfall profile, the
// sample values of every region side by side, with the region mean and
// the limit (and target) lines, so that readers see the spread behind a
// verdict and how close samples come to a limit.

const (
	dotPlotHeight  = 62.0
	dotPlotGap     = 8.0
	dotPlotColumns = 2
	dotRadius      = 0.75
	// dotLegendHeight is the room of the legend above the plots.
	dotLegendHeight = 7.0
)

// samplePoint is one sample's value for one indicator.
type samplePoint struct {
	sample string
	value  float64
	// nonDetect is true when no replicate was detected.
	nonDetect bool
}

// sampleValues computes every sample's value per region for the given
// indicators, as shared/METHOD.md §1 defines it: non-detects substituted
// per nd, replicates averaged. The profile carries only summaries, so the
// plot needs this to show the samples themselves.
func sampleValues(d *benchmark.Design, results []benchmark.Result, wanted map[string]bool, nd string) map[string]map[string][]samplePoint {
	type acc struct {
		sum      float64
		n        int
		detected bool
	}
	regionOf := sampleRegion(d)
	accs := map[[2]string]*acc{} // indicator, sample
	var order [][2]string        // first appearance, for deterministic output
	for i := range results {
		res := &results[i]
		if !wanted[res.Indicator] || regionOf[res.Sample] == "" {
			continue
		}
		v, ok := substituted(res, d.Indicator(res.Indicator), nd)
		if !ok {
			continue
		}
		key := [2]string{res.Indicator, res.Sample}
		a := accs[key]
		if a == nil {
			a = &acc{}
			accs[key] = a
			order = append(order, key)
		}
		a.sum += v
		a.n++
		a.detected = a.detected || !res.NonDetect
	}
	out := map[string]map[string][]samplePoint{}
	for _, key := range order {
		a := accs[key]
		if out[key[0]] == nil {
			out[key[0]] = map[string][]samplePoint{}
		}
		region := regionOf[key[1]]
		out[key[0]][region] = append(out[key[0]][region],
			samplePoint{sample: key[1], value: a.sum / float64(a.n), nonDetect: !a.detected})
	}
	return out
}

// substituted is a result's value with a non-detect replaced per nd; ok is
// false for a result without a usable value (a non-detect whose limit of
// detection is unknown under half or lod substitution).
func substituted(res *benchmark.Result, ind *benchmark.Indicator, nd string) (float64, bool) {
	if !res.NonDetect {
		if res.Value == nil {
			return 0, false
		}
		return *res.Value, true
	}
	if nd == benchmark.NDZero {
		return 0, true
	}
	lod := res.EffectiveLOD(ind)
	if lod == nil {
		return 0, false
	}
	if nd == benchmark.NDLOD {
		return *lod, true
	}
	return *lod / 2, true
}

// dotPlotIndicators are the indicators of the advantage and shortfall
// profiles, in design order.
func (r *report) dotPlotIndicators() []*benchmark.Indicator {
	in := map[string]bool{}
	for _, list := range [][]benchmark.ProfileEntry{r.profile.Advantages, r.profile.Shortfalls} {
		for _, e := range list {
			in[e.Indicator] = true
		}
	}
	var inds []*benchmark.Indicator
	for i := range r.design.Indicators {
		if in[r.design.Indicators[i].Code] {
			inds = append(inds, &r.design.Indicators[i])
		}
	}
	return inds
}

func (r *report) dotPlots() {
	inds := r.dotPlotIndicators()
	if len(inds) == 0 {
		r.paragraph(r.t.noDotPlots)
		return
	}
	r.figureNo++
	wanted := map[string]bool{}
	for _, ind := range inds {
		wanted[ind.Code] = true
	}
	values := sampleValues(r.design, r.in.Results, wanted, r.settings().NDSubstitution)

	r.dotLegend()
	cellWidth := (contentWidth - dotPlotGap*(dotPlotColumns-1)) / dotPlotColumns
	for i := 0; i < len(inds); i += dotPlotColumns {
		r.ensureSpace(dotPlotHeight)
		y := r.pdf.GetY()
		for j := 0; j < dotPlotColumns && i+j < len(inds); j++ {
			x := marginLeft + float64(j)*(cellWidth+dotPlotGap)
			r.dotPlot(inds[i+j], values[inds[i+j].Code], x, y, cellWidth)
		}
		r.pdf.SetY(y + dotPlotHeight + 3)
	}
	r.figureCaption(r.t.dotPlotCaption, false)
}

// dotLegend explains the marks once, above the plots.
func (r *report) dotLegend() {
	t := r.t
	r.ensureSpace(dotLegendHeight + dotPlotHeight)
	x, y := marginLeft, r.pdf.GetY()
	x = r.legendItem(x, y, t.legendDetected, func(x, y float64) {
		r.fillColor(colorMuted)
		r.pdf.Circle(x+1.5, y+1.7, 1, "F")
	})
	x = r.legendItem(x, y, t.legendNonDetect, func(x, y float64) {
		r.drawColor(colorMuted)
		r.pdf.SetLineWidth(0.25)
		r.pdf.Circle(x+1.5, y+1.7, 1, "D")
	})
	x = r.legendItem(x, y, t.legendMean, func(x, y float64) {
		r.drawColor(colorText)
		r.pdf.SetLineWidth(0.6)
		r.pdf.Line(x, y+1.7, x+3, y+1.7)
	})
	x = r.legendItem(x, y, t.legendLimit, r.dashMark(colorLimit))
	r.legendItem(x, y, t.legendTarget, r.dashMark(colorTarget))
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

// refLine is a dashed horizontal line at a limit or target bound.
type refLine struct {
	v     float64
	color rgb
}

// dotPlot draws one indicator's plot in the cell at (x, y) of width w.
func (r *report) dotPlot(ind *benchmark.Indicator, points map[string][]samplePoint, x, y, w float64) {
	const (
		titleHeight = 6.0
		axisWidth   = 11.0
	)
	regions := r.regionCodesFocalFirst()
	ip := r.profiles[ind.Code]
	left, right := x+axisWidth, x+w-1
	catWidth := (right - left) / float64(len(regions))
	labels := r.layoutCategoryLabels(regions, catWidth)

	r.fontSize(sizeSmall)
	r.textColor(colorAccent)
	title := r.t.nameWithUnit(r.indicatorName(ind.Code), ind.Unit)
	r.put(x, y, w, titleHeight-1, fitText(title, w, r.width), alignLeft)

	top, bottom := y+titleHeight+1, y+dotPlotHeight-labels.height

	// Limit lines, and target lines of a range indicator.
	var lines []refLine
	for _, l := range []*float64{ind.LimitMin, ind.LimitMax} {
		if l != nil {
			lines = append(lines, refLine{*l, colorLimit})
		}
	}
	if ind.Direction == benchmark.DirectionRange {
		for _, l := range []*float64{ind.TargetMin, ind.TargetMax} {
			if l != nil {
				lines = append(lines, refLine{*l, colorTarget})
			}
		}
	}
	// The value axis covers the samples and the lines near them. A line
	// far off the data (a residue limit of 5 mg/kg over values of 0.01)
	// would squash every sample onto the axis: it is named at the plot's
	// edge instead.
	lo, hi := math.Inf(1), math.Inf(-1)
	extend := func(v float64) { lo, hi = math.Min(lo, v), math.Max(hi, v) }
	for _, pts := range points {
		for _, p := range pts {
			extend(p.value)
		}
	}
	var drawn, offScale []refLine
	for _, l := range lines {
		span := math.Max(hi-lo, math.Abs(hi)*0.1)
		if math.IsInf(lo, 0) || (l.v >= lo-2*span && l.v <= hi+2*span) {
			drawn = append(drawn, l)
		} else {
			offScale = append(offScale, l)
		}
	}
	for _, l := range drawn {
		extend(l.v)
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	ticks := niceTicks(lo, hi, 5)
	axisLo, axisHi := ticks[0], ticks[len(ticks)-1]
	yOf := func(v float64) float64 { return bottom - (v-axisLo)/(axisHi-axisLo)*(bottom-top) }

	// The focal region's column is shaded, as its table rows are.
	r.fillColor(colorHighlight)
	r.pdf.Rect(left, top, catWidth, bottom-top, "F")

	decimals := tickDecimals(ticks[1] - ticks[0])
	r.pdf.SetLineWidth(0.15)
	for _, v := range ticks {
		r.drawColor(colorGrid)
		r.pdf.Line(left, yOf(v), right, yOf(v))
		r.fontSize(sizeSmall - 2)
		r.textColor(colorMuted)
		r.put(x, yOf(v)-1.5, axisWidth-1.2, 3, fixed(v, decimals), alignRight)
	}
	r.drawColor(colorRule)
	r.pdf.Line(left, top, left, bottom)
	r.pdf.Line(left, bottom, right, bottom)

	for _, l := range drawn {
		r.dashedLine(left, yOf(l.v), right, yOf(l.v), l.color)
	}
	r.fontSize(sizeSmall - 2)
	for i, l := range offScale {
		label, ly := "↑ "+formatLimitNumber(l.v), top+0.5+3*float64(i)
		if l.v < axisLo {
			label, ly = "↓ "+formatLimitNumber(l.v), bottom-3.5-3*float64(i)
		}
		r.textColor(l.color)
		r.put(right-20, ly, 19, 3, label, alignRight)
	}

	for k, code := range regions {
		center := left + (float64(k)+0.5)*catWidth
		c := r.regionColor(code)
		r.pdf.SetLineWidth(0.25)
		for _, p := range points[code] {
			px := center + (jitter(p.sample)-0.5)*0.5*catWidth
			if p.nonDetect {
				r.drawColor(c)
				r.pdf.Circle(px, yOf(p.value), dotRadius, "D")
			} else {
				r.fillColor(c)
				r.pdf.Circle(px, yOf(p.value), dotRadius, "F")
			}
		}
		if ip != nil {
			if m := ip.Regions[code].Mean; m != nil {
				r.drawColor(colorText)
				r.pdf.SetLineWidth(0.6)
				r.pdf.Line(center-0.32*catWidth, yOf(*m), center+0.32*catWidth, yOf(*m))
			}
		}
		r.categoryLabel(code, labels, center, bottom+1, catWidth)
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

func (r *report) layoutCategoryLabels(regions []string, width float64) categoryLabels {
	for size := categoryLabelSize; size >= minCategoryLabelSize; size -= 0.5 {
		r.fontSize(size)
		fits := true
		for _, code := range regions {
			fits = fits && r.width(r.regionName(code)) <= width-0.5
		}
		if fits {
			return categoryLabels{size: size, height: 7}
		}
	}
	r.fontSize(minCategoryLabelSize)
	longest := 0.0
	for _, code := range regions {
		longest = max(longest, min(r.width(r.regionName(code)), maxRotatedLabel))
	}
	return categoryLabels{size: minCategoryLabelSize, rotated: true, height: 4 + longest*math.Sqrt2/2}
}

// categoryLabel writes a region's name under its column at (center, y);
// the focal region's in its colour.
func (r *report) categoryLabel(code string, labels categoryLabels, center, y, width float64) {
	r.fontSize(labels.size)
	r.textColor(colorText)
	if code == r.design.FocalRegion {
		r.textColor(colorAdvantage)
	}
	name := r.regionName(code)
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

// jitter spreads samples horizontally by a fixed amount derived from the
// sample code, in [0, 1): the same report always looks the same.
func jitter(sample string) float64 {
	h := fnv.New32a()
	h.Write([]byte(sample))
	return float64(h.Sum32()) / (1 << 32)
}
