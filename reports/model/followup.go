package model

import (
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// This file is the model of a study report's follow-up chapter: the study
// against its previous round (METHOD.md §7), in plain words — which
// shortfalls closed, persisted or are new, how the focal region itself
// changed per indicator, and a chart of before and after.

// FollowUpInput is the previous round of a study, for its report.
type FollowUpInput struct {
	// Report is the follow-up of the study by the previous round.
	Report *benchmark.FollowUpReport
	// Previous and PreviousProfile are the previous round's design and
	// profile (its focal region's summaries are the "before").
	Previous        *benchmark.Design
	PreviousProfile *benchmark.Profile
}

// FollowUpChapter is the chapter, worded in one language.
type FollowUpChapter struct {
	Title string
	// Paragraphs say, in plain words, what became of the shortfalls and
	// how the focal region changed.
	Paragraphs []string
	Table      ProgrammeTable
	// Chart shows the focal region's mean (median when a mean is not
	// defined) before and after, per comparable indicator.
	Chart BeforeAfter
	// Note names the indicators that cannot be compared.
	Note string
}

// BeforeAfter is a chart of pairs of values, one row per indicator, each
// row on its own scale (0 to the larger of the two values): indicators of
// different units side by side.
type BeforeAfter struct {
	Caption     string
	BeforeLabel string
	AfterLabel  string
	Rows        []BeforeAfterRow
}

// BeforeAfterRow is one indicator: its values before and after (as
// printed and as numbers) and the change ("improved", "worsened", …).
type BeforeAfterRow struct {
	Label                 string
	Before, After         float64
	BeforeText, AfterText string
	Change                string
}

// NewFollowUp words the follow-up chapter of the study (design, profile)
// in lang.
func NewFollowUp(in FollowUpInput, design *benchmark.Design, profile *benchmark.Profile, lang i18n.Lang) *FollowUpChapter {
	p := i18n.For(lang)
	f := in.Report
	name := func(code string) string {
		if ind := design.Indicator(code); ind != nil {
			if lang == i18n.EN && ind.NameEn != "" {
				return ind.NameEn
			}
			return ind.Name
		}
		return code
	}
	round := in.Previous.Round
	if round == "" {
		round = in.Previous.Code
	}
	ch := &FollowUpChapter{Title: p.Sprintf("programmes.followup.title")}
	var closed, persisting, fresh, improved, worsened, notComparable []string
	for _, fi := range f.Indicators {
		if !fi.Comparable {
			notComparable = append(notComparable, name(fi.Code))
			continue
		}
		switch fi.References[0].ShortfallStatus { // pooled first
		case benchmark.StatusClosed:
			closed = append(closed, name(fi.Code))
		case benchmark.StatusPersisting:
			persisting = append(persisting, name(fi.Code))
		case benchmark.StatusNew:
			fresh = append(fresh, name(fi.Code))
		}
		switch fi.Change.Change {
		case benchmark.ChangeImproved:
			improved = append(improved, name(fi.Code))
		case benchmark.ChangeWorsened:
			worsened = append(worsened, name(fi.Code))
		}
	}
	list := func(names []string) string {
		if len(names) == 0 {
			return p.Sprintf("programmes.followup.none")
		}
		return strings.Join(names, p.Sprintf("programmes.followup.list_sep"))
	}
	ch.Paragraphs = append(ch.Paragraphs,
		p.Sprintf("programmes.followup.intro", in.Previous.Code, round),
		p.Sprintf("programmes.followup.shortfalls", len(closed), list(closed), len(persisting), list(persisting), len(fresh), list(fresh)),
		p.Sprintf("programmes.followup.change", len(improved), list(improved), len(worsened), list(worsened)))
	if len(notComparable) > 0 {
		ch.Note = p.Sprintf("programmes.followup.not_comparable", list(notComparable))
	}

	ch.Table = ProgrammeTable{Caption: p.Sprintf("programmes.followup.table_caption"),
		Headers: []string{p.Sprintf("programmes.followup.column.indicator"), p.Sprintf("programmes.followup.column.before"),
			p.Sprintf("programmes.followup.column.now"), p.Sprintf("programmes.followup.column.shortfall"),
			p.Sprintf("programmes.followup.column.change"), "q"},
		Numeric: []bool{false, true, true, false, false, true}}
	ch.Chart = BeforeAfter{Caption: p.Sprintf("programmes.followup.chart_caption"),
		BeforeLabel: p.Sprintf("programmes.followup.before", round), AfterLabel: p.Sprintf("programmes.followup.after")}
	for _, fi := range f.Indicators {
		if !fi.Comparable {
			continue
		}
		ind := design.Indicator(fi.Code)
		decimals := benchmark.DefaultDecimals
		if ind != nil {
			decimals = ind.DecimalsOrDefault()
		}
		before, after, bound, ok := focalLevels(in.PreviousProfile, profile, fi.Code)
		beforeOK, afterOK := ok, ok
		beforeText, afterText := Missing, Missing
		if ok {
			beforeText, afterText = Fixed(before, decimals), Fixed(after, decimals)
			if bound {
				beforeText, afterText = "≤ "+beforeText, "≤ "+afterText
			}
		}
		status := fi.References[0].ShortfallStatus
		tone := ""
		switch status {
		case benchmark.StatusClosed:
			tone = "advantage"
		case benchmark.StatusPersisting, benchmark.StatusNew:
			tone = "shortfall"
		}
		changeTone := ""
		switch fi.Change.Change {
		case benchmark.ChangeImproved:
			changeTone = "advantage"
		case benchmark.ChangeWorsened:
			changeTone = "shortfall"
		}
		ch.Table.Rows = append(ch.Table.Rows, []string{name(fi.Code), beforeText, afterText,
			p.Sprintf("programmes.followup.status." + status), p.Sprintf("programmes.followup.change." + fi.Change.Change),
			FormatP(fi.Change.Q)})
		ch.Table.Tones = append(ch.Table.Tones, []string{"", "", "", tone, changeTone, ""})
		if beforeOK && afterOK {
			ch.Chart.Rows = append(ch.Chart.Rows, BeforeAfterRow{Label: name(fi.Code), Before: before, After: after,
				BeforeText: beforeText, AfterText: afterText, Change: fi.Change.Change})
		}
	}
	return ch
}

// focalLevels are the focal region's means of an indicator before and
// after; when either round has non-detects (no mean, §2), the means of
// the upper-bound values of both, marked bound. ok is false when the
// indicator has no focal samples in a round.
func focalLevels(before, after *benchmark.Profile, code string) (b, a float64, bound, ok bool) {
	sb, okB := focalSummary(before, code)
	sa, okA := focalSummary(after, code)
	switch {
	case !okB || !okA:
		return 0, 0, false, false
	case sb.Mean != nil && sa.Mean != nil:
		return *sb.Mean, *sa.Mean, false, true
	case sb.MeanUB != nil && sa.MeanUB != nil:
		return *sb.MeanUB, *sa.MeanUB, true, true
	}
	return 0, 0, false, false
}

func focalSummary(p *benchmark.Profile, code string) (benchmark.Summary, bool) {
	if p == nil {
		return benchmark.Summary{}, false
	}
	for _, ip := range p.Indicators {
		if ip.Code == code {
			s, ok := ip.Regions[p.FocalRegion]
			return s, ok && s.N > 0
		}
	}
	return benchmark.Summary{}, false
}
