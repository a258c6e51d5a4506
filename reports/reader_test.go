package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
	"github.com/qbench/qbench/internal/gen"
	"github.com/qbench/qbench/lab"
)

// The rules of a report a bureau can sign (issue 11), each checked on the
// demo study's PDF as a reader reads it: pdftotext page by page.

// demoInput is the green tea demo study as the CLI reads it, with its
// findings and the SHA-256 of its data annex.
func demoInput(t testing.TB) Input {
	t.Helper()
	d, err := benchmark.ParseDesign(examples.GreenTeaDesign)
	if err != nil {
		t.Fatal(err)
	}
	table, err := lab.Parse(bytes.NewReader(examples.GreenTeaResults), lab.CSV)
	if err != nil {
		t.Fatal(err)
	}
	results, err := lab.Check(d, table, lab.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	findings, err := benchmark.ParseFindings(examples.GreenTeaFindings, d)
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	var annex bytes.Buffer
	if err := WriteDataAnnex(&annex, d, results); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(annex.Bytes())
	return Input{Design: d, Results: results, Profile: p, Findings: findings, DataAnnexSHA256: hex.EncodeToString(sum[:])}
}

// readPages renders in and returns the PDF's path and its pages' text.
func readPages(t *testing.T, in Input, lang, name string) (string, []string) {
	t.Helper()
	path := writePDF(t, render(t, in, lang), name)
	return path, pages(pdftotext(t, path, "-layout"))
}

// body is the pages before the first annex: the part a reader reads.
func body(t *testing.T, ps []string, annexHeading string) []string {
	t.Helper()
	for i, p := range ps {
		if i > 2 && strings.Contains(p, annexHeading+"  ") || i > 2 && regexp.MustCompile(`(?m)^\s*`+annexHeading+`\s`).MatchString(p) {
			return ps[:i]
		}
	}
	t.Fatalf("no page starts %q", annexHeading)
	return nil
}

// section is the text from the page holding heading to the next heading
// of the same chapter, squeezed.
func section(ps []string, heading, next string) string {
	all := squeeze(strings.Join(ps, ""))
	// The contents list every heading first: take the last occurrence.
	i := strings.LastIndex(all, squeeze(heading))
	if i < 0 {
		return ""
	}
	rest := all[i:]
	if j := strings.Index(rest[1:], squeeze(next)); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

func TestReaderChineseReport(t *testing.T) {
	in := demoInput(t)
	d := in.Design
	path, ps := readPages(t, in, "zh", "reader-zh.pdf")
	all := squeeze(strings.Join(ps, ""))
	bodyPages := body(t, ps, "附录 A")
	bodyText := strings.Join(bodyPages, "\n")

	t.Run("no English in the body", func(t *testing.T) {
		for _, ind := range d.Indicators {
			for _, w := range []string{ind.NameEn, ind.Code} {
				if regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(w) + `\b`).MatchString(bodyText) {
					t.Errorf("the Chinese body names indicator %s in English: %q", ind.Code, w)
				}
			}
		}
		// Latin letters only where the data hold them: sample and study
		// codes, standards, units, the lab's accreditation, the report
		// number.
		allowed := map[string]bool{}
		words := regexp.MustCompile(`[A-Za-z]+`)
		// A–D are the annexes referred to.
		data := []string{d.Code, d.Lab.Accreditation, in.Findings.Report.Number, "mg/kg", "A B C D"}
		for _, s := range d.Samples {
			data = append(data, s.Code, s.Enterprise, s.Brand, s.Batch)
		}
		for _, ind := range d.Indicators {
			data = append(data, ind.Method, ind.Standard, ind.Unit)
			if ind.Claim != nil {
				data = append(data, ind.Claim.Standard)
			}
		}
		for _, s := range data {
			for _, w := range words.FindAllString(s, -1) {
				allowed[w] = true
			}
		}
		bad := map[string]bool{}
		for _, w := range words.FindAllString(bodyText, -1) {
			if !allowed[w] && !bad[w] {
				bad[w] = true
				t.Errorf("English word %q in the Chinese body", w)
			}
		}
	})
	t.Run("no nearly empty page but a chapter's last", func(t *testing.T) {
		shortPages(t, ps)
	})
	t.Run("no 持平", func(t *testing.T) {
		if strings.Contains(all, "持平") {
			t.Error("the report says 持平")
		}
	})
	t.Run("contents", func(t *testing.T) {
		if !strings.Contains(squeeze(ps[1]), "目录") {
			t.Error("page 2 has no 目录")
		}
	})
	t.Run("cover", func(t *testing.T) {
		cover := squeeze(ps[0])
		info := in.Findings.Report
		for _, want := range []string{"编制单位" + info.Issuer, "报告编号" + info.Number, "报告日期2016年6月20日",
			"编制：" + info.PreparedBy, "审核：" + info.ReviewedBy, "批准：" + info.ApprovedBy} {
			if !strings.Contains(cover, squeeze(want)) {
				t.Errorf("the cover lacks %q", want)
			}
		}
		out, err := exec.Command("pdfinfo", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`(?m)^Author:\s+` + regexp.QuoteMeta(info.Issuer) + `$`).Match(out) {
			t.Errorf("the PDF's author is not the issuer:\n%s", out)
		}
	})
	t.Run("never detected", func(t *testing.T) {
		// Bifenthrin was never detected in Ya'an: 未检出（< L）, no mean.
		sec := section(bodyPages, "5.15 联苯菊酯", "5.16")
		if !strings.Contains(sec, squeeze("雅安10 0/10（0.0%）未检出（< 0.005）")) {
			t.Errorf("bifenthrin: no 未检出（< 0.005）for Ya'an in %q", sec)
		}
		// Detection rate and the highest detected value of the focal region.
		if !strings.Contains(sec, squeeze("7/12（58.3%） 0.236")) {
			t.Errorf("bifenthrin: no detection rate and highest detected value in %q", sec)
		}
	})
	t.Run("non-compliant sample named", func(t *testing.T) {
		sec := section(bodyPages, "1.2 不合格样品", "1.3")
		if !strings.Contains(sec, squeeze("BZ-05 巴中 巴中示例茶企E 一级 吡虫啉 0.620 ≤ 0.5 GB 2763-2021")) {
			t.Errorf("the 不合格样品 table lacks BZ-05 with its enterprise: %q", sec)
		}
	})
	t.Run("claim rate", func(t *testing.T) {
		sec := section(bodyPages, "标识达标情况", "优势指标")
		for _, want := range []string{"富硒 ≥ 0.25 mg/kg（GH/T 1090-2014）", "富硒达标率", "巴中（比对产区） 12 8/12（66.7%）"} {
			if !strings.Contains(sec, squeeze(want)) {
				t.Errorf("claims: no %q in %q", want, sec)
			}
		}
	})
	t.Run("plain words", func(t *testing.T) {
		for _, want := range []string{"巴中绿茶的硒含量显著高于参比产区合并样本", "联苯菊酯残留量显著高于",
			"合格率 83.3%，参比 100.0%", "差异较小（< 5%）"} {
			if !strings.Contains(all, squeeze(want)) {
				t.Errorf("no %q", want)
			}
		}
		for _, stat := range []string{"q <", "q =", "p(MW)", "Hedges"} {
			if strings.Contains(bodyText, stat) {
				t.Errorf("statistic %q in the body", stat)
			}
		}
		if !strings.Contains(all, squeeze("附录 D 检验统计量")) || !strings.Contains(section(ps, "附录 D 检验统计量", "第 999 页"), "p(MW)") {
			t.Error("no statistics annex with p(MW)")
		}
	})
	t.Run("missing result stated", func(t *testing.T) {
		if sec := section(bodyPages, "5.14 铅", "5.15"); !strings.Contains(sec, squeeze("缺少该指标检测结果的样品 1 个（EM-07）")) {
			t.Errorf("the lead section does not say that EM-07 has no result: %q", sec)
		}
	})
	t.Run("method count", func(t *testing.T) {
		if !strings.Contains(all, "共涉及15项方法标准") {
			t.Error("the method count is not 15")
		}
	})
	t.Run("sample list and grid", func(t *testing.T) {
		list := section(ps, "附录 B 样品清单", "附录 C")
		if !strings.Contains(list, squeeze("BZ-01 巴中 巴中示例茶企A 巴山雀舌 特级 20160301 2016-03-01 巴中市示例超市一号店")) {
			t.Errorf("the sample list lacks the sampling record: %.300q", list)
		}
		grid := section(ps, "附录 C 原始数据", "附录 D")
		if !strings.Contains(grid, squeeze("样品编号 感官审评总分（分） 水分（%）")) || !strings.Contains(grid, "BZ-01") ||
			!strings.Contains(grid, in.DataAnnexSHA256) {
			t.Errorf("Appendix C is not a sample × indicator grid naming the annex: %.300q", grid)
		}
	})
}

func TestReaderEnglishReport(t *testing.T) {
	in := demoInput(t)
	d := in.Design
	_, ps := readPages(t, in, "en", "reader-en.pdf")
	bodyText := strings.Join(body(t, ps, "Annex A"), "\n")
	// Proper names the design gives only in Chinese (enterprises, brands,
	// places, people) are printed as they are; nothing else is Chinese.
	var names []string
	for _, s := range d.Samples {
		names = append(names, s.Enterprise, s.Brand, s.SampledAt)
	}
	r := in.Findings.Report
	names = append(names, r.PreparedBy, r.ReviewedBy, r.ApprovedBy)
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	for _, n := range names {
		if n != "" {
			bodyText = strings.ReplaceAll(bodyText, n, "")
		}
	}
	for _, line := range strings.Split(bodyText, "\n") {
		if strings.IndexFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			t.Errorf("Chinese in the English body: %q", strings.TrimSpace(line))
		}
	}
	shortPages(t, ps)
	all := squeeze(strings.Join(ps, ""))
	for _, want := range []string{"notdetected(<0.005)", "IssuedbyBazhongBureauofQualityandTechnicalSupervision(demo)",
		"ReportNo.BZZJ-2016-017", squeeze(catalogs["en"].s("report.findings.untranslated"))} {
		if !strings.Contains(all, want) {
			t.Errorf("the English report lacks %q", want)
		}
	}
}

// shortPages fails for a page of fewer than 6 lines of text (running
// header and footer aside) that is not the last of a chapter: the next
// page must start a chapter or an annex.
func shortPages(t *testing.T, ps []string) {
	t.Helper()
	chapterStart := regexp.MustCompile(`^\s*(\d+|附录 [A-Z]|Annex [A-Z])\s+\S`)
	lines := func(p string) []string {
		var out []string
		for _, l := range strings.Split(p, "\n") {
			if strings.TrimSpace(l) != "" {
				out = append(out, l)
			}
		}
		return out
	}
	for i := 0; i+1 < len(ps); i++ {
		body := lines(ps[i])
		if len(body) >= 8 { // header + 6 lines + footer
			continue
		}
		next := lines(ps[i+1])
		if len(next) < 2 || !chapterStart.MatchString(next[1]) {
			t.Errorf("page %d holds %d lines and is not a chapter's last: %q", i+1, len(body)-2, body)
		}
	}
}

// TestReaderTooFewSamples: with one sample per region nothing can be
// compared, and the summary says so first; a comparison with a side of
// fewer than 2 samples is said to be impossible to judge.
func TestReaderTooFewSamples(t *testing.T) {
	full := demoInput(t)
	d := *full.Design
	d.Samples = nil
	seen := map[string]bool{}
	for _, s := range full.Design.Samples {
		if !seen[s.Region] {
			seen[s.Region] = true
			d.Samples = append(d.Samples, s)
		}
	}
	var results []benchmark.Result
	for _, res := range full.Results {
		if d.Sample(res.Sample) != nil {
			results = append(results, res)
		}
	}
	p, err := benchmark.Analyze(&d, results)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Design: &d, Results: results, Profile: p}
	_, ps := readPages(t, in, "zh", "one-sample-zh.pdf")
	summary := section(ps, "1.1 背景与目的", "1.2")
	first := squeeze(catalogs["zh"].s("report.summary.one_sample"))
	if !strings.HasPrefix(strings.TrimPrefix(summary, squeeze("1.1 背景与目的")), first) {
		t.Errorf("the summary does not open with the one-sample notice: %.200q", summary)
	}
	all := squeeze(strings.Join(ps, ""))
	if strings.Contains(all, squeeze("各产区综合得分与排名")) || strings.Contains(all, "优势指标指") {
		t.Error("a one-sample study is ranked or profiled")
	}
	if !strings.Contains(all, squeeze(catalogs["zh"].s("report.results.insufficient_note"))) {
		t.Error("no comparison is said to be impossible to judge")
	}
}

// TestReaderLargeStudy: 100 indicators × 10 regions × 100 samples gives a
// report of at most 80 pages, the raw data in the annex (BENCHMARKS.md
// records the time).
func TestReaderLargeStudy(t *testing.T) {
	d, results, err := gen.Study(gen.Options{Regions: 10, SamplesPerRegion: 100, Indicators: 100, Replicates: 1, NDShare: 0.1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Design: d, Results: results, Profile: p, DataAnnexSHA256: strings.Repeat("ab", 32)}
	start := time.Now()
	pdf := render(t, in, "zh")
	t.Logf("100 × 10 × 100: %d bytes in %v", len(pdf), time.Since(start))
	ps := pages(pdftotext(t, writePDF(t, pdf, "large-zh.pdf")))
	if len(ps) > 80 {
		t.Errorf("%d pages, want at most 80", len(ps))
	}
	if !strings.Contains(squeeze(strings.Join(ps, "")), in.DataAnnexSHA256) {
		t.Error("the large report does not name its data annex")
	}
}

// BenchmarkRenderLargeStudy renders the 100-indicator × 10-region ×
// 100-sample study (BENCHMARKS.md: at most 80 pages in under 2 s).
func BenchmarkRenderLargeStudy(b *testing.B) {
	d, results, err := gen.Study(gen.Options{Regions: 10, SamplesPerRegion: 100, Indicators: 100, Replicates: 1, NDShare: 0.1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkRender(b, Input{Design: d, Results: results, Profile: p, DataAnnexSHA256: strings.Repeat("ab", 32)})
}

// BenchmarkDataAnnexLargeStudy writes the XLSX data annex of the same
// study (100,000 results).
func BenchmarkDataAnnexLargeStudy(b *testing.B) {
	d, results, err := gen.Study(gen.Options{Regions: 10, SamplesPerRegion: 100, Indicators: 100, Replicates: 1, NDShare: 0.1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteDataAnnex(&buf, d, results); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/annex")
}
