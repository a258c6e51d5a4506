package reports

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

// summaryChapter states the findings in plain words (the model's
// Summary): background, the advantage and shortfall profiles as sentences
// (against the pooled references, then each reference region), and the
// composite ranking.
func (r *report) summaryChapter() {
	r.chapter(r.t.s("report.chapter.summary"))

	r.section(r.t.s("report.section.background"), 2*lineBody)
	if r.design.Description != "" {
		r.paragraph(r.design.Description)
	}
	sum := &r.m.Summary
	r.paragraph(r.say(sum.Purpose))
	r.paragraph(r.say(sum.Headline))

	for _, profile := range []struct {
		title string
		ps    model.ProfileSentences
	}{{r.t.s("report.section.advantages"), sum.Advantages}, {r.t.s("report.section.shortfalls"), sum.Shortfalls}} {
		// The heading keeps its rule and the first group's heading and
		// sentence with it: a heading must not stand alone at a page foot.
		rule := r.say(profile.ps.Rule)
		r.section(profile.title, r.noteHeight(rule)+subheadingHeight+listItemKeep)
		r.note(rule)
		r.profileSentences(profile.ps)
	}

	r.section(r.t.s("report.section.composite"), 30)
	r.paragraph(r.t.s("report.summary.composite_intro"))
	r.compositeTable()
}

// profileSentences writes one group per reference (pooled first, then the
// reference regions in design order), each entry as a list item; a
// reference without entries gets the sentence that says so.
func (r *report) profileSentences(ps model.ProfileSentences) {
	for _, g := range ps.Groups {
		r.subheading(r.say(g.Heading), listItemKeep)
		for _, s := range g.Sentences {
			r.listItem("•", r.say(s.Message))
		}
		if len(g.Sentences) == 0 {
			r.paragraph(r.say(g.None))
		}
	}
}

// compositeTable ranks the regions by composite score; regions without a
// score come last, in design order.
func (r *report) compositeTable() {
	order := make(map[string]int, len(r.design.Regions))
	for i, reg := range r.design.Regions {
		order[reg.Code] = i
	}
	scores := slices.Clone(r.profile.Composite)
	slices.SortStableFunc(scores, func(a, b benchmark.CompositeScore) int {
		switch {
		case a.Rank != nil && b.Rank != nil:
			return cmp.Compare(*a.Rank, *b.Rank)
		case a.Rank != nil:
			return -1
		case b.Rank != nil:
			return 1
		}
		return cmp.Compare(order[a.Region], order[b.Region])
	})
	cols := []column{
		{header: r.t.s("report.column.rank"), align: alignCenter},
		{header: r.t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: r.t.s("report.column.composite"), align: alignRight},
	}
	rows := make([]tableRow, 0, len(scores))
	for _, s := range scores {
		rank := model.Missing
		if s.Rank != nil {
			rank = fmt.Sprint(*s.Rank)
		}
		name := r.regionName(s.Region)
		if s.Region == r.design.FocalRegion {
			name += r.t.s("report.focal_mark")
		}
		rows = append(rows, tableRow{
			cells:     []string{rank, name, model.FormatEffect(s.Score)},
			highlight: s.Region == r.design.FocalRegion,
		})
	}
	r.table(r.t.s("report.caption.composite"), cols, rows)
}
