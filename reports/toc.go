package reports

import (
	"fmt"
	"math"
)

// The table of contents (目录 / Contents) lists chapters, annexes and
// their sections with page numbers. Page numbers are known only once the
// document is laid out, and fpdf cannot insert pages before others, so a
// report is laid out twice: the first pass, without the contents, records
// every heading's page; the second draws the contents from them. The
// contents take whole pages right after the cover and every chapter
// starts on a new page, so the contents shift every later page by the
// same count (tocPages), which the second pass adds.

// tocEntry is one heading: level 0 for chapters and annexes, 1 for
// sections.
type tocEntry struct {
	level int
	text  string
	page  int
}

const (
	tocLine       = lineBody
	tocChapterGap = 1.5
	tocIndent     = 8.0
	tocNumberRoom = 12.0
)

// tocLayout places the entries: the page (counted from the first page of
// the contents, 0) and y of each. The drawing and the page count both
// follow it, so the first pass knows exactly how many pages the contents
// will take.
func tocLayout(entries []tocEntry) (pages []int, ys []float64) {
	page, y := 0, marginTop+15 // below the heading, as openChapter leaves it
	for _, e := range entries {
		if e.level == 0 && y > marginTop {
			y += tocChapterGap
		}
		if y+tocLine > bodyBottom {
			page, y = page+1, marginTop
		}
		pages, ys = append(pages, page), append(ys, y)
		y += tocLine
	}
	return pages, ys
}

// tocPages is how many pages the contents of entries take.
func tocPages(entries []tocEntry) int {
	pages, _ := tocLayout(entries)
	if len(pages) == 0 {
		return 0
	}
	return pages[len(pages)-1] + 1
}

// shiftedContents is the contents of the second pass: the headings the
// first pass found, each moved back by the pages the contents themselves
// will take.
func shiftedContents(found []tocEntry) []tocEntry {
	shift := tocPages(found)
	entries := make([]tocEntry, len(found))
	for i, e := range found {
		e.page += shift
		entries[i] = e
	}
	return entries
}

// contents draws the table of contents of the second pass; in the first
// pass (no entries yet) it draws nothing.
func (r *report) contents() {
	if r.tocIn == nil {
		return
	}
	r.pdf.AddPage()
	heading := r.t.s("report.toc")
	r.pdf.Bookmark(oneLine(heading), 0, -1)
	r.fontSize(sizeChapter)
	r.textColor(colorAccent)
	y := r.pdf.GetY()
	r.put(marginLeft, y, contentWidth, 9, heading, alignLeft)
	r.drawColor(colorAccent)
	r.pdf.SetLineWidth(0.5)
	r.pdf.Line(marginLeft, y+10.5, pageWidth-marginRight, y+10.5)

	pages, ys := tocLayout(r.tocIn)
	current := 0
	for i, e := range r.tocIn {
		if pages[i] != current {
			r.pdf.AddPage()
			current = pages[i]
		}
		indent, size, color := 0.0, sizeBody+0.5, colorAccent
		if e.level > 0 {
			indent, size, color = tocIndent, sizeBody, colorText
		}
		number := fmt.Sprint(e.page)
		textRoom := contentWidth - indent - tocNumberRoom
		r.fontSize(size)
		r.textColor(color)
		text := fitText(e.text, textRoom-4, r.width)
		r.put(marginLeft+indent, ys[i], textRoom, tocLine, text, alignLeft)
		r.put(marginLeft+contentWidth-tocNumberRoom, ys[i], tocNumberRoom, tocLine, number, alignRight)
		// A dotted leader from the text to the page number.
		from := marginLeft + indent + r.width(text) + 2
		to := marginLeft + contentWidth - r.width(number) - 2
		if to > from {
			r.drawColor(colorRule)
			r.pdf.SetLineWidth(0.25)
			r.pdf.SetDashPattern([]float64{0.3, 1.2}, 0)
			lineY := ys[i] + tocLine/2 + 1
			r.pdf.Line(math.Ceil(from), lineY, to, lineY)
			r.pdf.SetDashPattern(nil, 0)
		}
	}
}

// record notes a heading for the contents, on the current page.
func (r *report) record(level int, text string) {
	r.toc = append(r.toc, tocEntry{level: level, text: text, page: r.pdf.PageNo()})
}
