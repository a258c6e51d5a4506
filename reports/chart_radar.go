package reports

import (
	"math"

	"codeberg.org/go-pdf/fpdf"
	"github.com/qbench/qbench/reports/model"
)

// The radar chart (model.Radar) on the page, centred, with the axis
// labels outside the rim.

const (
	radarRadius = 50.0
	// radarLabelGap is the room above and below the rim for axis labels.
	radarLabelGap = 9.0
	// radarBlockHeight is the room for chart, legend and caption.
	radarBlockHeight = 2*radarRadius + 2*radarLabelGap + 20
)

func (r *report) radarChart() {
	rd := &r.m.Radar
	axes := rd.Axes
	if len(axes) < 3 {
		r.paragraph(r.say(rd.Empty))
		return
	}
	r.figureNo++
	r.ensureSpace(radarBlockHeight)
	top := r.pdf.GetY()
	cx := pageWidth / 2
	cy := top + radarLabelGap + radarRadius
	point := func(axis int, value float64) fpdf.PointType {
		angle := model.Angle(axis, len(axes))
		rad := radarRadius * value / rd.Max
		return fpdf.PointType{X: cx + rad*math.Cos(angle), Y: cy + rad*math.Sin(angle)}
	}

	// Rings and spokes.
	r.pdf.SetLineWidth(0.15)
	r.drawColor(colorGrid)
	for _, ring := range rd.Rings {
		pts := make([]fpdf.PointType, len(axes))
		for i := range axes {
			pts[i] = point(i, ring)
		}
		r.pdf.Polygon(pts, "D")
	}
	for i := range axes {
		p := point(i, rd.Max)
		r.pdf.Line(cx, cy, p.X, p.Y)
	}
	r.fontSize(sizeSmall - 2)
	r.textColor(colorMuted)
	for _, ring := range rd.RingLabels {
		p := point(0, ring.Value)
		r.put(p.X+0.8, p.Y-1.5, 8, 3, ring.Label, alignLeft)
	}

	// Axis labels outside the rim, aligned away from the centre and kept
	// within the margins.
	r.fontSize(sizeSmall - 1)
	r.textColor(colorText)
	for i, axis := range axes {
		p := point(i, rd.Max*108/100) // 8 % beyond the rim
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
		r.put(x, p.Y-2, w, 4, fitText(axis.Label, w, r.width), align)
	}

	// Polygons: references first, the focal region on top.
	for k := len(rd.Series) - 1; k >= 0; k-- {
		s := rd.Series[k]
		if len(s.Points) < 2 {
			continue
		}
		pts := make([]fpdf.PointType, len(s.Points))
		for i, p := range s.Points {
			pts[i] = point(p.Axis, p.Value)
		}
		c := s.Role.RGB()
		r.drawColor(c)
		if s.Focal {
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
	r.regionLegend()
	r.figureCaption(r.say(rd.Caption), false)
	if !rd.Named {
		r.radarKey(axes)
	}
}

// regionLegend is a centred row (or rows) of region colour keys.
func (r *report) regionLegend() {
	type item struct {
		label string
		color rgb
		width float64
	}
	r.fontSize(sizeSmall - 0.5)
	var lines [][]item
	var line []item
	lineWidth := 0.0
	for _, reg := range r.m.Regions {
		it := item{label: reg.Label, color: reg.Role.RGB()}
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
func (r *report) radarKey(axes []model.RadarAxis) {
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
			label := axes[i].Key
			r.put(marginLeft+float64(c)*colWidth, y, colWidth-2, lineSmall, fitText(label, colWidth-2, r.width), alignLeft)
		}
		r.pdf.SetY(y + lineSmall)
	}
	r.pdf.SetY(r.pdf.GetY() + 2)
}
