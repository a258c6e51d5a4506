package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"gonum.org/v1/gonum/stat/distuv"
)

// loadFixture reads testdata/<dir>/{design,results,profile,findings}.json.
// The small fixture's profile was computed independently with scipy
// (testdata/small/make_fixture.py).
func loadFixture(t testing.TB, dir string) Input {
	t.Helper()
	var in Input
	var results struct {
		Results []benchmark.Result `json:"results"`
	}
	readJSON(t, filepath.Join("testdata", dir, "design.json"), &in.Design)
	readJSON(t, filepath.Join("testdata", dir, "results.json"), &results)
	readJSON(t, filepath.Join("testdata", dir, "profile.json"), &in.Profile)
	readJSON(t, filepath.Join("testdata", dir, "findings.json"), &in.Findings)
	for i := range results.Results {
		if err := parseReported(&results.Results[i]); err != nil {
			t.Fatalf("%s results[%d]: %v", dir, i, err)
		}
	}
	in.Results = results.Results
	in.Date = DateFromData(in.Design, in.Results)
	return in
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// parseReported fills Value, NonDetect and LOD from the reported text as
// the results format defines it: a number, "ND", or "<x".
func parseReported(r *benchmark.Result) error {
	switch {
	case r.Reported == "ND":
		r.NonDetect = true
	case strings.HasPrefix(r.Reported, "<"):
		lod, err := strconv.ParseFloat(r.Reported[1:], 64)
		if err != nil {
			return err
		}
		r.NonDetect, r.LOD = true, &lod
	default:
		v, err := strconv.ParseFloat(r.Reported, 64)
		if err != nil {
			return err
		}
		r.Value = &v
	}
	return nil
}

var (
	syntheticRegions = [][2]string{
		{"巴中", "Bazhong"}, {"雅安", "Ya'an"}, {"乐山", "Leshan"}, {"广元", "Guangyuan"}, {"宜宾", "Yibin"},
		{"达州", "Dazhou"}, {"眉山", "Meishan"}, {"泸州", "Luzhou"}, {"绵阳", "Mianyang"}, {"南充", "Nanchong"},
	}
	syntheticIndicators = []struct {
		name, nameEn, unit, direction string
		mean, sd                      float64
		limitMin, limitMax, lod       float64
	}{
		{"水浸出物", "Water extract", "%", benchmark.DirectionHigher, 39, 1.5, 34, 0, 0},
		{"水分", "Moisture", "%", benchmark.DirectionLower, 6.2, 0.4, 0, 7, 0},
		{"茶多酚", "Tea polyphenols", "%", benchmark.DirectionHigher, 19.8, 1.2, 11, 0, 0},
		{"水溶性灰分碱度", "", "%", benchmark.DirectionRange, 2.3, 0.6, 0, 0, 0},
		{"咖啡碱", "Caffeine", "%", benchmark.DirectionNone, 3.45, 0.15, 0, 0, 0},
		{"铅", "Lead", "mg/kg", benchmark.DirectionLower, 0.5, 0.2, 0, 5, 0.02},
		{"游离氨基酸总量", "Free amino acids", "%", benchmark.DirectionHigher, 3.5, 0.2, 0, 0, 0},
		{"联苯菊酯", "Bifenthrin", "mg/kg", benchmark.DirectionLower, 0.004, 0.004, 0, 5, 0.005},
		{"硒", "Selenium", "mg/kg", benchmark.DirectionHigher, 0.15, 0.05, 0, 0, 0},
		{"粗纤维", "Crude fibre", "%", benchmark.DirectionLower, 12, 1.5, 0, 16.5, 0},
	}
)

// syntheticInput builds a study of nIndicators × nRegions with perRegion
// samples each, one result per sample and indicator, and a profile from
// analyzeForTest. It is for load and layout, not a reference analysis.
func syntheticInput(nIndicators, nRegions, perRegion int) Input {
	rng := rand.New(rand.NewPCG(uint64(nIndicators), uint64(nRegions*1000+perRegion)))
	alpha := 0.05
	d := &benchmark.Design{
		Code: fmt.Sprintf("SYN-%dx%d", nIndicators, nRegions), Title: "巴中绿茶质量比对（扩展指标）",
		TitleEn: "Bazhong green tea quality comparison (extended indicator set)", Product: "绿茶", ProductEn: "green tea",
		FocalRegion: "R01",
		Lab:         &benchmark.Lab{Code: "SCTQ", Name: "四川省产品质量监督检验检测院", Accreditation: "CNAS L1234"},
		Settings:    &benchmark.Settings{Alpha: &alpha},
	}
	for i := range nRegions {
		names := syntheticRegions[i%len(syntheticRegions)]
		suffix := ""
		if i >= len(syntheticRegions) {
			suffix = fmt.Sprint(i / len(syntheticRegions))
		}
		d.Regions = append(d.Regions, benchmark.Region{Code: fmt.Sprintf("R%02d", i+1), Name: names[0] + suffix, NameEn: names[1] + suffix})
	}
	for i := range nIndicators {
		base := syntheticIndicators[i%len(syntheticIndicators)]
		round := i / len(syntheticIndicators)
		ind := benchmark.Indicator{
			Code: fmt.Sprintf("ind_%03d", i+1), Name: base.name, NameEn: base.nameEn, Unit: base.unit,
			Direction: base.direction, Method: fmt.Sprintf("GB/T %d-2013", 8300+i),
		}
		if round > 0 {
			ind.Name += fmt.Sprint(round + 1)
			if ind.NameEn != "" {
				ind.NameEn += fmt.Sprint(" ", round+1)
			}
		}
		decimals := 1
		if base.mean < 1 {
			decimals = 3
		}
		ind.Decimals = &decimals
		if base.limitMin > 0 {
			ind.LimitMin = ptr(base.limitMin)
		}
		if base.limitMax > 0 {
			ind.LimitMax = ptr(base.limitMax)
		}
		if base.lod > 0 {
			ind.LOD = ptr(base.lod)
		}
		if base.direction == benchmark.DirectionRange {
			ind.TargetMin, ind.TargetMax = ptr(1.0), ptr(3.0)
		}
		d.Indicators = append(d.Indicators, ind)
	}
	grades := []string{"特级", "一级", "二级"}
	for _, reg := range d.Regions {
		for k := range perRegion {
			d.Samples = append(d.Samples, benchmark.Sample{
				Code: fmt.Sprintf("%s-%02d", reg.Code, k+1), Region: reg.Code,
				Enterprise: fmt.Sprintf("%s茶业有限公司 %d", reg.Name, k%3+1), Grade: grades[k%3],
				CollectedOn: fmt.Sprintf("2016-04-%02d", 1+k%28), Source: "market",
			})
		}
	}
	// Each region shifts each indicator's mean by up to ±1.5 SD.
	shift := make([][]float64, nRegions)
	for r := range shift {
		shift[r] = make([]float64, nIndicators)
		for i := range shift[r] {
			shift[r][i] = (rng.Float64()*2 - 1) * 1.5
		}
	}
	var results []benchmark.Result
	for si, s := range d.Samples {
		r := si / perRegion
		for i := range d.Indicators {
			ind := &d.Indicators[i]
			base := syntheticIndicators[i%len(syntheticIndicators)]
			v := base.mean + base.sd*(shift[r][i]+rng.NormFloat64())
			res := benchmark.Result{Sample: s.Code, Indicator: ind.Code, Replicate: 1, Unit: ind.Unit,
				Method: ind.Method, Lab: "SCTQ", TestedOn: fmt.Sprintf("2016-05-%02d", 1+(si+i)%28), Analyst: "李明"}
			if ind.LOD != nil && v < *ind.LOD {
				res.Reported, res.NonDetect = "ND", true
			} else {
				v = math.Max(v, 0)
				res.Reported = strconv.FormatFloat(v, 'f', *ind.Decimals, 64)
				parsed, _ := strconv.ParseFloat(res.Reported, 64)
				res.Value = &parsed
			}
			results = append(results, res)
		}
	}
	findings := &benchmark.Findings{
		Causes:          []benchmark.Cause{{Indicator: d.Indicators[0].Code, Text: "原因分析示例：产区海拔和加工工艺不同。"}},
		Conclusions:     []string{"结论示例。"},
		Recommendations: []string{"建议示例一。", "建议示例二。"},
	}
	return Input{Design: d, Results: results, Profile: analyzeForTest(d, results), Findings: findings,
		Date: DateFromData(d, results)}
}

func ptr[T any](v T) *T { return &v }

// analyzeForTest follows shared/METHOD.md for what the report shows. The
// Mann–Whitney p uses the normal approximation only. It exists because
// benchmark.Analyze is developed concurrently; the scipy fixture is the
// reference for exact numbers.
func analyzeForTest(d *benchmark.Design, results []benchmark.Result) *benchmark.Profile {
	s := d.Effective()
	p := &benchmark.Profile{Study: d.Code, FocalRegion: d.FocalRegion, References: d.References(), Settings: s}
	refs := append([]string{benchmark.PooledReference}, d.References()...)
	wanted := map[string]bool{}
	for _, ind := range d.Indicators {
		wanted[ind.Code] = true
	}
	values := sampleValues(d, results, wanted, s.NDSubstitution)
	type regionValues = map[string][]float64
	comparison := map[string]regionValues{} // indicator → region → comparison variable
	for _, ind := range d.Indicators {
		ip := benchmark.IndicatorProfile{Code: ind.Code, Direction: ind.Direction, Regions: map[string]benchmark.Summary{}}
		x, y := regionValues{}, regionValues{}
		var pooledX []float64
		var pooledPts []samplePoint
		for _, reg := range d.Regions {
			for _, pt := range values[ind.Code][reg.Code] {
				x[reg.Code] = append(x[reg.Code], pt.value)
				y[reg.Code] = append(y[reg.Code], distance(&ind, pt.value))
				if reg.Code != d.FocalRegion {
					pooledX = append(pooledX, pt.value)
					pooledPts = append(pooledPts, pt)
				}
			}
			ip.Regions[reg.Code] = summarize(&ind, x[reg.Code], values[ind.Code][reg.Code])
		}
		ip.Pooled = summarize(&ind, pooledX, pooledPts)
		for _, ref := range refs {
			b := y[ref]
			refSummary := ip.Regions[ref]
			if ref == benchmark.PooledReference {
				b = nil
				for _, r := range d.References() {
					b = append(b, y[r]...)
				}
				refSummary = ip.Pooled
			}
			c := compare(y[d.FocalRegion], b)
			c.Reference = ref
			c.Compliance = complianceVerdict(ip.Regions[d.FocalRegion], refSummary)
			ip.Comparisons = append(ip.Comparisons, c)
		}
		comparison[ind.Code] = y
		p.Indicators = append(p.Indicators, ip)
	}
	// Benjamini–Hochberg per reference, then verdicts.
	for k := range refs {
		var family []*benchmark.Comparison
		for i := range p.Indicators {
			c := &p.Indicators[i].Comparisons[k]
			if p.Indicators[i].Direction != benchmark.DirectionNone && c.Verdict != benchmark.VerdictInsufficient {
				family = append(family, c)
			}
		}
		sort.SliceStable(family, func(a, b int) bool { return *family[a].P < *family[b].P })
		q := 1.0
		for j := len(family) - 1; j >= 0; j-- {
			q = math.Min(q, *family[j].P*float64(len(family))/float64(j+1))
			family[j].Q = ptr(q)
		}
	}
	for i := range p.Indicators {
		ip := &p.Indicators[i]
		for k := range ip.Comparisons {
			c := &ip.Comparisons[k]
			if c.Verdict == benchmark.VerdictInsufficient {
				continue
			}
			if ip.Direction == benchmark.DirectionNone {
				c.Q = c.P
			}
			significant := *c.Q <= s.Alpha && (c.RelDiff == nil || math.Abs(*c.RelDiff) >= s.MinRelDiff)
			sign := directionSign(ip.Direction)
			switch {
			case sign == 0 && significant && *c.Diff > 0:
				c.Verdict = benchmark.VerdictHigher
			case sign == 0 && significant:
				c.Verdict = benchmark.VerdictLower
			case sign == 0:
				c.Verdict = benchmark.VerdictSimilar
			case significant && sign**c.Diff > 0:
				c.Verdict = benchmark.VerdictAdvantage
			case significant:
				c.Verdict = benchmark.VerdictShortfall
			default:
				c.Verdict = benchmark.VerdictParity
			}
			entry := benchmark.ProfileEntry{Indicator: ip.Code, Reference: c.Reference, Diff: c.Diff, RelDiff: c.RelDiff,
				HedgesG: c.HedgesG, Q: c.Q, Verdict: c.Verdict, Compliance: c.Compliance}
			if c.Verdict == benchmark.VerdictAdvantage {
				p.Advantages = append(p.Advantages, entry)
			}
			if c.Verdict == benchmark.VerdictShortfall || c.Compliance == benchmark.VerdictShortfall {
				p.Shortfalls = append(p.Shortfalls, entry)
			}
		}
	}
	refOrder := indexOf(len(refs), func(i int) string { return refs[i] })
	byProfileOrder := func(a, b benchmark.ProfileEntry) int {
		abs := func(v *float64) float64 {
			if v == nil {
				return -1
			}
			return math.Abs(*v)
		}
		return cmp.Or(cmp.Compare(refOrder[a.Reference], refOrder[b.Reference]),
			cmp.Compare(abs(b.HedgesG), abs(a.HedgesG)), cmp.Compare(abs(b.RelDiff), abs(a.RelDiff)),
			cmp.Compare(a.Indicator, b.Indicator))
	}
	slices.SortFunc(p.Advantages, byProfileOrder)
	slices.SortFunc(p.Shortfalls, byProfileOrder)
	p.Composite, p.Radar = compositeAndRadar(d, comparison)
	return p
}

func distance(ind *benchmark.Indicator, x float64) float64 {
	if ind.Direction != benchmark.DirectionRange {
		return x
	}
	return math.Max(math.Max(*ind.TargetMin-x, 0), x-*ind.TargetMax)
}

func summarize(ind *benchmark.Indicator, xs []float64, pts []samplePoint) benchmark.Summary {
	s := benchmark.Summary{N: len(xs)}
	if ind.HasLimit() {
		n := 0
		for _, pt := range pts {
			ok := (ind.LimitMax == nil || pt.value <= *ind.LimitMax) && (ind.LimitMin == nil || (!pt.nonDetect && pt.value >= *ind.LimitMin))
			if ok {
				n++
			}
		}
		s.Compliant = &n
	}
	for _, pt := range pts {
		if !pt.nonDetect {
			s.Detected++
		}
	}
	if len(xs) == 0 {
		return s
	}
	sorted := slices.Sorted(slices.Values(xs))
	m, v := meanVar(xs)
	s.Mean, s.Min, s.Max = ptr(m), ptr(sorted[0]), ptr(sorted[len(sorted)-1])
	s.Median = ptr((sorted[(len(xs)-1)/2] + sorted[len(xs)/2]) / 2)
	if len(xs) >= 2 {
		s.SD = ptr(math.Sqrt(v))
	}
	return s
}

func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	if len(xs) > 1 {
		variance /= float64(len(xs) - 1)
	}
	return mean, variance
}

func compare(a, b []float64) benchmark.Comparison {
	var c benchmark.Comparison
	if len(a) > 0 && len(b) > 0 {
		ma, _ := meanVar(a)
		mb, _ := meanVar(b)
		c.Diff = ptr(ma - mb)
		if mb != 0 {
			c.RelDiff = ptr((ma - mb) / math.Abs(mb))
		}
	}
	if len(a) < 2 || len(b) < 2 {
		c.Verdict = benchmark.VerdictInsufficient
		return c
	}
	na, nb := float64(len(a)), float64(len(b))
	_, va := meanVar(a)
	_, vb := meanVar(b)
	se2 := va/na + vb/nb
	switch {
	case se2 == 0 && *c.Diff == 0:
		c.T, c.P = ptr(0.0), ptr(1.0)
	case se2 == 0:
		c.P = ptr(0.0)
	default:
		t := *c.Diff / math.Sqrt(se2)
		df := se2 * se2 / ((va/na)*(va/na)/(na-1) + (vb/nb)*(vb/nb)/(nb-1))
		c.T, c.DF = ptr(t), ptr(df)
		c.P = ptr(2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t)))
	}
	c.PMannWhitney = ptr(mannWhitneyNormal(a, b))
	if sp2 := ((na-1)*va + (nb-1)*vb) / (na + nb - 2); sp2 > 0 {
		c.HedgesG = ptr((1 - 3/(4*(na+nb)-9)) * *c.Diff / math.Sqrt(sp2))
	}
	return c
}

// mannWhitneyNormal is the two-sided Mann–Whitney p by the normal
// approximation with tie and continuity correction.
func mannWhitneyNormal(a, b []float64) float64 {
	type obs struct {
		v     float64
		focal bool
	}
	var all []obs
	for _, v := range a {
		all = append(all, obs{v, true})
	}
	for _, v := range b {
		all = append(all, obs{v, false})
	}
	slices.SortFunc(all, func(x, y obs) int { return cmp.Compare(x.v, y.v) })
	n, na, nb := float64(len(all)), float64(len(a)), float64(len(b))
	rankSum, ties := 0.0, 0.0
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		rank := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			if all[k].focal {
				rankSum += rank
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	u := rankSum - na*(na+1)/2
	sigma := math.Sqrt(na * nb / 12 * ((n + 1) - ties/(n*(n-1))))
	if sigma == 0 {
		return 1
	}
	z := (math.Abs(u-na*nb/2) - 0.5) / sigma
	return math.Min(1, 2*distuv.UnitNormal.Survival(math.Max(z, 0)))
}

func complianceVerdict(focal, ref benchmark.Summary) string {
	if focal.Compliant == nil || ref.Compliant == nil || focal.N == 0 || ref.N == 0 {
		return benchmark.ComplianceNone
	}
	switch lhs, rhs := *focal.Compliant*ref.N, *ref.Compliant*focal.N; {
	case lhs < rhs:
		return benchmark.VerdictShortfall
	case lhs > rhs:
		return benchmark.VerdictAdvantage
	}
	return benchmark.VerdictParity
}

func compositeAndRadar(d *benchmark.Design, y map[string]map[string][]float64) ([]benchmark.CompositeScore, []benchmark.RadarAxis) {
	weighted, weights := map[string]float64{}, map[string]float64{}
	var radar []benchmark.RadarAxis
	for _, ind := range d.Indicators {
		sign := directionSign(ind.Direction)
		if sign == 0 {
			continue
		}
		var all []float64
		means := map[string]float64{}
		for _, reg := range d.Regions {
			if vs := y[ind.Code][reg.Code]; len(vs) > 0 {
				all = append(all, vs...)
				means[reg.Code], _ = meanVar(vs)
			}
		}
		if m, v := meanVar(all); len(all) >= 2 && v > 0 {
			for code, rm := range means {
				weighted[code] += ind.WeightOrDefault() * sign * (rm - m) / math.Sqrt(v)
				weights[code] += ind.WeightOrDefault()
			}
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, rm := range means {
			lo, hi = math.Min(lo, sign*rm), math.Max(hi, sign*rm)
		}
		axis := benchmark.RadarAxis{Indicator: ind.Code, Values: map[string]float64{}}
		for code, rm := range means {
			axis.Values[code] = 50
			if hi > lo {
				axis.Values[code] = 100 * (sign*rm - lo) / (hi - lo)
			}
		}
		radar = append(radar, axis)
	}
	var scores []benchmark.CompositeScore
	for _, reg := range d.Regions {
		sc := benchmark.CompositeScore{Region: reg.Code}
		if weights[reg.Code] > 0 {
			sc.Score = ptr(weighted[reg.Code] / weights[reg.Code])
		}
		scores = append(scores, sc)
	}
	slices.SortStableFunc(scores, func(a, b benchmark.CompositeScore) int {
		switch {
		case a.Score != nil && b.Score != nil:
			return cmp.Compare(*b.Score, *a.Score)
		case a.Score != nil:
			return -1
		case b.Score != nil:
			return 1
		}
		return 0
	})
	for i := range scores {
		if scores[i].Score != nil {
			scores[i].Rank = ptr(i + 1)
		}
	}
	return scores, radar
}
