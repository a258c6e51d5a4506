package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qbench/qbench/internal/i18n"
)

// This file is the model of a programme's summary report (总报告): the
// studies of the programme, the shortfall matrix, the shortfall register
// and the follow-up of each product's rounds, worded in one language.

// ProgrammeInput is what a programme report is made of (internal/study
// fills it from the dashboard and the register).
type ProgrammeInput struct {
	Code, Title, TitleEn, Description string
	Studies                           []ProgrammeStudy
	// Categories are the matrix's columns; every MatrixRow has one count
	// per category.
	Categories []string
	Matrix     []MatrixRow
	Register   []RegisterEntry
	FollowUps  []ProductFollowUp
}

// ProgrammeStudy is one study of the programme. Nil counts: no profile.
type ProgrammeStudy struct {
	Code, Title, Product, ProductEn, Industry, Round, State, FocalRegion string
	Advantages, Shortfalls, Violations, Rank                             *int
	Regions                                                              int
}

// MatrixRow is one product's shortfalls per category in its latest round.
type MatrixRow struct {
	Product, ProductEn, Study, Round string
	Counts                           []int
	Total                            int
}

// RegisterEntry is one line of the shortfall register.
type RegisterEntry struct {
	Product, ProductEn, Indicator, IndicatorName, IndicatorNameEn, Appeared, Study, Status, Cause string
	Later                                                                                         []RegisterRound
}

// RegisterRound is a register entry's status in a later round.
type RegisterRound struct{ Round, Study, Status string }

// ProductFollowUp is one product's rounds against their predecessors.
type ProductFollowUp struct {
	Product, ProductEn, FocalRegion string
	Rounds                          []RoundFollowUp
}

// RoundFollowUp is the summary of one round against its predecessor.
type RoundFollowUp struct {
	Study, Round, Predecessor, PredecessorRound string
	Closed, Persisting, New, Improved, Worsened int
}

// Programme is the model of a programme report in one language: worded
// text and tables, ready for the page.
type Programme struct {
	Lang     i18n.Lang
	Title    string
	Subtitle string
	Kind     string
	// Overview is the first chapter's narrative.
	Overview []string
	Chapters []ProgrammeChapter
}

// ProgrammeChapter is a chapter: paragraphs, then tables.
type ProgrammeChapter struct {
	Title      string
	Paragraphs []string
	Tables     []ProgrammeTable
	// Bars, when set, is a bar chart of one number per row (the matrix's
	// totals per product).
	Bars *CountBars
}

// ProgrammeTable is a captioned table of text cells; Numeric marks columns that
// are right-aligned.
type ProgrammeTable struct {
	Caption string
	Headers []string
	Numeric []bool
	Rows    [][]string
	// Tones marks cells: "shortfall", "advantage" or "" per cell (nil: none).
	Tones [][]string
}

// CountBars is a horizontal bar chart of counts, one bar per label, in
// data coordinates (the axis runs from 0 to Max).
type CountBars struct {
	Caption string
	Labels  []string
	Values  []int
	Max     int
	Ticks   []int
}

// NewProgramme builds the programme report's model in lang.
func NewProgramme(in ProgrammeInput, lang i18n.Lang) *Programme {
	p := i18n.For(lang)
	name := func(zh, en string) string {
		if lang == i18n.EN && en != "" {
			return en
		}
		return zh
	}
	m := &Programme{Lang: lang, Title: name(in.Title, in.TitleEn), Subtitle: in.Code,
		Kind: p.Sprintf("programmes.report.kind")}
	if in.Description != "" {
		m.Overview = append(m.Overview, in.Description)
	}
	products := map[string]bool{}
	for _, st := range in.Studies {
		products[st.Product] = true
	}
	shortfalls := 0 // in each product's latest round
	for _, r := range in.Matrix {
		shortfalls += r.Total
	}
	m.Overview = append(m.Overview, p.Sprintf("programmes.report.overview", len(in.Studies), len(products)))
	open, persisting, closed := 0, 0, 0
	for _, e := range in.Register {
		switch e.Status {
		case "open":
			open++
		case "persisting":
			persisting++
		case "closed":
			closed++
		}
	}
	if len(in.Register) > 0 {
		m.Overview = append(m.Overview, p.Sprintf("programmes.report.register_summary", len(in.Register), open, persisting, closed))
	}

	// The studies.
	studies := ProgrammeTable{Caption: p.Sprintf("programmes.report.studies_caption"),
		Headers: columnHeaders(p, "code", "product", "industry", "round", "state", "focal_region", "advantages", "shortfalls", "violations", "rank"),
		Numeric: []bool{false, false, false, false, false, false, true, true, true, true}}
	for _, st := range in.Studies {
		studies.Rows = append(studies.Rows, []string{st.Code, name(st.Product, st.ProductEn), st.Industry, st.Round,
			p.Sprintf("programmes.report.state." + st.State), st.FocalRegion,
			optionalCount(st.Advantages), optionalCount(st.Shortfalls), optionalCount(st.Violations), optionalCount(st.Rank)})
	}
	m.Chapters = append(m.Chapters, ProgrammeChapter{Title: p.Sprintf("programmes.report.chapter.studies"),
		Paragraphs: []string{p.Sprintf("programmes.report.studies_note")}, Tables: []ProgrammeTable{studies}})

	// The matrix, as a table and as bars of the totals.
	matrix := ProgrammeTable{Caption: p.Sprintf("programmes.report.matrix_caption"),
		Headers: append(append([]string{p.Sprintf("programmes.report.column.product"), p.Sprintf("programmes.report.column.round")},
			categoryHeaders(p, in.Categories)...), p.Sprintf("programmes.report.column.total"))}
	matrix.Numeric = make([]bool, len(matrix.Headers))
	for j := 2; j < len(matrix.Numeric); j++ {
		matrix.Numeric[j] = true
	}
	bars := &CountBars{Caption: p.Sprintf("programmes.report.matrix_chart")}
	for _, r := range in.Matrix {
		row := []string{name(r.Product, r.ProductEn), r.Round}
		for _, n := range r.Counts {
			row = append(row, strconv.Itoa(n))
		}
		matrix.Rows = append(matrix.Rows, append(row, strconv.Itoa(r.Total)))
		bars.Labels = append(bars.Labels, name(r.Product, r.ProductEn))
		bars.Values = append(bars.Values, r.Total)
		bars.Max = max(bars.Max, r.Total)
	}
	bars.Max, bars.Ticks = countAxis(bars.Max)
	ch := ProgrammeChapter{Title: p.Sprintf("programmes.report.chapter.matrix"),
		Paragraphs: []string{p.Sprintf("programmes.report.matrix_note", shortfalls)}, Tables: []ProgrammeTable{matrix}}
	if len(in.Matrix) > 0 {
		ch.Bars = bars
	}
	m.Chapters = append(m.Chapters, ch)

	// The register.
	reg := ProgrammeTable{Caption: p.Sprintf("programmes.report.register_caption"),
		Headers: []string{p.Sprintf("programmes.register.column.product"), p.Sprintf("programmes.register.column.indicator_name"),
			p.Sprintf("programmes.register.column.appeared"), p.Sprintf("programmes.register.column.later"),
			p.Sprintf("programmes.register.column.status"), p.Sprintf("programmes.register.column.cause")},
		Numeric: make([]bool, 6)}
	for _, e := range in.Register {
		later := make([]string, len(e.Later))
		for i, l := range e.Later {
			later[i] = p.Sprintf("programmes.register.later", l.Round, l.Study, p.Sprintf("programmes.register.status."+l.Status))
		}
		ind := name(e.IndicatorName, e.IndicatorNameEn)
		if ind == "" {
			ind = e.Indicator
		}
		tone := ""
		switch e.Status {
		case "closed":
			tone = "advantage"
		case "open", "persisting":
			tone = "shortfall"
		}
		reg.Rows = append(reg.Rows, []string{name(e.Product, e.ProductEn), ind, e.Appeared, strings.Join(later, p.Sprintf("programmes.register.separator")),
			p.Sprintf("programmes.register.status." + e.Status), e.Cause})
		reg.Tones = append(reg.Tones, []string{"", "", "", "", tone, ""})
	}
	regCh := ProgrammeChapter{Title: p.Sprintf("programmes.report.chapter.register")}
	if len(in.Register) == 0 {
		regCh.Paragraphs = []string{p.Sprintf("programmes.report.register_empty")}
	} else {
		regCh.Paragraphs = []string{p.Sprintf("programmes.report.register_note")}
		regCh.Tables = []ProgrammeTable{reg}
	}
	m.Chapters = append(m.Chapters, regCh)

	// Follow-up per product.
	fu := ProgrammeTable{Caption: p.Sprintf("programmes.report.followup_caption"),
		Headers: columnHeaders(p, "product", "round", "predecessor", "closed", "persisting", "new", "improved", "worsened"),
		Numeric: []bool{false, false, false, true, true, true, true, true}}
	for _, pf := range in.FollowUps {
		for _, r := range pf.Rounds {
			fu.Rows = append(fu.Rows, []string{name(pf.Product, pf.ProductEn), r.Round, fmt.Sprintf("%s (%s)", r.PredecessorRound, r.Predecessor),
				strconv.Itoa(r.Closed), strconv.Itoa(r.Persisting), strconv.Itoa(r.New), strconv.Itoa(r.Improved), strconv.Itoa(r.Worsened)})
			fu.Tones = append(fu.Tones, []string{"", "", "", "advantage", "shortfall", "shortfall", "advantage", "shortfall"})
		}
	}
	fuCh := ProgrammeChapter{Title: p.Sprintf("programmes.report.chapter.followup")}
	if len(fu.Rows) == 0 {
		fuCh.Paragraphs = []string{p.Sprintf("programmes.report.followup_empty")}
	} else {
		fuCh.Paragraphs = []string{p.Sprintf("programmes.report.followup_note")}
		fuCh.Tables = []ProgrammeTable{fu}
	}
	m.Chapters = append(m.Chapters, fuCh)
	return m
}

// columnHeaders words column headers programmes.report.column.<name>.
func columnHeaders(p *i18n.Printer, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p.Sprintf("programmes.report.column." + n)
	}
	return out
}

func categoryHeaders(p *i18n.Printer, cats []string) []string {
	out := make([]string, len(cats))
	for i, c := range cats {
		if c == "" {
			c = p.Sprintf("programmes.report.no_category")
		}
		out[i] = c
	}
	return out
}

// optionalCount prints an optional count; "—" when there is none.
func optionalCount(n *int) string {
	if n == nil {
		return "—"
	}
	return strconv.Itoa(*n)
}

// countAxis is an axis for counts up to n: whole-number ticks, at most
// six, the end a multiple of the step (at least 1).
func countAxis(n int) (end int, ticks []int) {
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = s
		if (n+s-1)/s <= 5 {
			break
		}
	}
	end = max(1, (n+step-1)/step) * step
	for t := 0; t <= end; t += step {
		ticks = append(ticks, t)
	}
	return end, ticks
}
