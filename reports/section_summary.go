package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

// summaryChapter states the findings in plain words: background, the
// advantage and shortfall profiles as sentences (against the pooled
// references, then each reference region), and the composite ranking.
func (r *report) summaryChapter() {
	r.chapter(r.t.s("report.chapter.summary"))

	r.section(r.t.s("report.section.background"), 2*lineBody)
	if r.design.Description != "" {
		r.paragraph(r.design.Description)
	}
	refs := make([]string, 0, len(r.design.Regions))
	for _, code := range r.referenceCodes() {
		refs = append(refs, r.regionName(code))
	}
	labName := model.Missing
	if lab := r.design.Lab; lab != nil {
		labName = r.t.name(lab.Name, lab.NameEn)
	}
	r.paragraph(r.t.s("report.summary.purpose", r.focalProduct(), r.t.joinList(refs),
		len(r.design.Samples), len(r.design.Indicators), len(r.in.Results), labName, r.focalProduct()))
	r.paragraph(r.t.headline(r.focalProduct(),
		countReference(r.profile.Advantages, benchmark.PooledReference),
		countReference(r.profile.Shortfalls, benchmark.PooledReference),
		len(r.profile.Indicators)))

	r.section(r.t.s("report.section.advantages"), 3*lineBody)
	r.note(r.t.s("report.summary.advantage_rule"))
	r.profileSentences(r.profile.Advantages, r.t.s("report.summary.no_advantages"))

	r.section(r.t.s("report.section.shortfalls"), 3*lineBody)
	r.note(r.t.s("report.summary.shortfall_rule"))
	r.profileSentences(r.profile.Shortfalls, r.t.s("report.summary.no_shortfalls"))

	r.section(r.t.s("report.section.composite"), 30)
	r.paragraph(r.t.s("report.summary.composite_intro"))
	r.compositeTable()
}

// profileSentences writes one group per reference (pooled first, then the
// reference regions in design order, as the profile lists them), each
// entry as a sentence; none says so when a reference has no entry.
func (r *report) profileSentences(entries []benchmark.ProfileEntry, none string) {
	for _, ref := range append([]string{benchmark.PooledReference}, r.referenceCodes()...) {
		r.subheading(r.t.s("report.summary.versus", r.referenceName(ref)), lineBody)
		found := false
		for _, e := range entries {
			if e.Reference == ref {
				r.listItem("•", r.entrySentence(e))
				found = true
			}
		}
		if !found {
			r.paragraph(none)
		}
	}
}

// entrySentence says one profile entry in words, e.g. "巴中绿茶的硒显著
// 高于参比产区合并样本（+45.2%，q < 0.001）。" An entry is there for its
// verdict, its compliance, or both.
func (r *report) entrySentence(e benchmark.ProfileEntry) string {
	t := r.t
	ind := r.design.Indicator(e.Indicator)
	name := r.indicatorName(e.Indicator)
	ref := r.referenceName(e.Reference)
	rates := r.complianceRates(e.Indicator, e.Reference)

	if e.Verdict != benchmark.VerdictAdvantage && e.Verdict != benchmark.VerdictShortfall {
		return t.s("report.summary.compliance", r.focalProduct(), name, ref, rates) + t.s("report.full_stop")
	}
	isRange := ind.Direction == benchmark.DirectionRange
	var stats []string
	if e.RelDiff != nil {
		rel := model.FormatPercent(e.RelDiff)
		if isRange {
			rel = t.s("report.summary.distance") + " " + rel
		}
		stats = append(stats, rel)
	}
	stats = append(stats, unbreakable("q "+model.FormatPRelation(e.Q)))
	phrase := t.effectPhrase(ind.Direction, e.Verdict == benchmark.VerdictAdvantage, ref)
	s := t.s("report.summary.effect", r.focalProduct(), name, phrase, strings.Join(stats, t.s("report.clause_sep")))
	if e.Compliance == benchmark.VerdictShortfall {
		s += t.s("report.summary.also_less_compliant", rates)
	}
	return s + t.s("report.full_stop")
}

// complianceRates is "4/6 对 6/6" or "4/6 vs 6/6 samples": compliant
// samples of the focal region and of the reference.
func (r *report) complianceRates(indicator, reference string) string {
	ip := r.profiles[indicator]
	if ip == nil {
		return model.Missing
	}
	ref := ip.Pooled
	if reference != benchmark.PooledReference {
		ref = ip.Regions[reference]
	}
	return r.t.s("report.summary.rates", compliantOf(ip.Regions[r.design.FocalRegion]), compliantOf(ref))
}

// compliantOf is "compliant/n", or missing when the indicator has no limit.
func compliantOf(s benchmark.Summary) string {
	if s.Compliant == nil {
		return model.Missing
	}
	return fmt.Sprintf("%d/%d", *s.Compliant, s.N)
}

func countReference(entries []benchmark.ProfileEntry, ref string) int {
	n := 0
	for _, e := range entries {
		if e.Reference == ref {
			n++
		}
	}
	return n
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
