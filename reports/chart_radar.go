package reports

import (
	"fmt"
	"math"

	"codeberg.org/go-pdf/fpdf"
	"github.com/qbench/qbench/benchmark"
)

// The radar chart: one axis per directional indicator (Profile.Radar,
// 0–100, 100 = the best region on that axis), one polygon per region. The
// focal region is drawn last, filled, so it stays visible on top.

const (
	radarRadius = 50.0
	// radarMaxNamedAxes: with more axes the names collide, so the axes are
	// numbered and a key lists the names below the chart.
	radarMaxNamedAxes = 16
	// radarLabelGap is the room above and below the rim for axis labels.
	radarLabelGap = 9.0
	// radarBlockHeight is the room for chart, legend and caption.
	radarBlockHeight = 2*radarRadius + 2*radarLabelGap + 20
)

func (r *report) radarChart() {
	axes := r.profile.Radar
	if len(axes) < 3 {
		r.paragraph(r.t.radarTooFew)
		return
	}
	r.figureNo++
	named := len(axes) <= radarMaxNamedAxes
	regions := r.regionCodesFocalFirst()
	r.ensureSpace(radarBlockHeight)
	top := r.pdf.GetY()
	cx := pageWidth / 2
	cy := top + radarLabelGap + radarRadius
	point := func(axis int, value float64) fpdf.PointType {
		angle := -math.Pi/2 + 2*math.Pi*float64(axis)/float64(len(axes))
		rad := radarRadius * value / 100
		return fpdf.PointType{X: cx + rad*math.Cos(angle), Y: cy + rad*math.Sin(angle)}
	}

	// Rings at 25, 50, 75 and 100, and the spokes.
	r.pdf.SetLineWidth(0.15)
	r.drawColor(colorGrid)
	for _, ring := range []float64{25, 50, 75, 100} {
		pts := make([]fpdf.PointType, len(axes))
		for i := range axes {
			pts[i] = point(i, ring)
		}
		r.pdf.Polygon(pts, "D")
	}
	for i := range axes {
		p := point(i, 100)
		r.pdf.Line(cx, cy, p.X, p.Y)
	}
	r.fontSize(sizeSmall - 2)
	r.textColor(colorMuted)
	for _, ring := range []float64{50, 100} {
		p := point(0, ring)
		r.put(p.X+0.8, p.Y-1.5, 8, 3, fmt.Sprint(ring), alignLeft)
	}

	// Axis labels outside the rim, aligned away from the centre and kept
	// within the margins.
	r.fontSize(sizeSmall - 1)
	r.textColor(colorText)
	for i, axis := range axes {
		label := fmt.Sprint(i + 1)
		if named {
			label = r.indicatorName(axis.Indicator)
		}
		p := point(i, 108)
		var x, w float64
		align := alignCenter
		switch {
		case p.X > cx+2:
			align, x, w = alignLeft, p.X, marginLeft+contentWidth-p.X
		case p.X < cx-2:
			align, w = alignRight, p.X-marginLeft
			x = marginLeft
		default:
			w = 2 * (cx - marginLeft - radarRadius)
			x = p.X - w/2
		}
		r.put(x, p.Y-2, w, 4, fitText(label, w, r.width), align)
	}

	// Polygons: references first, the focal region on top.
	for k := len(regions) - 1; k >= 0; k-- {
		code := regions[k]
		var pts []fpdf.PointType
		for i, axis := range axes {
			// A region without samples for an indicator has no value on
			// that axis; its polygon skips the axis rather than
			// pretending a zero.
			if v, ok := axis.Values[code]; ok {
				pts = append(pts, point(i, v))
			}
		}
		if len(pts) < 2 {
			continue
		}
		c := r.regionColor(code)
		r.drawColor(c)
		if code == r.design.FocalRegion {
			r.fillColor(c)
			r.pdf.SetAlpha(0.18, "Normal")
			r.pdf.Polygon(pts, "F")
			r.pdf.SetAlpha(1, "Normal")
			r.pdf.SetLineWidth(0.8)
			r.pdf.Polygon(pts, "D")
			continue
		}
		// References are drawn slightly transparent so that, with many
		// regions, crossings stay legible and the focal region stands out.
		r.pdf.SetLineWidth(0.45)
		r.pdf.SetAlpha(0.75, "Normal")
		r.pdf.Polygon(pts, "D")
		r.pdf.SetAlpha(1, "Normal")
	}
	r.pdf.SetY(cy + radarRadius + radarLabelGap)
	r.regionLegend(regions)
	r.figureCaption(r.t.radarCaption, false)
	if !named {
		r.radarKey(axes)
	}
}

// regionLegend is a centred row (or rows) of region colour keys.
func (r *report) regionLegend(regions []string) {
	type item struct {
		label string
		color rgb
		width float64
	}
	r.fontSize(sizeSmall - 0.5)
	var lines [][]item
	var line []item
	lineWidth := 0.0
	for _, code := range regions {
		it := item{label: r.regionLabel(code), color: r.regionColor(code)}
		it.width = 4.2 + r.width(it.label) + 5
		if len(line) > 0 && lineWidth+it.width > contentWidth {
			lines = append(lines, line)
			line, lineWidth = nil, 0
		}
		line = append(line, it)
		lineWidth += it.width
	}
	lines = append(lines, line)
	for _, l := range lines {
		total := 0.0
		for _, it := range l {
			total += it.width
		}
		r.ensureSpace(5)
		x, y := marginLeft+(contentWidth-total)/2, r.pdf.GetY()
		for _, it := range l {
			c := it.color
			x = r.legendItem(x, y, it.label, func(x, y float64) {
				r.drawColor(c)
				r.pdf.SetLineWidth(0.8)
				r.pdf.Line(x, y+1.7, x+3, y+1.7)
			})
		}
		r.pdf.SetY(y + 5)
	}
	r.pdf.SetY(r.pdf.GetY() + 1)
}

// radarKey lists the numbered axes' indicator names in three columns.
func (r *report) radarKey(axes []benchmark.RadarAxis) {
	const columns = 3
	colWidth := contentWidth / columns
	rows := (len(axes) + columns - 1) / columns
	r.fontSize(sizeSmall - 1)
	for row := range rows {
		r.ensureSpace(lineSmall)
		y := r.pdf.GetY()
		for c := range columns {
			i := c*rows + row
			if i >= len(axes) {
				break
			}
			r.textColor(colorText)
			label := fmt.Sprintf("%d  %s", i+1, r.indicatorName(axes[i].Indicator))
			r.put(marginLeft+float64(c)*colWidth, y, colWidth-2, lineSmall, fitText(label, colWidth-2, r.width), alignLeft)
		}
		r.pdf.SetY(y + lineSmall)
	}
	r.pdf.SetY(r.pdf.GetY() + 2)
}
