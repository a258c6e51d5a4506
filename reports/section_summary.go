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
	r.chapter(r.t.chSummary)

	r.section(r.t.secBackground, 2*lineBody)
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
	r.paragraph(r.t.purpose(purposeFacts{
		focalProduct: r.focalProduct(),
		references:   r.t.joinList(refs),
		samples:      len(r.design.Samples),
		indicators:   len(r.design.Indicators),
		results:      len(r.in.Results),
		lab:          labName,
	}))
	r.paragraph(r.t.headline(r.focalProduct(),
		countReference(r.profile.Advantages, benchmark.PooledReference),
		countReference(r.profile.Shortfalls, benchmark.PooledReference),
		len(r.profile.Indicators)))

	r.section(r.t.secAdvantages, 3*lineBody)
	r.note(r.t.advantageRule)
	r.profileSentences(r.profile.Advantages, r.t.noAdvantages)

	r.section(r.t.secShortfalls, 3*lineBody)
	r.note(r.t.shortfallRule)
	r.profileSentences(r.profile.Shortfalls, r.t.noShortfalls)

	r.section(r.t.secComposite, 30)
	r.paragraph(r.t.compositeIntro)
	r.compositeTable()
}

// profileSentences writes one group per reference (pooled first, then the
// reference regions in design order, as the profile lists them), each
// entry as a sentence; none says so when a reference has no entry.
func (r *report) profileSentences(entries []benchmark.ProfileEntry, none string) {
	for _, ref := range append([]string{benchmark.PooledReference}, r.referenceCodes()...) {
		r.subheading(r.t.versus(r.referenceName(ref)), lineBody)
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
		return t.complianceSentence(r.focalProduct(), name, ref, rates) + t.fullStop
	}
	isRange := ind.Direction == benchmark.DirectionRange
	var stats []string
	if e.RelDiff != nil {
		rel := model.FormatPercent(e.RelDiff)
		if isRange {
			rel = t.distance + " " + rel
		}
		stats = append(stats, rel)
	}
	stats = append(stats, unbreakable("q "+model.FormatPRelation(e.Q)))
	phrase := t.effectPhrase(ind.Direction, e.Verdict == benchmark.VerdictAdvantage, ref)
	s := t.effectSentence(r.focalProduct(), name, phrase, strings.Join(stats, t.clauseSep))
	if e.Compliance == benchmark.VerdictShortfall {
		s += t.alsoLessCompliant(rates)
	}
	return s + t.fullStop
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
	return r.t.rates(compliantOf(ip.Regions[r.design.FocalRegion]), compliantOf(ref))
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
		{header: r.t.colRank, align: alignCenter},
		{header: r.t.colRegion, align: alignLeft, wrap: true},
		{header: r.t.colComposite, align: alignRight},
	}
	rows := make([]tableRow, 0, len(scores))
	for _, s := range scores {
		rank := model.Missing
		if s.Rank != nil {
			rank = fmt.Sprint(*s.Rank)
		}
		name := r.regionName(s.Region)
		if s.Region == r.design.FocalRegion {
			name += r.t.focalMark
		}
		rows = append(rows, tableRow{
			cells:     []string{rank, name, model.FormatEffect(s.Score)},
			highlight: s.Region == r.design.FocalRegion,
		})
	}
	r.table(r.t.captionComposite, cols, rows)
}
