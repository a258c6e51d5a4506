package model

import (
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// Summary is the narrative of the summary chapter: the background, the
// headline and the advantage and shortfall profiles as sentences.
type Summary struct {
	// Purpose is the opening paragraph (after the design's description).
	Purpose i18n.Message
	// Headline counts the advantages and shortfalls against the pooled
	// references.
	Headline   i18n.Message
	Advantages ProfileSentences
	Shortfalls ProfileSentences
}

// ProfileSentences are one profile in words: a rule that explains it and
// one group per reference.
type ProfileSentences struct {
	Rule   i18n.Message
	Groups []SentenceGroup
}

// SentenceGroup is one reference's entries: the pooled references first,
// then the reference regions in design order.
type SentenceGroup struct {
	Reference string
	Heading   i18n.Message // "与雅安相比"
	Sentences []Sentence
	// None is said when the reference has no entry.
	None i18n.Message
}

// Sentence is one profile entry in words, e.g. "巴中绿茶的硒显著高于参比产区
// 合并样本（+45.2%，q < 0.001）。" An entry is there for its verdict, its
// compliance, or both.
type Sentence struct {
	Indicator, Reference string
	Verdict, Compliance  string
	Message              i18n.Message
}

func (m *Report) summary() Summary {
	d, p := m.in.Design, m.in.Profile
	refs := d.References()
	names := make([]string, 0, len(refs))
	for _, code := range refs {
		names = append(names, m.RegionName(code))
	}
	lab := Missing
	if d.Lab != nil {
		lab = m.Name(d.Lab.Name, d.Lab.NameEn)
	}
	s := Summary{
		Purpose: i18n.M("report.summary.purpose", m.FocalProduct(), m.JoinList(names),
			len(d.Samples), len(d.Indicators), len(m.in.Results), lab, m.FocalProduct()),
	}
	adv := countReference(p.Advantages, benchmark.PooledReference)
	short := countReference(p.Shortfalls, benchmark.PooledReference)
	switch {
	case m.OneSamplePerRegion:
		s.Headline = i18n.M("report.summary.one_sample", m.FocalProduct())
	case adv == 0 && short == 0:
		s.Headline = i18n.M("report.summary.headline_none", m.FocalProduct(), len(p.Indicators))
	default:
		s.Headline = i18n.M("report.summary.headline", m.FocalProduct(), len(p.Indicators),
			m.p.Plural("report.summary.n_advantages", adv), m.p.Plural("report.summary.n_shortfalls", short))
	}
	s.Advantages = m.profileSentences(p.Advantages, "report.summary.advantage_rule", "report.summary.no_advantages")
	s.Shortfalls = m.profileSentences(p.Shortfalls, "report.summary.shortfall_rule", "report.summary.no_shortfalls")
	return s
}

func (m *Report) profileSentences(entries []benchmark.ProfileEntry, rule, none string) ProfileSentences {
	ps := ProfileSentences{Rule: i18n.M(rule)}
	for _, ref := range append([]string{benchmark.PooledReference}, m.in.Design.References()...) {
		g := SentenceGroup{Reference: ref, Heading: i18n.M("report.summary.versus", m.referenceInText(ref)), None: i18n.M(none)}
		for _, e := range entries {
			if e.Reference == ref {
				g.Sentences = append(g.Sentences, m.entrySentence(e))
			}
		}
		ps.Groups = append(ps.Groups, g)
	}
	return ps
}

// referenceInText names a reference in running text ("the pooled
// reference regions" rather than the table label).
func (m *Report) referenceInText(code string) any {
	if code == benchmark.PooledReference {
		return i18n.M("report.pooled_in_text")
	}
	return m.RegionName(code)
}

func (m *Report) entrySentence(e benchmark.ProfileEntry) Sentence {
	s := Sentence{Indicator: e.Indicator, Reference: e.Reference, Verdict: e.Verdict, Compliance: e.Compliance}
	ind := m.in.Design.Indicator(e.Indicator)
	name := m.Quantity(e.Indicator)
	ref := m.referenceInText(e.Reference)
	rates := m.complianceRates(e.Indicator, e.Reference)

	if e.Verdict != benchmark.VerdictAdvantage && e.Verdict != benchmark.VerdictShortfall {
		s.Message = i18n.M("report.summary.sentence", i18n.M("report.summary.compliance", m.FocalProduct(), m.IndicatorName(e.Indicator), ref, rates), "")
		return s
	}
	// The figure in brackets is one a reader can check in the tables: the
	// relative difference of means, or for a residue the detection rates.
	// Test statistics are in the appendix.
	var figure string
	switch {
	case e.RelDiff != nil:
		figure = FormatPercent(e.RelDiff)
		if ind.Direction == benchmark.DirectionRange {
			figure = m.p.Sprintf("report.summary.distance") + " " + figure
		}
	case m.Censored(e.Indicator):
		figure = m.p.Sprintf("report.summary.detection_rates",
			m.DetectionRate(m.detection(e.Indicator, m.in.Design.FocalRegion)),
			m.DetectionRate(m.detection(e.Indicator, e.Reference)))
	}
	phrase := m.effectPhrase(ind.Direction, e.Verdict == benchmark.VerdictAdvantage, ref)
	var effect i18n.Message
	if figure == "" {
		effect = i18n.M("report.summary.effect_bare", m.FocalProduct(), name, phrase)
	} else {
		effect = i18n.M("report.summary.effect", m.FocalProduct(), name, phrase, figure)
	}
	var also any = ""
	if e.Compliance == benchmark.VerdictShortfall {
		also = i18n.M("report.summary.also_less_compliant", rates)
	}
	s.Message = i18n.M("report.summary.sentence", effect, also)
	return s
}

// effectPhrase is "显著高于雅安" and the like: the direction of a
// significant difference, in words that fit the indicator's direction.
func (m *Report) effectPhrase(direction string, favourable bool, ref any) i18n.Message {
	switch {
	case direction == benchmark.DirectionRange && favourable:
		return i18n.M("report.summary.effect_phrase.closer", ref)
	case direction == benchmark.DirectionRange:
		return i18n.M("report.summary.effect_phrase.further", ref)
	case (direction == benchmark.DirectionHigher) == favourable:
		return i18n.M("report.summary.effect_phrase.higher", ref)
	default:
		return i18n.M("report.summary.effect_phrase.lower", ref)
	}
}

// complianceRates is "合格率 83.3%（参比 100.0%）": the compliance rates of
// the focal region and of the reference.
func (m *Report) complianceRates(indicator, reference string) any {
	ip := m.profiles[indicator]
	if ip == nil {
		return Missing
	}
	ref := ip.Pooled
	if reference != benchmark.PooledReference {
		ref = ip.Regions[reference]
	}
	return i18n.M("report.summary.rates", complianceRate(ip.Regions[m.in.Design.FocalRegion]), complianceRate(ref))
}

// complianceRate is compliant/n as a percentage, or Missing when the
// indicator has no limit.
func complianceRate(s benchmark.Summary) string {
	if s.Compliant == nil {
		return Missing
	}
	return FormatRate(*s.Compliant, s.N)
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

// JoinList is "雅安、峨眉山" / "Ya'an and Emeishan".
func (m *Report) JoinList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return m.p.Sprintf("report.list_last", strings.Join(items[:len(items)-1], m.p.Sprintf("report.list_sep")), items[len(items)-1])
}
