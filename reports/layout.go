package reports

import (
	"fmt"

	"codeberg.org/go-pdf/fpdf"
	"github.com/qbench/qbench/reports/model"
)

// Page geometry in millimetres (A4 portrait). The running header sits
// above marginTop and the page number below bodyBottom.
const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	marginLeft   = 20.0
	marginRight  = 20.0
	marginTop    = 24.0
	marginBottom = 20.0
	contentWidth = pageWidth - marginLeft - marginRight
	bodyBottom   = pageHeight - marginBottom
	headerY      = 11.0
	footerY      = pageHeight - 13.0
)

// Type sizes in points and line heights in millimetres. CJK text needs
// about 1.6 × the type size to breathe.
const (
	sizeCoverTitle = 24.0
	sizeCoverSub   = 15.0
	sizeChapter    = 16.0
	sizeSection    = 12.0
	sizeBody       = 10.0
	sizeSmall      = 8.5
	sizeCaption    = 9.0
	sizeRunning    = 7.5
	lineBody       = 5.8
	lineSmall      = 4.6
	lineCaption    = 5.0
)

// Text alignments, as fpdf spells them.
const (
	alignLeft   = "L"
	alignCenter = "C"
	alignRight  = "R"
)

// rgb is a colour of the palette (reports/model owns it).
type rgb = model.RGB

// The palette's colours by role, as the page code uses them.
var (
	colorText      = model.RoleText.RGB()
	colorMuted     = model.RoleMuted.RGB()
	colorAccent    = model.RoleAccent.RGB()
	colorRule      = model.RoleRule.RGB()
	colorGrid      = model.RoleGrid.RGB()
	colorZebra     = model.RoleZebra.RGB()
	colorHighlight = model.RoleHighlight.RGB()
	colorWhite     = model.RoleWhite.RGB()
	colorAdvantage = model.RoleAdvantage.RGB()
	colorShortfall = model.RoleShortfall.RGB()
)

func (r *report) textColor(c rgb) { r.pdf.SetTextColor(c.R, c.G, c.B) }
func (r *report) fillColor(c rgb) { r.pdf.SetFillColor(c.R, c.G, c.B) }
func (r *report) drawColor(c rgb) { r.pdf.SetDrawColor(c.R, c.G, c.B) }
func (r *report) fontSize(pt float64) {
	r.pdf.SetFont(fontFamily, "", pt)
}

// width measures s in the current font, as it will be drawn.
func (r *report) width(s string) float64 { return r.pdf.GetStringWidth(oneLine(s)) }

// wrap breaks s into lines that fit width in the current font.
func (r *report) wrap(s string, width float64) []string {
	return wrapText(s, width, r.pdf.GetStringWidth)
}

// put draws one line of text in a box at (x, y), vertically centred;
// align is alignLeft, alignCenter or alignRight. Every string reaches the
// page through put, so every string is cleaned.
func (r *report) put(x, y, w, h float64, s, align string) {
	r.pdf.SetXY(x, y)
	r.pdf.CellFormat(w, h, oneLine(s), "", 0, align+"M", false, 0, "")
}

// ensureSpace starts a new page unless h millimetres fit below the
// current position. Automatic page breaks are off: every block asks for
// the room it needs, so that nothing is split where it must not be.
func (r *report) ensureSpace(h float64) {
	if r.pdf.GetY()+h > bodyBottom {
		r.pdf.AddPage()
	}
}

// gap moves the current position down by h, unless at the top of a page.
func (r *report) gap(h float64) {
	if r.pdf.GetY() > marginTop+0.5 {
		r.pdf.SetY(r.pdf.GetY() + h)
	}
}

// runningHeader is drawn on every page: the study title on the left, the
// kind of document on the right, a rule below.
func (r *report) runningHeader() {
	r.fontSize(sizeRunning)
	r.textColor(colorMuted)
	title := r.studyTitle()
	right := r.t.s("report.kind")
	rightW := r.width(right) + 2
	r.put(marginLeft, headerY, contentWidth-rightW, 4, fitText(title, contentWidth-rightW-4, r.width), alignLeft)
	r.put(pageWidth-marginRight-rightW, headerY, rightW, 4, right, alignRight)
	r.drawColor(colorRule)
	r.pdf.SetLineWidth(0.2)
	r.pdf.Line(marginLeft, headerY+5, pageWidth-marginRight, headerY+5)
}

// pageFooter prints "第 n 页 / 共 N 页" or "Page n of N"; fpdf replaces
// the total-pages alias when the document is closed.
func (r *report) pageFooter() {
	r.fontSize(sizeRunning)
	r.textColor(colorMuted)
	r.put(marginLeft, footerY, contentWidth, 4, r.t.pageOf(r.pdf.PageNo(), totalPagesAlias), alignCenter)
}

// totalPagesAlias stands for the page count until the document is closed.
const totalPagesAlias = "{nb}"

// chapter starts a numbered chapter on a new page.
func (r *report) chapter(title string) {
	r.chapterNo++
	number := fmt.Sprint(r.chapterNo)
	r.openChapter(number, number, title)
}

// annex starts an annex ("附录 A", "Annex B") on a new page; its sections
// are numbered A.1, A.2, ….
func (r *report) annex(title string) {
	r.annexNo++
	r.openChapter(r.t.annexLabel(r.annexNo), letter(r.annexNo), title)
}

// openChapter starts a chapter headed label and title, whose sections are
// numbered number.1, number.2, ….
func (r *report) openChapter(label, number, title string) {
	r.chapterNumber = number
	r.sectionNo = 0
	r.pdf.AddPage()
	heading := label + "  " + title
	r.pdf.Bookmark(oneLine(heading), 0, -1)
	r.record(0, heading)
	r.fontSize(sizeChapter)
	r.textColor(colorAccent)
	y := r.pdf.GetY()
	r.put(marginLeft, y, contentWidth, 9, heading, alignLeft)
	r.drawColor(colorAccent)
	r.pdf.SetLineWidth(0.5)
	r.pdf.Line(marginLeft, y+10.5, pageWidth-marginRight, y+10.5)
	r.pdf.SetY(y + 15)
}

// section starts a numbered section ("2.3 …") within the chapter, kept
// together with at least keep millimetres of what follows.
func (r *report) section(title string, keep float64) {
	r.sectionNo++
	heading := fmt.Sprintf("%s.%d  %s", r.chapterNumber, r.sectionNo, title)
	r.gap(3)
	r.ensureSpace(9 + keep)
	r.pdf.Bookmark(oneLine(heading), 1, -1)
	r.record(1, heading)
	r.fontSize(sizeSection)
	r.textColor(colorAccent)
	r.put(marginLeft, r.pdf.GetY(), contentWidth, 7, heading, alignLeft)
	r.pdf.SetY(r.pdf.GetY() + 9)
}

// subheadingHeight is the room a subheading takes, with its gap.
const subheadingHeight = 1.5 + 7

// listItemKeep is the room listItem needs on the page it starts on: its
// first two lines. A heading over a list keeps at least this below it, or
// the list's first item would leave the heading alone at the page foot.
const listItemKeep = 2 * lineBody

// subheading is an unnumbered heading within a section, kept together
// with at least keep millimetres of what follows.
func (r *report) subheading(title string, keep float64) {
	r.gap(1.5)
	r.ensureSpace(7 + keep)
	r.fontSize(sizeBody + 0.5)
	r.textColor(colorAccent)
	r.put(marginLeft, r.pdf.GetY(), contentWidth, 6, title, alignLeft)
	r.pdf.SetY(r.pdf.GetY() + 7)
}

// paragraph writes wrapped body text over the full content width.
func (r *report) paragraph(s string) {
	r.block(s, marginLeft, contentWidth, sizeBody, lineBody, colorText)
	r.pdf.SetY(r.pdf.GetY() + 2)
}

// note writes wrapped small muted text, for remarks under tables and
// charts.
func (r *report) note(s string) {
	r.block(s, marginLeft, contentWidth, sizeSmall, lineSmall, colorMuted)
	r.pdf.SetY(r.pdf.GetY() + 1.5)
}

// noteHeight is the room note(s) takes.
func (r *report) noteHeight(s string) float64 {
	r.fontSize(sizeSmall)
	return float64(len(r.wrap(s, contentWidth)))*lineSmall + 1.5
}

// caption writes a numbered caption ("表 3  …", "Figure 1  …"), wrapped.
func (r *report) caption(label, title string) {
	r.block(label+"  "+title, marginLeft, contentWidth, sizeCaption, lineCaption, colorAccent)
	r.pdf.SetY(r.pdf.GetY() + 1)
}

// captionHeight is the room caption needs.
func (r *report) captionHeight(label, title string) float64 {
	r.fontSize(sizeCaption)
	return float64(len(r.wrap(label+"  "+title, contentWidth)))*lineCaption + 1
}

// block writes s wrapped into [x, x+w] line by line, breaking pages
// between lines.
func (r *report) block(s string, x, w, size, lineHeight float64, color rgb) {
	r.fontSize(size)
	r.textColor(color)
	lines := r.wrap(s, w)
	for i, line := range lines {
		switch {
		case i == 0 && len(lines) > 1:
			// No first line alone at a page foot (orphan)…
			r.ensureSpace(2 * lineHeight)
		case i == len(lines)-2:
			// …and no last line alone at a page top (widow).
			r.ensureSpace(2 * lineHeight)
		default:
			r.ensureSpace(lineHeight)
		}
		r.fontSize(size)
		r.textColor(color)
		r.put(x, r.pdf.GetY(), w, lineHeight, line, alignLeft)
		r.pdf.SetY(r.pdf.GetY() + lineHeight)
	}
}

// listItemHeight is the room listItem(s) takes.
func (r *report) listItemHeight(s string) float64 {
	const indent = 7.0
	r.fontSize(sizeBody)
	return float64(len(r.wrap(s, contentWidth-indent)))*lineBody + 1
}

// listItem writes s with a hanging indent after marker ("•", "1.").
func (r *report) listItem(marker, s string) {
	const indent = 7.0
	r.fontSize(sizeBody)
	lines := r.wrap(s, contentWidth-indent)
	r.ensureSpace(lineBody * float64(min(len(lines), 2)))
	r.textColor(colorAccent)
	r.put(marginLeft+1, r.pdf.GetY(), indent-1, lineBody, marker, alignLeft)
	for i, line := range lines {
		if i == len(lines)-2 && i > 0 {
			r.ensureSpace(2 * lineBody) // no widow line
		} else {
			r.ensureSpace(lineBody)
		}
		r.fontSize(sizeBody)
		r.textColor(colorText)
		r.put(marginLeft+indent, r.pdf.GetY(), contentWidth-indent, lineBody, line, alignLeft)
		r.pdf.SetY(r.pdf.GetY() + lineBody)
	}
	r.pdf.SetY(r.pdf.GetY() + 1)
}

// fitText shortens s with an ellipsis until it fits width. It is only
// for labels whose full text appears elsewhere in the report (running
// header, chart labels); body text and tables wrap instead.
func fitText(s string, width float64, measure func(string) float64) string {
	if measure(s) <= width {
		return s
	}
	runes := []rune(oneLine(s))
	for len(runes) > 1 && measure(string(runes)+"…") > width {
		runes = runes[:len(runes)-1]
	}
	return string(runes) + "…"
}

// newDocument creates an A4 document with the report's fonts, metadata,
// running header and footer, and deterministic output.
func newDocument(r *report) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	// The alias must be set before the font is added: fpdf decides then
	// which runes to keep in the subset for it.
	pdf.AliasNbPages(totalPagesAlias)
	addFont(pdf)
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(false, marginBottom)
	// Text is measured to the exact box it is drawn in; fpdf's default
	// 1 mm inner cell margin would push every line past its box.
	pdf.SetCellMargin(0)
	pdf.SetHeaderFuncMode(r.runningHeader, true)
	pdf.SetFooterFunc(r.pageFooter)
	// Same input, same bytes: fixed dates and sorted catalog.
	date := r.in.Date
	if date.IsZero() {
		date = metadataEpoch
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(oneLine(r.studyTitle()+" — "+r.t.s("report.kind")), true)
	pdf.SetSubject(oneLine(r.t.s("report.kind")), true)
	// The author is who signs the report: the issuing bureau, else the lab.
	if issuer := r.issuer(); issuer != "" {
		pdf.SetAuthor(oneLine(issuer), true)
	} else if lab := r.design.Lab; lab != nil {
		pdf.SetAuthor(oneLine(r.t.name(lab.Name, lab.NameEn)), true)
	}
	pdf.SetCreator("qbench", true)
	pdf.SetLang(r.t.langTag)
	return pdf
}
