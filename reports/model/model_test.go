package model

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/lab"
)

// smallInput reads the hand-made study of ../testdata/small: its design,
// its results through lab (as an upload would), and the profile computed
// independently with scipy (make_fixture.py).
func smallInput(t *testing.T) Input {
	t.Helper()
	dir := filepath.Join("..", "testdata", "small")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	d, err := benchmark.ParseDesign(read("design.json"))
	if err != nil {
		t.Fatal(err)
	}
	table, err := lab.Parse(bytes.NewReader(read("results.json")), lab.JSON)
	if err != nil {
		t.Fatal(err)
	}
	results, err := lab.Check(d, table, lab.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var p benchmark.Profile
	if err := json.Unmarshal(read("profile.json"), &p); err != nil {
		t.Fatal(err)
	}
	findings, err := benchmark.ParseFindings(read("findings.json"), d)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Design: d, Results: results, Profile: &p, Findings: findings}
}

func build(t *testing.T, in Input, lang i18n.Lang) *Report {
	t.Helper()
	m, err := New(in, lang)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func comparison(ip *benchmark.IndicatorProfile, ref string) *benchmark.Comparison {
	for i := range ip.Comparisons {
		if ip.Comparisons[i].Reference == ref {
			return &ip.Comparisons[i]
		}
	}
	return nil
}

func TestRegions(t *testing.T) {
	m := build(t, smallInput(t), i18n.ZH)
	var got []string
	for _, r := range m.Regions {
		got = append(got, r.Code+"="+r.Label)
	}
	want := []string{"BZ=巴中（比对产区）", "YA=雅安", "LS=乐山"}
	if !slices.Equal(got, want) {
		t.Errorf("regions = %v, want %v", got, want)
	}
	if m.Regions[0].Role != RegionRole(0) || m.Regions[2].Role != RegionRole(2) {
		t.Errorf("region roles = %v, %v", m.Regions[0].Role, m.Regions[2].Role)
	}
	if en := build(t, smallInput(t), i18n.EN); en.Regions[0].Label != "Bazhong (focal)" {
		t.Errorf("en focal label = %q", en.Regions[0].Label)
	}
}

// TestSummaryModel: which sentences the summary says, with which
// arguments, and how they read in both languages.
func TestSummaryModel(t *testing.T) {
	in := smallInput(t)
	zh, en := build(t, in, i18n.ZH), build(t, in, i18n.EN)
	s := zh.Summary
	if s.Headline.Key != "report.summary.headline" {
		t.Fatalf("headline key = %q", s.Headline.Key)
	}
	if got := zh.Printer().Message(s.Headline); got != "与参比产区合并样本相比，巴中绿茶在 9 项指标中有优势指标 3 项、短板指标 2 项。" {
		t.Errorf("zh headline = %q", got)
	}
	if got := en.Printer().Message(en.Summary.Headline); got != "Compared with the pooled reference regions, Bazhong green tea shows 3 advantages and 2 shortfalls in 9 indicators." {
		t.Errorf("en headline = %q", got)
	}

	// One group per reference, pooled first, each with the profile's
	// entries in the profile's order.
	for _, c := range []struct {
		ps      ProfileSentences
		entries []benchmark.ProfileEntry
	}{{s.Advantages, in.Profile.Advantages}, {s.Shortfalls, in.Profile.Shortfalls}} {
		var refs, got, want []string
		for _, g := range c.ps.Groups {
			refs = append(refs, g.Reference)
			for _, sen := range g.Sentences {
				got = append(got, sen.Indicator+"/"+sen.Reference)
			}
		}
		for _, e := range c.entries {
			want = append(want, e.Indicator+"/"+e.Reference)
		}
		if !slices.Equal(refs, []string{benchmark.PooledReference, "YA", "LS"}) {
			t.Errorf("groups = %v", refs)
		}
		if !slices.Equal(got, want) {
			t.Errorf("sentences = %v, want the profile's %v", got, want)
		}
	}

	sentence := func(m *Report, ps ProfileSentences, ind, ref string) (Sentence, string) {
		for _, g := range ps.Groups {
			for _, sen := range g.Sentences {
				if sen.Indicator == ind && sen.Reference == ref {
					return sen, m.Printer().Message(sen.Message)
				}
			}
		}
		t.Fatalf("no sentence for %s/%s", ind, ref)
		return Sentence{}, ""
	}
	ip := in.Profile.Indicators[slices.IndexFunc(in.Profile.Indicators, func(ip benchmark.IndicatorProfile) bool { return ip.Code == "selenium" })]
	sel := comparison(&ip, benchmark.PooledReference)
	sen, text := sentence(zh, s.Advantages, "selenium", benchmark.PooledReference)
	if sen.Verdict != benchmark.VerdictAdvantage {
		t.Errorf("selenium verdict = %q", sen.Verdict)
	}
	// Plain words: the quantity named, the relative difference in
	// brackets, no test statistic (those are in the appendix).
	if want := "巴中绿茶的硒含量显著高于参比产区合并样本（" + FormatPercent(sel.RelDiff) + "）。"; text != want {
		t.Errorf("zh selenium sentence = %q, want %q", text, want)
	}
	if _, text := sentence(en, en.Summary.Advantages, "selenium", benchmark.PooledReference); !strings.HasPrefix(text,
		"Selenium content of Bazhong green tea is significantly higher than in the pooled reference regions ("+FormatPercent(sel.RelDiff)+")") {
		t.Errorf("en selenium sentence = %q", text)
	}
	sen, text = sentence(zh, s.Shortfalls, "lead", "YA")
	if sen.Compliance != benchmark.VerdictShortfall || sen.Message.Args[0].(i18n.Message).Key != "report.summary.compliance" {
		t.Errorf("lead/YA is not a compliance sentence: %+v", sen)
	}
	if text != "巴中绿茶的铅合格率低于雅安（合格率 83.3%，参比 100.0%）。" {
		t.Errorf("zh lead sentence = %q", text)
	}
	if _, text := sentence(en, en.Summary.Shortfalls, "lead", "YA"); text != "Lead of Bazhong green tea meets its limits less often than in Ya'an (compliance rate 83.3% vs 100.0%)." {
		t.Errorf("en lead sentence = %q", text)
	}
}

// TestBarsModel: one bar per directional indicator, its value the pooled
// comparison's relative difference turned to the favourable side, its
// colour the verdict's, most favourable first.
func TestBarsModel(t *testing.T) {
	in := smallInput(t)
	m := build(t, in, i18n.ZH)
	c := m.Bars
	directional := 0
	for _, ind := range in.Design.Indicators {
		if ind.Direction != benchmark.DirectionNone {
			directional++
		}
	}
	if len(c.Bars) != directional {
		t.Fatalf("%d bars, want %d", len(c.Bars), directional)
	}
	for i, b := range c.Bars {
		ind := in.Design.Indicator(b.Indicator)
		ip := m.profiles[b.Indicator]
		cmp := comparison(ip, benchmark.PooledReference)
		// A compliance shortfall is a shortfall in the chart too.
		role, suffix := VerdictRole(cmp.Verdict), ""
		if cmp.Compliance == benchmark.VerdictShortfall {
			role, suffix = RoleShortfall, m.Printer().Sprintf("report.charts.bars.less_compliant")
		}
		if b.Source != SourceRelDiff || b.Verdict != cmp.Verdict || b.Role != role {
			t.Errorf("%s: source %q, verdict %q role %v; comparison says %q", b.Indicator, b.Source, b.Verdict, b.Role, cmp.Verdict)
		}
		if cmp.RelDiff == nil {
			if b.Value != nil || b.ValueLabel != Missing {
				t.Errorf("%s: a bar without a relative difference has value %v", b.Indicator, b.Value)
			}
			continue
		}
		want := benchmark.FavourableSign(ind.Direction) * *cmp.RelDiff
		if b.Value == nil || *b.Value != want || b.ValueLabel != FormatPercent(&want)+suffix {
			t.Errorf("%s: value %v %q, want %v", b.Indicator, b.Value, b.ValueLabel, want)
		}
		if i > 0 && c.Bars[i-1].Value != nil && *c.Bars[i-1].Value < *b.Value {
			t.Errorf("bars not ordered most favourable first at %s", b.Indicator)
		}
		if b.Clipped != (math.Abs(*b.Value) > c.Axis.Max) || math.Abs(b.Shown) > c.Axis.Max {
			t.Errorf("%s: shown %v clipped %v on an axis to %v", b.Indicator, b.Shown, b.Clipped, c.Axis.Max)
		}
	}
	if c.Axis.Min != -c.Axis.Max || c.Axis.Ticks[0].Value != c.Axis.Min || c.Axis.Ticks[len(c.Axis.Ticks)-1].Value != c.Axis.Max {
		t.Errorf("axis %v–%v with ticks %v is not symmetric", c.Axis.Min, c.Axis.Max, c.Axis.Ticks)
	}
	if mid := c.Axis.Ticks[len(c.Axis.Ticks)/2]; mid.Value != 0 || mid.Label != "0%" {
		t.Errorf("middle tick = %+v", mid)
	}
	var legend []string
	for _, e := range c.Legend {
		legend = append(legend, e.Label+":"+e.Role.String())
	}
	if want := []string{"优势:advantage", "短板:shortfall", "差异不显著:parity", "样本不足:insufficient"}; !slices.Equal(legend, want) {
		t.Errorf("legend = %v", legend)
	}
}

// TestBarsClipExtreme: one huge relative difference is cut at three times
// the upper quartile and marked, with its full value in the label.
func TestBarsClipExtreme(t *testing.T) {
	in := smallInput(t)
	p := *in.Profile
	p.Indicators = slices.Clone(p.Indicators)
	for i := range p.Indicators {
		ip := &p.Indicators[i]
		if ip.Code != "lead" {
			continue
		}
		ip.Comparisons = slices.Clone(ip.Comparisons)
		huge := -13.64 // lower is better: +1364 % once turned
		comparison(ip, benchmark.PooledReference).RelDiff = &huge
	}
	in.Profile = &p
	c := build(t, in, i18n.EN).Bars
	b := c.Bars[0]
	if b.Indicator != "lead" || !b.Clipped || b.Shown != c.Axis.Max || !strings.HasPrefix(b.ValueLabel, "+1364.0%") {
		t.Errorf("extreme bar = %+v on an axis to %v", b, c.Axis.Max)
	}
	if c.Axis.Max >= 13.64/2 {
		t.Errorf("the axis follows the extreme value: %v", c.Axis.Max)
	}
}

func TestRadarModel(t *testing.T) {
	in := smallInput(t)
	rd := build(t, in, i18n.EN).Radar
	if len(rd.Axes) != len(in.Profile.Radar) || !rd.Named {
		t.Fatalf("%d axes (named %v), want %d named", len(rd.Axes), rd.Named, len(in.Profile.Radar))
	}
	if len(rd.Series) != 3 || !rd.Series[0].Focal || rd.Series[0].Region != "BZ" {
		t.Fatalf("series = %+v", rd.Series)
	}
	for _, s := range rd.Series {
		for _, p := range s.Points {
			if want := in.Profile.Radar[p.Axis].Values[s.Region]; p.Value != want {
				t.Errorf("%s on %s = %v, want %v", s.Region, rd.Axes[p.Axis].Indicator, p.Value, want)
			}
		}
	}
	if rd.Axes[0].Label != "Water extract" && rd.Axes[0].Indicator == "water_extract" {
		t.Errorf("axis label = %q", rd.Axes[0].Label)
	}
	if a := Angle(0, 4); a != -math.Pi/2 {
		t.Errorf("first axis points to %v, want up", a)
	}

	// Many axes are numbered, with a key.
	p := *in.Profile
	p.Radar = nil
	for i := range RadarMaxNamedAxes + 1 {
		p.Radar = append(p.Radar, benchmark.RadarAxis{Indicator: in.Profile.Radar[i%len(in.Profile.Radar)].Indicator,
			Values: map[string]float64{"BZ": 50}})
	}
	in.Profile = &p
	many := build(t, in, i18n.ZH).Radar
	if many.Named || many.Axes[9].Label != "10" || !strings.HasPrefix(many.Axes[9].Key, "10  ") {
		t.Errorf("numbered radar: named %v, axis 10 = %+v", many.Named, many.Axes[9])
	}
	// Fewer than 3 axes: no chart.
	p.Radar = p.Radar[:2]
	if few := build(t, in, i18n.ZH).Radar; len(few.Axes) != 0 || few.Empty.Key != "report.charts.radar.too_few" {
		t.Errorf("2 axes gave %d axes", len(few.Axes))
	}
}

// TestDotsModel: the dot plots show every sample with a result, with the
// engine's sample values and non-detect state, the profile's means, and
// the limit lines.
func TestDotsModel(t *testing.T) {
	in := smallInput(t)
	m := build(t, in, i18n.ZH)
	var got []string
	for _, p := range m.Dots.Plots {
		got = append(got, p.Indicator)
	}
	// The advantage and shortfall profiles' indicators, in design order.
	if want := []string{"water_extract", "amino_acids", "moisture", "selenium", "lead"}; !slices.Equal(got, want) {
		t.Fatalf("dot plots = %v, want %v", got, want)
	}
	values, err := benchmark.SampleValues(in.Design, in.Results)
	if err != nil {
		t.Fatal(err)
	}
	for _, plot := range m.Dots.Plots {
		var want []benchmark.SampleValue
		for _, iv := range values {
			if iv.Indicator == plot.Indicator {
				want = iv.Samples
			}
		}
		n := 0
		censored := m.Censored(plot.Indicator)
		for _, col := range plot.Columns {
			// No mean line where non-detects would make it partly invented.
			mean := m.profiles[plot.Indicator].Regions[col.Region].Mean
			if censored {
				mean = nil
			}
			if (mean == nil) != (col.Mean == nil) || (mean != nil && *mean != *col.Mean) {
				t.Errorf("%s/%s: mean %v, profile %v", plot.Indicator, col.Region, col.Mean, mean)
			}
			for _, d := range col.Dots {
				i := slices.IndexFunc(want, func(v benchmark.SampleValue) bool { return v.Sample == d.Sample })
				// A non-detect lies at its limit of detection.
				value := 0.0
				if i >= 0 {
					value = want[i].Value
					if want[i].NonDetect {
						value = *want[i].LOD
					}
				}
				if i < 0 || want[i].Region != col.Region || value != d.Value || want[i].NonDetect != d.NonDetect {
					t.Errorf("%s: dot %+v is not the engine's sample value", plot.Indicator, d)
				}
				if d.Value < plot.Axis.Min || d.Value > plot.Axis.Max || d.Jitter < -0.5 || d.Jitter >= 0.5 {
					t.Errorf("%s: dot %+v outside the axis %v–%v", plot.Indicator, d, plot.Axis.Min, plot.Axis.Max)
				}
				n++
			}
		}
		if n != len(want) {
			t.Errorf("%s: %d dots for %d samples with results", plot.Indicator, n, len(want))
		}
	}
	lead := m.Dots.Plots[4]
	if lead.Title != "铅（mg/kg）" {
		t.Errorf("lead title = %q", lead.Title)
	}
	nd := 0
	for _, col := range lead.Columns {
		for _, d := range col.Dots {
			if d.NonDetect {
				nd++
				if d.LOD == nil {
					t.Errorf("non-detect %s has no LOD", d.Sample)
				}
			}
		}
	}
	if nd == 0 {
		t.Error("the lead plot lost its non-detects")
	}
	if len(lead.Lines) != 1 || lead.Lines[0].Value != 5 || lead.Axis.Max < 5 {
		t.Errorf("lead lines = %+v on axis to %v", lead.Lines, lead.Axis.Max)
	}
	// A limit far above the data is named at the edge, not drawn: it
	// would squash the samples onto the axis.
	d := *in.Design
	d.Indicators = slices.Clone(d.Indicators)
	far := 500.0
	d.Indicators[slices.IndexFunc(d.Indicators, func(i benchmark.Indicator) bool { return i.Code == "lead" })].LimitMax = &far
	in.Design = &d
	lead = build(t, in, i18n.ZH).Dots.Plots[4]
	if len(lead.Lines) != 0 || len(lead.OffScale) != 1 || lead.OffScale[0].Label != "↑ 500" || lead.OffScale[0].Below ||
		lead.OffScale[0].Role != RoleLimit || lead.Axis.Max >= 500 {
		t.Errorf("far limit: lines %+v, off scale %+v, axis to %v", lead.Lines, lead.OffScale, lead.Axis.Max)
	}
	moisture := m.Dots.Plots[2]
	if len(moisture.Lines) != 1 || moisture.Lines[0].Value != 7 || moisture.Lines[0].Kind != LineLimit || moisture.Axis.Max < 7 {
		t.Errorf("moisture lines = %+v on axis to %v", moisture.Lines, moisture.Axis.Max)
	}
	var legend []string
	for _, e := range m.Dots.Legend {
		legend = append(legend, e.Label)
	}
	if want := []string{"检出", "未检出", "均值", "限量", "目标区间", "标识要求", "不合格样品"}; !slices.Equal(legend, want) {
		t.Errorf("legend = %v", legend)
	}
}

func TestNarrativeKeysExist(t *testing.T) {
	m := build(t, smallInput(t), i18n.EN)
	msgs := []i18n.Message{m.Summary.Purpose, m.Summary.Headline, m.Bars.Intro, m.Bars.Caption, m.Bars.Empty,
		m.Radar.Intro, m.Radar.Caption, m.Radar.Empty, m.Dots.Intro, m.Dots.Caption, m.Dots.Empty}
	for _, msg := range msgs {
		for _, lang := range i18n.Langs {
			p := i18n.For(lang)
			if !p.Has(msg.Key) {
				t.Errorf("%s: no key %q", lang, msg.Key)
			}
			if text := p.Message(msg); strings.Contains(text, "%!") {
				t.Errorf("%s: %q words as %q", lang, msg.Key, text)
			}
		}
	}
}

func TestPalette(t *testing.T) {
	seen := map[RGB]Role{}
	for r := RoleText; r < roleRegion; r++ {
		if other, dup := seen[r.RGB()]; dup && r != RoleAdvantage && other != RoleAdvantage {
			t.Errorf("%v and %v share a colour", r, other)
		}
		seen[r.RGB()] = r
		if r.String() == "" || strings.HasPrefix(r.String(), "Role(") {
			t.Errorf("role %d has no name", r)
		}
	}
	if RegionRole(0).RGB() != RoleAdvantage.RGB() || RegionRole(11) != RegionRole(0) {
		t.Error("the focal region is not the advantage blue, or region colours do not repeat after 11")
	}
	if RoleShortfall.RGB().Hex() != "#d55e00" || RegionRole(2).String() != "region-2" {
		t.Errorf("hex %q, name %q", RoleShortfall.RGB().Hex(), RegionRole(2).String())
	}
	if VerdictRole(benchmark.VerdictInsufficient) == VerdictRole(benchmark.VerdictParity) {
		t.Error("insufficient and parity share a role")
	}
}

// TestResultsModel: the results chapter's tables carry the profile's
// figures, rounded per METHOD.md §6, coloured by verdict.
func TestResultsModel(t *testing.T) {
	in := smallInput(t)
	m := build(t, in, i18n.EN)
	if len(m.Results) != len(in.Design.Indicators) {
		t.Fatalf("%d result sections for %d indicators", len(m.Results), len(in.Design.Indicators))
	}
	for i, res := range m.Results {
		ind := &in.Design.Indicators[i]
		ip := m.profiles[ind.Code]
		if res.Indicator != ind.Code || res.Analysed != (ip != nil) {
			t.Fatalf("section %d = %s (analysed %v)", i, res.Indicator, res.Analysed)
		}
		if !res.Analysed {
			continue
		}
		rows := res.Stats.Rows
		if len(rows) != 4 || !rows[0].Focal || rows[0].Label != "Bazhong (focal)" || rows[3].Region != benchmark.PooledReference {
			t.Fatalf("%s: stats rows %+v", ind.Code, rows)
		}
		dec := ind.DecimalsOrDefault()
		for _, row := range rows {
			s := ip.Pooled
			if row.Region != benchmark.PooledReference {
				s = ip.Regions[row.Region]
			}
			// A censored indicator shows no mean of substituted values:
			// the range mean_lb–mean_ub, or 未检出 for a region never
			// detected.
			mean := FormatValue(s.Mean, dec)
			if res.Censored {
				mean = MeanBounds(s, dec)
				if s.Detected == 0 {
					mean = m.NotDetected(m.detection(ind.Code, row.Region).LOD)
				}
			}
			if row.N != s.N || row.Mean.Text != mean || row.SD.Text != FormatValue(s.SD, dec+1) ||
				row.Max.Text != FormatValue(s.Max, dec) || row.Detected != s.Detected {
				t.Errorf("%s/%s: row %+v, summary %+v", ind.Code, row.Region, row, s)
			}
			if (s.Compliant == nil) != (row.Compliant.Text == Missing) || ind.HasLimit() == (row.Compliant.Text == Missing) {
				t.Errorf("%s/%s: compliant %q with limit %v", ind.Code, row.Region, row.Compliant.Text, ind.HasLimit())
			}
		}
		if len(res.Comparisons.Rows) != len(ip.Comparisons) {
			t.Fatalf("%s: %d comparison rows", ind.Code, len(res.Comparisons.Rows))
		}
		for k, row := range res.Comparisons.Rows {
			c := ip.Comparisons[k]
			if row.Reference != c.Reference || row.Q.Text != FormatP(c.Q) || row.RelDiff.Text != FormatPercent(c.RelDiff) ||
				row.Verdict.Role != VerdictTextRole(c.Verdict) || row.Verdict.Text != m.ComparisonVerdict(c) {
				t.Errorf("%s/%s: comparison row %+v, comparison %+v", ind.Code, c.Reference, row, c)
			}
		}
		rangeNote := slices.ContainsFunc(res.Notes, func(n i18n.Message) bool { return n.Key == "report.results.range_note" })
		if (ind.Direction == benchmark.DirectionRange) != rangeNote {
			t.Errorf("%s: range note %v", ind.Code, rangeNote)
		}
	}
	if h := m.Results[slices.IndexFunc(m.Results, func(r IndicatorResults) bool { return r.Indicator == "selenium" })].Heading; h != "Selenium" {
		t.Errorf("selenium heading = %q", h)
	}
	if got := LimitText(ptr(0.25), ptr(4.0)) + " " + LimitText(ptr(34.0), nil) + " " + LimitText(nil, ptr(5.0)); got != "0.25–4 ≥ 34 ≤ 5" {
		t.Errorf("limits = %q", got)
	}
}

func TestMethodStandards(t *testing.T) {
	d := &benchmark.Design{Indicators: []benchmark.Indicator{
		{Method: "GB/T 8313-2018"}, {Method: "GB/T 8313-2018; GB/T 8314-2013"}, {Method: "GB/T 8314-2013"},
		{Method: "GB 5009.12-2017；GB  5009.3-2016"}, {Method: " "}, {Method: "GB 5009.3-2016"},
	}}
	want := []string{"GB/T 8313-2018", "GB/T 8314-2013", "GB 5009.12-2017", "GB 5009.3-2016"}
	if got := MethodStandards(d); !slices.Equal(got, want) {
		t.Errorf("MethodStandards = %q, want %q", got, want)
	}
}
