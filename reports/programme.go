package reports

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/reports/model"
)

// RenderProgramme writes a programme's summary report (总报告) as a PDF to
// w in lang ("zh" or "en"): its studies, the shortfall matrix, the
// shortfall register and the follow-up of each product's rounds. The same
// input gives the same bytes (date is the report's date; zero: none).
// It stops between chapters once ctx is done.
func RenderProgramme(ctx context.Context, w io.Writer, in model.ProgrammeInput, lang string, date time.Time) (err error) {
	t, ok := catalogs[lang]
	if !ok {
		return fmt.Errorf("reports: unknown language %q (want \"zh\" or \"en\")", lang)
	}
	if err := CheckFont(); err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reports: rendering the programme report failed: %v", p)
		}
	}()
	m := model.NewProgramme(in, i18n.Lang(lang))
	first := newProgrammeReport(m, t, date)
	if err := first.buildProgramme(ctx, m); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	entries := shiftedContents(first.toc)
	r := newProgrammeReport(m, t, date)
	r.tocIn = entries
	if err := r.buildProgramme(ctx, m); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// newProgrammeReport is a document with the study report's page layout,
// its title the programme's and its running header naming the summary
// report.
func newProgrammeReport(m *model.Programme, t *words, date time.Time) *report {
	r := &report{in: Input{Date: date}, t: t, design: &benchmark.Design{Title: m.Title},
		profile: &benchmark.Profile{}, findings: &benchmark.Findings{}, profiles: map[string]*benchmark.IndicatorProfile{}}
	r.pdf = newDocument(r)
	r.pdf.SetHeaderFuncMode(func() { r.programmeHeader(m) }, true)
	r.pdf.SetTitle(oneLine(m.Title+" — "+m.Kind), true)
	r.pdf.SetSubject(oneLine(m.Kind), true)
	return r
}

func (r *report) programmeHeader(m *model.Programme) {
	r.fontSize(sizeRunning)
	r.textColor(colorMuted)
	rightW := r.width(m.Kind) + 2
	r.put(marginLeft, headerY, contentWidth-rightW, 4, fitText(m.Title, contentWidth-rightW-4, r.width), alignLeft)
	r.put(pageWidth-marginRight-rightW, headerY, rightW, 4, m.Kind, alignRight)
	r.drawColor(colorRule)
	r.pdf.SetLineWidth(0.2)
	r.pdf.Line(marginLeft, headerY+5, pageWidth-marginRight, headerY+5)
}

func (r *report) buildProgramme(ctx context.Context, m *model.Programme) error {
	steps := []func(){func() { r.programmeCover(m) }, r.contents}
	for i := range m.Chapters {
		ch := &m.Chapters[i]
		steps = append(steps, func() { r.programmeChapter(ch) })
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		step()
	}
	return nil
}

func (r *report) programmeCover(m *model.Programme) {
	r.pdf.AddPage()
	const top = 62.0
	r.fontSize(sizeCoverTitle)
	r.textColor(colorAccent)
	y := top
	for _, line := range r.wrap(m.Title, contentWidth-10) {
		r.put(marginLeft+10, y, contentWidth-10, 11, line, alignLeft)
		y += 11
	}
	r.fontSize(sizeCoverSub)
	r.textColor(colorText)
	r.put(marginLeft+10, y+2, contentWidth-10, 8, m.Kind, alignLeft)
	r.fillColor(colorAccent)
	r.pdf.Rect(marginLeft, top, 3, y+10-top, "F")
	facts := [][2]string{{r.t.s("programmes.report.cover.code"), m.Subtitle}}
	if !r.in.Date.IsZero() {
		facts = append(facts, [2]string{r.t.s("report.cover.date"), r.t.date(r.in.Date)})
	}
	r.keyValueList(facts, 130)
	r.pdf.SetY(150)
	for _, p := range m.Overview {
		r.paragraph(p)
	}
}

func (r *report) programmeChapter(ch *model.ProgrammeChapter) {
	r.chapter(ch.Title)
	for _, p := range ch.Paragraphs {
		r.paragraph(p)
	}
	if ch.Bars != nil {
		r.countBars(ch.Bars)
	}
	r.programmeTables(ch.Tables)
}

// programmeTables draws the model's tables: text columns wrap, numeric
// ones align right, cells coloured by their tones.
func (r *report) programmeTables(tables []model.ProgrammeTable) {
	for _, t := range tables {
		cols := make([]column, len(t.Headers))
		for j, h := range t.Headers {
			cols[j] = column{header: h, align: alignLeft, wrap: true}
			if j < len(t.Numeric) && t.Numeric[j] {
				cols[j] = column{header: h, align: alignRight}
			}
		}
		rows := make([]tableRow, len(t.Rows))
		for i, cells := range t.Rows {
			rows[i] = tableRow{cells: cells}
			if i < len(t.Tones) {
				rows[i].tones = make([]tone, len(cells))
				for j, s := range t.Tones[i] {
					switch s {
					case "advantage":
						rows[i].tones[j] = toneAdvantage
					case "shortfall":
						rows[i].tones[j] = toneShortfall
					}
				}
			}
		}
		r.table(t.Caption, cols, rows)
	}
}

// countBars draws a horizontal bar chart of counts: one labelled bar per
// row, an axis of whole numbers below.
func (r *report) countBars(b *model.CountBars) {
	const barH, gapH, labelW = 5.0, 2.0, 45.0
	plotW := contentWidth - labelW - 10
	h := float64(len(b.Labels))*(barH+gapH) + 10
	r.gap(2)
	r.ensureSpace(h + 12)
	r.figureNo++
	y0 := r.pdf.GetY()
	x0 := marginLeft + labelW
	scale := plotW / float64(b.Max)
	r.fontSize(sizeSmall)
	for i, label := range b.Labels {
		y := y0 + float64(i)*(barH+gapH)
		r.textColor(colorText)
		r.put(marginLeft, y, labelW-2, barH, fitText(label, labelW-3, r.width), alignRight)
		r.fillColor(colorShortfall)
		if b.Values[i] > 0 {
			r.pdf.Rect(x0, y, float64(b.Values[i])*scale, barH, "F")
		}
		r.put(x0+float64(b.Values[i])*scale+1, y, 10, barH, strconv.Itoa(b.Values[i]), alignLeft)
	}
	axisY := y0 + float64(len(b.Labels))*(barH+gapH)
	r.drawColor(colorRule)
	r.pdf.SetLineWidth(0.2)
	r.pdf.Line(x0, axisY, x0+plotW, axisY)
	r.textColor(colorMuted)
	for _, t := range b.Ticks {
		x := x0 + float64(t)*scale
		r.pdf.Line(x, axisY, x, axisY+1)
		r.put(x-5, axisY+1.5, 10, 4, strconv.Itoa(t), alignCenter)
	}
	r.pdf.SetY(axisY + 7)
	r.caption(r.t.figureLabel(r.figureNo), b.Caption)
}
