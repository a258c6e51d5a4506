package console

import (
	"fmt"
	"math"
	"strings"

	"github.com/qbench/qbench/reports/model"
)

// The console's renderer of the report model's charts: the model gives
// geometry in data coordinates (reports/model), the PDF maps it to
// millimetres (reports), this maps it to SVG user units. Only the mapping
// lives here — which bars, in which order, clipped where, coloured by
// which role, labelled how — all comes from the model, so that screen and
// paper cannot drift apart.

// svgBars is a horizontal bar chart laid out for SVG.
type svgBars struct {
	Width, Height   float64
	Left, Right     float64 // x of the plot's edges
	Zero            float64 // x of 0
	Top, Bottom     float64
	Bars            []svgBar
	Ticks           []svgTick
	WorseX, BetterX float64
	Worse, Better   string
	Legend          []svgLegend
}

type svgBar struct {
	Label     string
	Y, LabelY float64
	X, W      float64
	H         float64
	Fill      string
	Value     string
	ValueX    float64
	ValueEnd  bool // the value label is anchored at its end (a bar to the left)
	Clipped   bool
	BreakX    float64
	NoValue   bool
	Title     string
}

type svgTick struct {
	X     float64
	Label string
}

type svgLegend struct {
	X, Y  float64
	Fill  string
	Label string
}

const (
	barsWidth   = 720.0
	barsLabelW  = 180.0 // indicator names
	barsValueW  = 64.0  // room for value labels on either side
	barRow      = 26.0
	barHeight   = 16.0
	barsTopPad  = 28.0
	barsAxisPad = 44.0
)

// layoutBars maps the model's bar chart to SVG coordinates.
func layoutBars(c *model.BarChart) *svgBars {
	if len(c.Bars) == 0 || c.Axis.Max <= c.Axis.Min {
		return nil
	}
	g := &svgBars{Width: barsWidth, Left: barsLabelW + barsValueW, Right: barsWidth - barsValueW, Top: barsTopPad,
		Worse: c.WorseLabel, Better: c.BetterLabel}
	x := func(v float64) float64 {
		return g.Left + (v-c.Axis.Min)/(c.Axis.Max-c.Axis.Min)*(g.Right-g.Left)
	}
	g.Zero = x(0)
	for i, b := range c.Bars {
		y := g.Top + float64(i)*barRow
		bar := svgBar{Label: b.Label, Y: y + (barRow-barHeight)/2, LabelY: y + barRow/2 + 4, H: barHeight,
			Fill: b.Role.RGB().Hex(), Value: b.ValueLabel, Clipped: b.Clipped, Title: b.Label + " " + b.ValueLabel}
		if b.Value == nil {
			bar.NoValue = true
			bar.ValueX = g.Zero + 4
		} else {
			end := x(b.Shown)
			bar.X, bar.W = math.Min(g.Zero, end), math.Abs(end-g.Zero)
			if b.Shown < 0 {
				bar.ValueX, bar.ValueEnd = end-4, true
				bar.BreakX = end + 6
			} else {
				bar.ValueX = end + 4
				bar.BreakX = end - 6
			}
		}
		g.Bars = append(g.Bars, bar)
	}
	g.Bottom = g.Top + float64(len(c.Bars))*barRow
	for _, t := range c.Axis.Ticks {
		g.Ticks = append(g.Ticks, svgTick{X: x(t.Value), Label: t.Label})
	}
	g.WorseX, g.BetterX = g.Left, g.Right
	ly := g.Bottom + barsAxisPad - 8
	lx := g.Left
	for _, e := range c.Legend {
		g.Legend = append(g.Legend, svgLegend{X: lx, Y: ly, Fill: e.Role.RGB().Hex(), Label: e.Label})
		lx += 24 + 13*float64(textWidth(e.Label))
	}
	g.Height = g.Bottom + barsAxisPad + 8
	return g
}

// textWidth estimates a label's width in ems: a Chinese character is a
// full em, a Latin letter about half.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r > 0x2E80 {
			w += 1
		} else {
			w += 0.55
		}
	}
	return w
}

// svgRadar is the radar chart laid out for SVG.
type svgRadar struct {
	W, H    float64
	Cx, Cy  float64 // the centre
	Rings   []string
	Spokes  []svgSpoke
	Series  []svgSeries
	RingLbl []svgTick // X is the label's y on the upward axis
}

type svgSpoke struct {
	X, Y, LX, LY float64
	Anchor       string
	Label        string
}

type svgSeries struct {
	Points string
	Stroke string
	Focal  bool
	Label  string
}

// The radar's box is wider than tall: the axis names left and right of
// the circle need room.
const (
	radarW      = 640.0
	radarH      = 440.0
	radarRadius = 160.0
)

// layoutRadar maps the model's radar to SVG coordinates.
func layoutRadar(rd *model.Radar) *svgRadar {
	n := len(rd.Axes)
	if n < 3 || rd.Max <= 0 {
		return nil
	}
	g := &svgRadar{W: radarW, H: radarH, Cx: radarW / 2, Cy: radarH / 2}
	pt := func(i int, v float64) (float64, float64) {
		a := model.Angle(i, n)
		r := radarRadius * v / rd.Max
		return g.Cx + r*math.Cos(a), g.Cy + r*math.Sin(a)
	}
	poly := func(vals func(i int) float64) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			x, y := pt(i, vals(i))
			fmt.Fprintf(&b, "%.1f,%.1f ", x, y)
		}
		return strings.TrimSpace(b.String())
	}
	for _, ring := range rd.Rings {
		g.Rings = append(g.Rings, poly(func(int) float64 { return ring }))
	}
	for _, t := range rd.RingLabels {
		_, y := pt(0, t.Value) // axis 0 points up: the labels sit on it
		g.RingLbl = append(g.RingLbl, svgTick{X: y, Label: t.Label})
	}
	for i, ax := range rd.Axes {
		x, y := pt(i, rd.Max)
		lx, ly := pt(i, rd.Max*1.12)
		anchor := "middle"
		switch {
		case lx < g.Cx-10:
			anchor = "end"
		case lx > g.Cx+10:
			anchor = "start"
		}
		label := ax.Label
		if !rd.Named {
			label = fmt.Sprint(i + 1)
		}
		g.Spokes = append(g.Spokes, svgSpoke{X: x, Y: y, LX: lx, LY: ly + 4, Anchor: anchor, Label: label})
	}
	for _, se := range rd.Series {
		vals := make([]float64, n)
		for _, p := range se.Points {
			if p.Axis >= 0 && p.Axis < n {
				vals[p.Axis] = p.Value
			}
		}
		g.Series = append(g.Series, svgSeries{Points: poly(func(i int) float64 { return vals[i] }),
			Stroke: se.Role.RGB().Hex(), Focal: se.Focal, Label: se.Label})
	}
	return g
}

// svgDots is one dot plot laid out for SVG: a value axis, a column per
// region (the focal one shaded), a dot per sample (hollow for a
// non-detect), the region's mean as a bar, limit and target lines.
type svgDots struct {
	Title                    string
	W, H                     float64
	Left, Right, Top, Bottom float64
	FocalX, ColW             float64
	HasFocal                 bool
	Ticks                    []svgTick // X is the tick's y
	Lines                    []svgLine
	OffScale                 []svgLabel
	Dots                     []svgDot
	Means                    []svgLine
	Columns                  []svgLabel
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Stroke         string
}

type svgLabel struct {
	X, Y  float64
	Fill  string
	Label string
}

type svgDot struct {
	X, Y   float64
	Fill   string
	Hollow bool
}

const (
	dotsW      = 360.0
	dotsH      = 240.0
	dotsAxisW  = 52.0
	dotsTop    = 12.0
	dotsBottom = 200.0
	dotRadius  = 3.5
)

// layoutDots maps the model's dot plots to SVG coordinates, as the PDF's
// renderer maps them to millimetres (reports/chart_dots.go).
func layoutDots(dp *model.DotPlots) []svgDots {
	var out []svgDots
	for _, plot := range dp.Plots {
		if len(plot.Columns) == 0 || plot.Axis.Max <= plot.Axis.Min {
			continue
		}
		g := svgDots{Title: plot.Title, W: dotsW, H: dotsH, Left: dotsAxisW, Right: dotsW - 8, Top: dotsTop, Bottom: dotsBottom}
		g.ColW = (g.Right - g.Left) / float64(len(plot.Columns))
		y := func(v float64) float64 {
			return g.Bottom - (v-plot.Axis.Min)/(plot.Axis.Max-plot.Axis.Min)*(g.Bottom-g.Top)
		}
		for _, t := range plot.Axis.Ticks {
			g.Ticks = append(g.Ticks, svgTick{X: y(t.Value), Label: t.Label})
		}
		for _, l := range plot.Lines {
			g.Lines = append(g.Lines, svgLine{X1: g.Left, Y1: y(l.Value), X2: g.Right, Y2: y(l.Value), Stroke: l.Role.RGB().Hex()})
		}
		for i, l := range plot.OffScale {
			ly := g.Top + 10 + 12*float64(i)
			if l.Below {
				ly = g.Bottom - 4 - 12*float64(i)
			}
			g.OffScale = append(g.OffScale, svgLabel{X: g.Right - 2, Y: ly, Fill: l.Role.RGB().Hex(), Label: l.Label})
		}
		for k, col := range plot.Columns {
			center := g.Left + (float64(k)+0.5)*g.ColW
			if col.Focal {
				g.FocalX, g.HasFocal = g.Left+float64(k)*g.ColW, true
			}
			fill := col.Role.RGB().Hex()
			for _, d := range col.Dots {
				g.Dots = append(g.Dots, svgDot{X: center + d.Jitter*0.5*g.ColW, Y: y(d.Value), Fill: fill, Hollow: d.NonDetect})
			}
			if col.Mean != nil {
				g.Means = append(g.Means, svgLine{X1: center - 0.32*g.ColW, Y1: y(*col.Mean), X2: center + 0.32*g.ColW, Y2: y(*col.Mean)})
			}
			g.Columns = append(g.Columns, svgLabel{X: center, Y: g.Bottom + 18, Label: col.Label})
		}
		out = append(out, g)
	}
	return out
}
