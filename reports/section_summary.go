package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

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
	sum := &r.m.Summary
	if r.m.OneSamplePerRegion {
		// Said first: nothing below is a comparison.
		r.paragraph(r.say(sum.Headline))
	}
	// The design's description is Chinese; the English report does not
	// print it rather than mix languages.
	if r.design.Description != "" && !r.t.english {
		r.paragraph(r.design.Description)
	}
	r.paragraph(r.say(sum.Purpose))
	if !r.m.OneSamplePerRegion {
		r.paragraph(r.say(sum.Headline))
	}
	r.violationsSection()
	r.claimsSection()
	if r.m.OneSamplePerRegion {
		return
	}

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

	r.section(r.t.s("report.section.composite"), 3*lineBody+tableKeep(len(r.profile.Composite)))
	r.paragraph(r.t.s("report.summary.composite_intro"))
	if !slices.ContainsFunc(r.profile.Composite, func(c benchmark.CompositeScore) bool { return c.Score != nil }) {
		// Nothing to rank: say why rather than print a table of dashes.
		r.paragraph(r.t.s("report.summary.no_composite"))
		return
	}
	r.compositeTable()
}

// violationsSection is the 不合格样品 table: every sample that breaks a
// limit, with its enterprise, the value, the limit and its standard.
func (r *report) violationsSection() {
	t := r.t
	r.section(t.s("report.section.violations"), lineBody+tableKeep(min(len(r.m.Violations), maxViolationRows)))
	if len(r.m.Violations) == 0 {
		r.paragraph(t.s("report.summary.no_violations"))
		return
	}
	if len(r.m.Violations) > maxViolationRows {
		r.violationCounts()
		return
	}
	r.paragraph(t.s("report.summary.violations_intro"))
	cols := []column{
		{header: t.s("report.column.sample"), align: alignLeft},
		{header: t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: t.s("report.column.enterprise"), align: alignLeft, wrap: true},
		{header: t.s("report.column.grade"), align: alignLeft, wrap: true},
		{header: t.s("report.column.indicator"), align: alignLeft, wrap: true},
		{header: t.s("report.column.measured"), align: alignRight, wrap: true},
		{header: t.s("report.column.limit"), align: alignRight},
		{header: t.s("report.column.standard"), align: alignLeft, wrap: true},
	}
	rows := make([]tableRow, 0, len(r.m.Violations))
	for _, v := range r.m.Violations {
		rows = append(rows, tableRow{
			cells: []string{v.Sample, v.Region, r.orNotStated(v.Enterprise), r.gradeText(v.Grade), v.IndicatorName,
				v.Value, v.Limit, v.Standard},
			tones: []tone{toneNormal, toneNormal, toneNormal, toneNormal, toneNormal, toneShortfall, toneNormal, toneNormal},
		})
	}
	r.table(t.s("report.caption.violations"), cols, rows)
}

// maxViolationRows is the longest 不合格样品 table the summary prints; a
// larger study gets the counts per indicator, and every sample's results
// are in the data annex.
const maxViolationRows = 40

// violationCounts counts the non-compliant samples per indicator.
func (r *report) violationCounts() {
	t := r.t
	r.paragraph(t.s("report.summary.violations_many", len(r.m.Violations)))
	r.dataAnnexNote()
	type count struct {
		name, limit, standard string
		n                     int
		regions               map[string]bool
	}
	var order []string
	counts := map[string]*count{}
	for _, v := range r.m.Violations {
		c := counts[v.Indicator]
		if c == nil {
			c = &count{name: v.IndicatorName, standard: v.Standard, regions: map[string]bool{}}
			counts[v.Indicator] = c
			order = append(order, v.Indicator)
		}
		c.n++
		c.regions[v.Region] = true
		if !strings.Contains(c.limit, v.Limit) {
			if c.limit != "" {
				c.limit += t.s("report.list_sep")
			}
			c.limit += v.Limit
		}
	}
	cols := []column{
		{header: t.s("report.column.indicator"), align: alignLeft, wrap: true},
		{header: t.s("report.column.violations"), align: alignRight},
		{header: t.s("report.column.regions"), align: alignRight},
		{header: t.s("report.column.limit"), align: alignRight},
		{header: t.s("report.column.standard"), align: alignLeft, wrap: true},
	}
	rows := make([]tableRow, 0, len(order))
	for _, code := range order {
		c := counts[code]
		rows = append(rows, tableRow{cells: []string{c.name, fmt.Sprint(c.n), fmt.Sprint(len(c.regions)), c.limit, c.standard},
			tones: []tone{toneNormal, toneShortfall}})
	}
	r.table(t.s("report.caption.violation_counts"), cols, rows)
}

// claimsSection gives, per claim (富硒), the rate of samples meeting it
// in every region, with the threshold and its standard.
func (r *report) claimsSection() {
	t := r.t
	for i, c := range r.m.Claims {
		if i == 0 {
			r.section(t.s("report.section.claims"), 2*lineBody+tableKeep(len(c.Rows)))
		}
		r.paragraph(t.s("report.summary.claims_intro", c.Claim))
		cols := []column{
			{header: t.s("report.column.region"), align: alignLeft, wrap: true},
			{header: t.s("report.column.n"), align: alignRight},
			{header: t.s("report.column.claim_rate", c.Label), align: alignRight},
		}
		rows := make([]tableRow, 0, len(c.Rows))
		for _, cr := range c.Rows {
			rows = append(rows, tableRow{cells: []string{cr.Label, fmt.Sprint(cr.N), cr.Rate}, highlight: cr.Focal})
		}
		r.table(t.s("report.caption.claims", c.Label), cols, rows)
	}
}

// profileSentences writes one group per reference (pooled first, then the
// reference regions in design order), each entry as a list item; a
// reference without entries gets the sentence that says so.
func (r *report) profileSentences(ps model.ProfileSentences) {
	total := 0
	for _, g := range ps.Groups {
		total += len(g.Sentences)
	}
	if total > maxSentences {
		r.profileCounts(ps)
		return
	}
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

// maxSentences is the most profile sentences the summary prints; a
// larger study gets the sentences against the pooled references and a
// count per reference region.
const maxSentences = 60

// maxPooledSentences is the most sentences against the pooled references
// a large study's summary prints.
const maxPooledSentences = 15

// profileCounts words the pooled group and counts the entries of every
// reference region.
func (r *report) profileCounts(ps model.ProfileSentences) {
	t := r.t
	cols := []column{
		{header: t.s("report.column.reference"), align: alignLeft, wrap: true},
		{header: t.s("report.column.entries"), align: alignRight},
		{header: t.s("report.column.indicator"), align: alignLeft, wrap: true},
	}
	var rows []tableRow
	for i, g := range ps.Groups {
		if i == 0 {
			// The entries come largest effect first: the first ones are
			// the ones that matter; the rest are counted.
			r.subheading(r.say(g.Heading), listItemKeep)
			for _, s := range g.Sentences[:min(len(g.Sentences), maxPooledSentences)] {
				r.listItem("•", r.say(s.Message))
			}
			if n := len(g.Sentences) - maxPooledSentences; n > 0 {
				r.paragraph(t.s("report.summary.more_entries", maxPooledSentences, n))
			}
			if len(g.Sentences) == 0 {
				r.paragraph(r.say(g.None))
			}
			continue
		}
		names := make([]string, 0, len(g.Sentences))
		for _, s := range g.Sentences {
			names = append(names, r.indicatorName(s.Indicator))
		}
		rows = append(rows, tableRow{cells: []string{r.regionName(g.Reference), fmt.Sprint(len(g.Sentences)),
			strings.Join(names, t.s("report.list_sep"))}})
	}
	if len(rows) > 0 {
		r.table(t.s("report.caption.profile_counts"), cols, rows)
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
