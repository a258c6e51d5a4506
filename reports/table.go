package reports

import "fmt"

// Tables. A table is measured before it is drawn: columns get their
// natural width, the font shrinks (down to minTableFontSize) until the
// table fits the page, and only then do text columns wrap. Nothing is
// ever drawn past the margin. A table that runs over a page break repeats
// its caption (marked as continued) and its header row.

type column struct {
	header string
	align  string
	// wrap allows the column's text to wrap when the table is too wide;
	// set it on text columns. Numbers should stay on one line.
	wrap bool
}

// tone colours one cell's text by meaning.
type tone int

const (
	toneNormal tone = iota
	toneAdvantage
	toneShortfall
	toneMuted
)

func (t tone) color() rgb {
	switch t {
	case toneAdvantage:
		return colorAdvantage
	case toneShortfall:
		return colorShortfall
	case toneMuted:
		return colorMuted
	default:
		return colorText
	}
}

type tableRow struct {
	cells []string
	// tones colours cells; nil, or one per cell.
	tones []tone
	// highlight shades the row (the focal region's).
	highlight bool
}

// tableStyle sets a table's largest type size (it shrinks to fit, down to
// minTableFontSize) and the vertical padding of its cells.
type tableStyle struct {
	fontSize, padY float64
}

var (
	regularTable = tableStyle{fontSize: 8, padY: 1.1}
	// denseTable is for long listings (samples, raw data), where the page
	// count matters more than air.
	denseTable = tableStyle{fontSize: 7, padY: 0.55}
)

const (
	minTableFontSize = 6.0
	cellPadX         = 1.5
	// tableLineFactor turns a type size in points into a line height in
	// millimetres (1 pt = 0.353 mm, plus leading).
	tableLineFactor = 0.47
	// maxTableStretch limits how far a narrow table is widened: a
	// three-column table spread over the full width is hard to read.
	// Tables that come close to the full width take all of it, so that
	// the tables of a chapter line up.
	maxTableStretch = 1.5
	fullWidthShare  = 0.8
)

type tableLayout struct {
	fontSize   float64
	lineHeight float64
	padY       float64
	widths     []float64
	width      float64 // the sum of widths
}

// table draws a numbered table with a caption in the regular style.
func (r *report) table(caption string, cols []column, rows []tableRow) {
	r.styledTable(regularTable, caption, cols, rows)
}

// styledTable draws a numbered table with a caption.
func (r *report) styledTable(style tableStyle, caption string, cols []column, rows []tableRow) {
	r.tableNo++
	label := r.t.tableLabel(r.tableNo)
	lay := r.layoutTable(style, cols, rows)

	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = c.header
	}
	r.fontSize(lay.fontSize)
	headerLines := r.wrapCells(headers, lay)
	headerHeight := rowHeight(headerLines, lay)

	drawCaption := func(suffix string) { r.caption(label+suffix, caption) }
	drawHeader := func() {
		y := r.pdf.GetY()
		r.fillColor(colorAccent)
		r.pdf.Rect(marginLeft, y, lay.width, headerHeight, "F")
		r.drawCells(headerLines, cols, lay, y, headerHeight, nil, colorWhite)
		r.pdf.SetY(y + headerHeight)
	}

	firstHeight := headerHeight
	var cellLines [][][]string
	r.fontSize(lay.fontSize)
	for _, row := range rows {
		cellLines = append(cellLines, r.wrapCells(row.cells, lay))
	}
	if len(cellLines) > 0 {
		firstHeight += rowHeight(cellLines[0], lay)
	}
	r.gap(2)
	// A table that takes at most most of a page is kept whole: split, it
	// would leave a page holding a caption and two rows.
	total := r.captionHeight(label, caption) + headerHeight
	for i := range cellLines {
		total += rowHeight(cellLines[i], lay)
	}
	if total <= keepWhole*(bodyBottom-marginTop) {
		r.ensureSpace(total)
	}
	r.ensureSpace(r.captionHeight(label, caption) + firstHeight)
	drawCaption("")
	drawHeader()

	for i, row := range rows {
		h := rowHeight(cellLines[i], lay)
		if r.pdf.GetY()+h > bodyBottom {
			r.pdf.AddPage()
			drawCaption(r.t.s("report.continued"))
			drawHeader()
		}
		y := r.pdf.GetY()
		switch {
		case row.highlight:
			r.fillColor(colorHighlight)
			r.pdf.Rect(marginLeft, y, lay.width, h, "F")
		case i%2 == 1:
			r.fillColor(colorZebra)
			r.pdf.Rect(marginLeft, y, lay.width, h, "F")
		}
		r.drawCells(cellLines[i], cols, lay, y, h, row.tones, colorText)
		r.drawColor(colorGrid)
		r.pdf.SetLineWidth(0.1)
		r.pdf.Line(marginLeft, y+h, marginLeft+lay.width, y+h)
		r.pdf.SetY(y + h)
	}
	r.drawColor(colorAccent)
	r.pdf.SetLineWidth(0.3)
	r.pdf.Line(marginLeft, r.pdf.GetY(), marginLeft+lay.width, r.pdf.GetY())
	r.pdf.SetY(r.pdf.GetY() + 2)
}

// keepWhole is the share of the page body up to which a table is kept on
// one page.
const keepWhole = 0.7

// tableKeep estimates the room a heading must keep for the table of n
// rows that follows it: the whole table when it will be kept whole (see
// styledTable), else its caption, header and first rows — so that a
// heading never stays alone at a page foot while its table moves on.
func tableKeep(n int) float64 {
	const rowEstimate, captionAndHeader = 6.2, 16.0
	if h := captionAndHeader + rowEstimate*float64(n); h <= keepWhole*(bodyBottom-marginTop) {
		return h
	}
	return captionAndHeader + 3*rowEstimate
}

// wrapCells wraps every cell of a row to its column's width.
func (r *report) wrapCells(cells []string, lay tableLayout) [][]string {
	lines := make([][]string, len(cells))
	for i, c := range cells {
		lines[i] = r.wrap(oneLine(c), lay.widths[i]-2*cellPadX)
	}
	return lines
}

func rowHeight(cellLines [][]string, lay tableLayout) float64 {
	n := 1
	for _, l := range cellLines {
		n = max(n, len(l))
	}
	return float64(n)*lay.lineHeight + 2*lay.padY
}

// drawCells draws one row's text, each cell centred vertically in the row.
func (r *report) drawCells(cellLines [][]string, cols []column, lay tableLayout, y, h float64, tones []tone, base rgb) {
	r.fontSize(lay.fontSize)
	x := marginLeft
	for i, lines := range cellLines {
		color := base
		if i < len(tones) && tones[i] != toneNormal {
			color = tones[i].color()
		}
		r.textColor(color)
		top := y + (h-float64(len(lines))*lay.lineHeight)/2
		for j, line := range lines {
			r.put(x+cellPadX, top+float64(j)*lay.lineHeight, lay.widths[i]-2*cellPadX, lay.lineHeight, line, cols[i].align)
		}
		x += lay.widths[i]
	}
}

// layoutTable picks the font size and column widths.
func (r *report) layoutTable(style tableStyle, cols []column, rows []tableRow) tableLayout {
	for _, row := range rows {
		if len(row.cells) != len(cols) {
			panic(fmt.Sprintf("reports: table row has %d cells for %d columns", len(row.cells), len(cols)))
		}
	}
	size := style.fontSize
	var natural []float64
	for {
		r.fontSize(size)
		natural = r.naturalWidths(cols, rows)
		if sum(natural) <= contentWidth || size <= minTableFontSize {
			break
		}
		size -= 0.5
	}
	var widths []float64
	if sum(natural) > contentWidth {
		widths = fitWidths(natural, r.minimumWidths(cols, rows, natural), contentWidth)
	} else {
		width := sum(natural) * maxTableStretch
		if width >= fullWidthShare*contentWidth {
			width = contentWidth
		}
		widths = scaleWidths(natural, width)
	}
	return tableLayout{fontSize: size, lineHeight: size * tableLineFactor, padY: style.padY,
		widths: widths, width: sum(widths)}
}

// naturalWidths are the widths that show every cell and header on one
// line.
func (r *report) naturalWidths(cols []column, rows []tableRow) []float64 {
	w := make([]float64, len(cols))
	for i, c := range cols {
		w[i] = r.width(c.header)
	}
	for _, row := range rows {
		for i, cell := range row.cells {
			w[i] = max(w[i], r.width(cell))
		}
	}
	for i := range w {
		w[i] += 2 * cellPadX
	}
	return w
}

// minimumWidths are the narrowest widths that wrap only between words:
// the natural width for columns that must not wrap, except that their
// headers may wrap too.
func (r *report) minimumWidths(cols []column, rows []tableRow, natural []float64) []float64 {
	w := make([]float64, len(cols))
	for i, c := range cols {
		if !c.wrap {
			w[i] = natural[i]
			if header := r.width(c.header) + 2*cellPadX; header >= natural[i] {
				// The header is what makes the column wide: let it wrap
				// down to the widest cell or header word.
				w[i] = r.widestSegment(c.header) + 2*cellPadX
				for _, row := range rows {
					w[i] = max(w[i], r.width(row.cells[i])+2*cellPadX)
				}
			}
			continue
		}
		w[i] = r.widestSegment(c.header)
		for _, row := range rows {
			w[i] = max(w[i], r.widestSegment(row.cells[i]))
		}
		w[i] = min(w[i]+2*cellPadX, natural[i])
	}
	return w
}

func (r *report) widestSegment(s string) float64 {
	widest := 0.0
	for _, seg := range splitSegments(oneLine(s)) {
		widest = max(widest, r.width(seg.text))
	}
	return widest
}

// fitWidths narrows the columns that can wrap (minimum < natural) of a
// table that is too wide: each keeps its minimum and gets a share of the
// remaining room in proportion to what it gives up. When even the
// minimums do not fit, all columns shrink alike and wrapText splits words.
func fitWidths(natural, minimum []float64, total float64) []float64 {
	fixed, flexMin, flexNatural := 0.0, 0.0, 0.0
	for i := range natural {
		if minimum[i] < natural[i] {
			flexMin += minimum[i]
			flexNatural += natural[i]
		} else {
			fixed += natural[i]
		}
	}
	room := total - fixed
	if room < flexMin || flexNatural <= flexMin {
		return scaleWidths(natural, total)
	}
	share := (room - flexMin) / (flexNatural - flexMin)
	widths := make([]float64, len(natural))
	for i := range natural {
		widths[i] = natural[i]
		if minimum[i] < natural[i] {
			widths[i] = minimum[i] + share*(natural[i]-minimum[i])
		}
	}
	return widths
}

// scaleWidths scales widths proportionally to add up to total.
func scaleWidths(widths []float64, total float64) []float64 {
	f := total / sum(widths)
	out := make([]float64, len(widths))
	for i, w := range widths {
		out[i] = w * f
	}
	return out
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
